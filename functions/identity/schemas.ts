import * as z from 'zod/mini';
import { approvalActions } from '#domain/identity/approval.ts';
import { roles } from '#domain/identity/roles.ts';
import { maxEmailLength, maxPasswordLength, userLocales, userStatuses } from '#domain/identity/user.ts';
import {
  Cursor,
  Id,
  IsoDateTime,
  Limit,
  LocationId,
  pageOf,
  defineRoutes,
} from '#functions/shared/schemas.ts';

/**
 * Identity API shapes. The field rules (username format, password rules, role and store) are the
 * domain's (domain/identity/user.ts) and answer 400 with the field named; these schemas check types
 * and bounds. No schema here ever carries a password hash.
 */
export const Role = z.enum(roles);

export const UserStatus = z.enum(userStatuses);

export const User = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  email: z.optional(z.string()),
  role: Role,
  storeId: z.optional(LocationId),
  status: UserStatus,
  locale: z.optional(z.enum(userLocales)),
  createdAt: IsoDateTime,
  updatedAt: z.optional(IsoDateTime),
});

const Username = z.string().check(z.trim(), z.minLength(1), z.maxLength(64));
const Password = z.string().check(z.minLength(1), z.maxLength(maxPasswordLength));
const Email = z.string().check(z.trim(), z.maxLength(maxEmailLength));
const DisplayName = z.string().check(z.trim(), z.maxLength(80));

export const LoginBody = z.strictObject({ username: Username, password: Password });

/** A new pair of tokens: signing in, refreshing, changing one's password. */
export const LoginResponse = z.object({
  token: z.string(),
  expiresAt: IsoDateTime,
  refreshToken: z.string(),
  refreshExpiresAt: IsoDateTime,
  user: z.object({
    id: Id,
    username: z.string(),
    displayName: z.string(),
    role: Role,
    storeId: z.optional(LocationId),
    locale: z.optional(z.enum(userLocales)),
  }),
});

export const RegisterBody = z.strictObject({
  username: Username,
  password: Password,
  email: Email,
  displayName: z.optional(DisplayName),
});

export const CreateUserBody = z.strictObject({
  username: Username,
  password: Password,
  role: Role,
  storeId: z.optional(LocationId),
  email: z.optional(Email),
  displayName: z.optional(DisplayName),
});

/** `PATCH /me`: what a user may change about themselves. */
export const UpdateMeBody = z.strictObject({ locale: z.enum(userLocales) });

export const ListUsersQuery = z.strictObject({ limit: Limit, cursor: z.optional(Cursor) });

export const RefreshBody = z.strictObject({ refreshToken: z.string().check(z.maxLength(200)) });

export const UserParams = z.strictObject({ userId: Id });

/** At least one field; `storeId: null` removes the store (a role other than cashier drops it anyway). */
export const UpdateUserBody = z
  .strictObject({
    status: z.optional(UserStatus),
    role: z.optional(Role),
    storeId: z.optional(z.nullable(LocationId)),
    displayName: z.optional(DisplayName),
  })
  .check(
    z.refine((b) => Object.keys(b).length > 0, {
      message: 'name at least one of status, role, storeId, displayName',
    }),
  );

export const ResetPasswordBody = z.strictObject({ password: Password });

export const ChangePasswordBody = z.strictObject({ currentPassword: Password, newPassword: Password });

/** `POST /auth/approvals`: a manager's credentials entered at a till, and what they approve. */
export const ApprovalBody = z.strictObject({
  username: Username,
  password: Password,
  action: z.enum(approvalActions),
  amountCents: z.optional(z.int().check(z.minimum(0), z.maximum(100_000_000))),
  storeId: LocationId,
});

export const ApprovalResponse = z.object({
  approvalToken: z.string(),
  approvedBy: z.object({ userId: Id, username: z.string() }),
  action: z.enum(approvalActions),
  storeId: LocationId,
  amountCents: z.optional(z.int()),
  expiresAt: IsoDateTime,
});

/** The identity routes' contracts (functions/shared/contract.ts). */
export const identityApi = defineRoutes({
  'POST /auth/login': { body: LoginBody, responses: { 200: LoginResponse } },
  'POST /auth/register': { body: RegisterBody, responses: { 201: User }, problems: [409] },
  'GET /me': { responses: { 200: User } },
  'PATCH /me': { body: UpdateMeBody, responses: { 200: User }, problems: [409] },
  'POST /users': { body: CreateUserBody, responses: { 201: User }, problems: [409] },
  'GET /users': { query: ListUsersQuery, responses: { 200: pageOf(User) } },
  'POST /auth/refresh': { body: RefreshBody, responses: { 200: LoginResponse } },
  'PATCH /users/{userId}': {
    params: UserParams,
    body: UpdateUserBody,
    responses: { 200: User },
    problems: [409, 422],
  },
  'POST /users/{userId}/password': {
    params: UserParams,
    body: ResetPasswordBody,
    responses: { 204: null },
    problems: [409],
  },
  'POST /me/password': { body: ChangePasswordBody, responses: { 200: LoginResponse }, problems: [409] },
  'POST /auth/approvals': { body: ApprovalBody, responses: { 200: ApprovalResponse } },
});

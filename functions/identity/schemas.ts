import * as z from 'zod/mini';
import { roles } from '#domain/identity/roles.ts';
import { maxEmailLength, maxPasswordLength, userLocales } from '#domain/identity/user.ts';
import {
  Cursor,
  Id,
  IsoDateTime,
  Limit,
  LocationId,
  pageOf,
  type RouteDoc,
} from '#functions/shared/schemas.ts';

/**
 * Identity API shapes. The field rules (username format, password rules, role and store) are the
 * domain's (domain/identity/user.ts) and answer 400 with the field named; these schemas check types
 * and bounds. No schema here ever carries a password hash.
 */
export const Role = z.enum(roles);

export const User = z.object({
  id: Id,
  username: z.string(),
  displayName: z.string(),
  email: z.optional(z.string()),
  role: Role,
  storeId: z.optional(LocationId),
  locale: z.optional(z.enum(userLocales)),
  createdAt: IsoDateTime,
});

const Username = z.string().check(z.trim(), z.minLength(1), z.maxLength(64));
const Password = z.string().check(z.minLength(1), z.maxLength(maxPasswordLength));
const Email = z.string().check(z.trim(), z.maxLength(maxEmailLength));
const DisplayName = z.string().check(z.trim(), z.maxLength(80));

export const LoginBody = z.strictObject({ username: Username, password: Password });

export const LoginResponse = z.object({
  token: z.string(),
  expiresAt: IsoDateTime,
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

export const identityApi: Record<string, RouteDoc> = {
  'POST /auth/login': { body: LoginBody, response: LoginResponse },
  'POST /auth/register': { body: RegisterBody, response: User, status: 201 },
  'GET /me': { response: User },
  'PATCH /me': { body: UpdateMeBody, response: User },
  'POST /users': { body: CreateUserBody, response: User, status: 201 },
  'GET /users': { query: ListUsersQuery, response: pageOf(User) },
};

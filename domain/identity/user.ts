import { RuleViolation } from '../shared/errors.ts';
import { commonPasswords } from './common-passwords.ts';
import { isRole, storeIds, type Role } from './roles.ts';
import { m } from '../shared/message.ts';

/**
 * A user of the platform. The password is not part of the user: the identity adapter keeps its hash
 * beside the user item and never hands it out.
 *
 * Invariants:
 * - `username` is 3–32 letters, digits, `.`, `_` or `-`, starting with a letter or a digit; it keeps
 *   the case it was registered with but is unique case-insensitively (`usernameKey`);
 * - `email`, when present, is unique case-insensitively (`emailKey`);
 * - a cashier is bound to exactly one store (`store-1` … `store-5`); other roles have no store;
 * - a `disabled` user cannot sign in, refresh a session or use a token issued before (a manager
 *   disables and enables users; see `changeUser`).
 */
export type UserStatus = 'active' | 'disabled';
export const userStatuses: readonly UserStatus[] = ['active', 'disabled'];

export interface User {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly email?: string;
  readonly role: Role;
  readonly storeId?: string;
  readonly status: UserStatus;
  /** The language the user chose for the apps (absent: never chose; the apps then show French). */
  readonly locale?: UserLocale;
  readonly createdAt: string;
  /** Last change by a manager or by the user (role, store, status, name, password). */
  readonly updatedAt?: string;
}

/** The languages of the apps: Québec French first, Canadian English on the switch. */
export const userLocales = ['fr-CA', 'en-CA'] as const;
export type UserLocale = (typeof userLocales)[number];

export interface UserDraft {
  readonly username: string;
  readonly displayName?: string | undefined;
  readonly email?: string | undefined;
  readonly role: Role;
  readonly storeId?: string | undefined;
}

export const usernameRule = /^[A-Za-z0-9][A-Za-z0-9._-]{2,31}$/;
/** Deliberately simple: one @, no spaces, a dot in the domain; deliverability is the mail system's job. */
export const emailRule = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
export const maxEmailLength = 254;
export const minPasswordLength = 10;
/** scrypt hashes any length, but an unbounded input is a cheap way to make the server work hard. */
export const maxPasswordLength = 128;

/** The key a username is unique and found by. */
export const usernameKey = (username: string): string => username.trim().toLowerCase();
export const emailKey = (email: string): string => email.trim().toLowerCase();

export function checkUsername(username: string): void {
  if (!usernameRule.test(username))
    throw new RuleViolation(
      'username',
      'username must be 3–32 letters, digits, ".", "_" or "-", starting with a letter or a digit',
    );
}

export function checkEmail(email: string): void {
  if (email.length > maxEmailLength || !emailRule.test(email))
    throw new RuleViolation('email', 'email must be an address such as name@example.com');
}

/** Password rules, checked when a password is chosen (never at login, so old passwords keep working). */
export function checkPassword(password: string, username: string): void {
  if (password.length < minPasswordLength)
    throw new RuleViolation('password', m`password must be at least ${minPasswordLength} characters`);
  if (password.length > maxPasswordLength)
    throw new RuleViolation('password', m`password must be at most ${maxPasswordLength} characters`);
  const lowered = password.toLowerCase();
  if (lowered === usernameKey(username))
    throw new RuleViolation('password', 'password must not be the username');
  if (commonPasswords.has(lowered))
    throw new RuleViolation('password', 'password is one of the most common passwords; choose another');
  if (new Set(password).size < 3)
    throw new RuleViolation('password', 'password must use at least 3 different characters');
}

export const maxDisplayNameLength = 80;

function checkDisplayName(displayName: string): void {
  if (displayName.length > maxDisplayNameLength)
    throw new RuleViolation('displayName', m`display name is at most ${maxDisplayNameLength} characters`);
}

export function checkRoleAndStore(role: Role, storeId: string | undefined): void {
  if (!isRole(role)) throw new RuleViolation('role', 'role must be customer, cashier, manager or ops');
  if (role === 'cashier') {
    if (storeId === undefined) throw new RuleViolation('storeId', 'a cashier must be bound to a store');
    if (!storeIds.includes(storeId))
      throw new RuleViolation('storeId', m`storeId must be one of ${storeIds.join(', ')}`);
  } else if (storeId !== undefined) {
    throw new RuleViolation('storeId', m`only cashiers are bound to a store, not a ${role}`);
  }
}

/** A new user, or a RuleViolation naming the first field that breaks a rule. */
export function createUser(id: string, draft: UserDraft, password: string, now: string): User {
  const username = draft.username.trim();
  checkUsername(username);
  const email = draft.email?.trim();
  if (email !== undefined) checkEmail(email);
  checkRoleAndStore(draft.role, draft.storeId);
  checkPassword(password, username);
  const displayName = draft.displayName?.trim() || username;
  checkDisplayName(displayName);
  return {
    id,
    username,
    displayName,
    ...(email !== undefined ? { email } : {}),
    role: draft.role,
    ...(draft.storeId !== undefined ? { storeId: draft.storeId } : {}),
    status: 'active',
    createdAt: now,
  };
}

/**
 * What a manager may change on a user (`PATCH /users/{userId}`). `storeId: null` removes the store;
 * a role other than cashier drops the store by itself (only cashiers have one).
 */
export interface UserPatch {
  readonly status?: UserStatus | undefined;
  readonly role?: Role | undefined;
  readonly storeId?: string | null | undefined;
  readonly displayName?: string | undefined;
}

export type UserField = 'status' | 'role' | 'storeId' | 'displayName';

export interface UserChange {
  readonly user: User;
  /** The fields whose value changed; empty when the patch changed nothing. */
  readonly fields: readonly UserField[];
  /**
   * True when the user's tokens and sessions must stop working: disabled, or their role or store
   * changed (a token carries both, so an old one would grant what the user no longer has).
   */
  readonly revokesSessions: boolean;
}

/**
 * A manager's change to a user, or a RuleViolation naming the field. `actorId` is the manager: nobody
 * disables themselves or takes away their own manager role (the chain would be one step from having
 * no manager who can undo it).
 */
export function changeUser(user: User, patch: UserPatch, actorId: string, now: string): UserChange {
  const role = patch.role ?? user.role;
  const storeId =
    patch.storeId === null ? undefined : (patch.storeId ?? (role === 'cashier' ? user.storeId : undefined));
  checkRoleAndStore(role, storeId);
  const status = patch.status ?? user.status;
  const displayName =
    patch.displayName === undefined ? user.displayName : patch.displayName.trim() || user.username;
  checkDisplayName(displayName);
  if (user.id === actorId && status === 'disabled')
    throw new RuleViolation('status', 'you cannot disable your own account');
  if (user.id === actorId && user.role === 'manager' && role !== 'manager')
    throw new RuleViolation('role', 'you cannot take away your own manager role');
  const fields: UserField[] = [];
  if (status !== user.status) fields.push('status');
  if (role !== user.role) fields.push('role');
  if (storeId !== user.storeId) fields.push('storeId');
  if (displayName !== user.displayName) fields.push('displayName');
  if (fields.length === 0) return { user, fields, revokesSessions: false };
  const { storeId: _old, ...rest } = user;
  return {
    user: {
      ...rest,
      role,
      ...(storeId !== undefined ? { storeId } : {}),
      status,
      displayName,
      updatedAt: now,
    },
    fields,
    revokesSessions:
      (fields.includes('status') && status === 'disabled') ||
      fields.includes('role') ||
      fields.includes('storeId'),
  };
}

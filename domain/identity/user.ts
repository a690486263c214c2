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
 * - a cashier is bound to exactly one store (`store-1` … `store-5`); other roles have no store.
 */
export interface User {
  readonly id: string;
  readonly username: string;
  readonly displayName: string;
  readonly email?: string;
  readonly role: Role;
  readonly storeId?: string;
  /** The language the user chose for the apps (absent: never chose; the apps then show French). */
  readonly locale?: UserLocale;
  readonly createdAt: string;
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
  if (displayName.length > 80)
    throw new RuleViolation('displayName', 'display name is at most 80 characters');
  return {
    id,
    username,
    displayName,
    ...(email !== undefined ? { email } : {}),
    role: draft.role,
    ...(draft.storeId !== undefined ? { storeId: draft.storeId } : {}),
    createdAt: now,
  };
}

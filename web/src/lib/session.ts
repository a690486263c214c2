/**
 * The signed-in user, kept in localStorage so the four apps share one login on the same origin.
 * The token is a short-lived bearer JWT from POST /auth/login (15 minutes); the refresh token renews
 * it (`POST /auth/refresh`, lib/api.ts) for the length of a shift, so an active till never signs out in
 * the middle of a basket. The session is dropped once neither can be used any more.
 */
export type Role = 'customer' | 'cashier' | 'manager' | 'ops';

export interface User {
  readonly id: string;
  readonly username: string;
  readonly role: Role;
  readonly storeId?: string;
  /** The language the user chose (`fr-CA` or `en-CA`), when the server remembers it. */
  readonly locale?: string;
}

export interface Session {
  readonly token: string;
  readonly expiresAt: string;
  /** Trades for a new token (and a new refresh token) until `refreshExpiresAt`; used once each. */
  readonly refreshToken?: string;
  readonly refreshExpiresAt?: string;
  readonly user: User;
}

const key = 'comptoir.session';

export function currentSession(): Session | undefined {
  const raw = localStorage.getItem(key);
  if (!raw) return undefined;
  try {
    const s = JSON.parse(raw) as Session;
    if (!s.token || !s.user) throw new Error('incomplete session');
    const renewable = s.refreshToken && s.refreshExpiresAt && Date.parse(s.refreshExpiresAt) > Date.now();
    if (s.expiresAt && Date.parse(s.expiresAt) <= Date.now() && !renewable) throw new Error('expired');
    return s;
  } catch {
    localStorage.removeItem(key);
    return undefined;
  }
}

/** Whether the access token ends within `marginMs` (then it is renewed before use). */
export const needsRenewal = (s: Session, marginMs = 60_000): boolean =>
  Boolean(s.refreshToken) && Date.parse(s.expiresAt) - marginMs <= Date.now();

export function saveSession(s: Session): void {
  localStorage.setItem(key, JSON.stringify(s));
}

export function clearSession(): void {
  localStorage.removeItem(key);
}

/** Where each role lands after signing in. */
export const appOfRole: Record<Role, string> = {
  cashier: '/web/pos/',
  customer: '/web/shop/',
  manager: '/web/office/',
  ops: '/web/ops/',
};

/** The landing page's login form, coming back to `next` afterwards. */
export function loginUrl(next: string = location.pathname + location.search): string {
  return `/?next=${encodeURIComponent(next)}#login`;
}

/**
 * The signed-in user, kept in localStorage so the four apps share one login on the same origin.
 * The token is a bearer JWT from POST /auth/login; it is dropped once `expiresAt` has passed.
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
  readonly user: User;
}

const key = 'comptoir.session';

export function currentSession(): Session | undefined {
  const raw = localStorage.getItem(key);
  if (!raw) return undefined;
  try {
    const s = JSON.parse(raw) as Session;
    if (!s.token || !s.user) throw new Error('incomplete session');
    if (s.expiresAt && Date.parse(s.expiresAt) <= Date.now()) throw new Error('expired');
    return s;
  } catch {
    localStorage.removeItem(key);
    return undefined;
  }
}

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

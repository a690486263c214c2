import type { Role } from '#infra/spec/routes.ts';

/**
 * Who is calling, as the authorizer (AWS) or the local gateway put it in the request context. Its own
 * module so that access.ts and http.ts (which runs access.ts's checks) do not import each other.
 */
export interface Caller {
  readonly userId: string;
  readonly username: string;
  readonly role: Role;
  readonly storeId?: string;
}

/**
 * Who a user is to the chain. The route table (infra/spec/routes.ts) grants routes to these roles.
 * - `customer`: shops on the web shop, sees only their own carts and orders;
 * - `cashier`: works at exactly one store and acts only on it (reads the central warehouse stock too);
 * - `manager`: head office, sees and manages every location;
 * - `ops`: runs the platform (health, audit trail, events), no store business.
 */
export type Role = 'customer' | 'cashier' | 'manager' | 'ops';
export const roles: readonly Role[] = ['customer', 'cashier', 'manager', 'ops'];

export const isRole = (value: unknown): value is Role => roles.includes(value as Role);

/** The chain's stores, the only locations a cashier can be bound to. */
export const storeIds: readonly string[] = ['store-1', 'store-2', 'store-3', 'store-4', 'store-5'];

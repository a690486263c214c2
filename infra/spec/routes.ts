import type { BucketName } from './buckets.ts';
import { fulfilmentEvents, stockLedgerEvents, type EventName } from './events.ts';
import type { TableName } from './tables.ts';
import { checkoutBudget, type StateMachineName } from './state-machines.ts';
import { roles, type Role } from '../../domain/identity/roles.ts';

/**
 * The one route table: method, path, handler module, who may call it and which tables it touches.
 * The CDK stack makes one Lambda function and one HTTP API route per entry; the local gateway
 * routes requests with the same list. `handler` names `functions/<handler>.ts`, exporting `handler`.
 */
/** The roles are the identity context's (domain/identity/roles.ts); re-exported for the route table's users. */
export { roles, type Role };

/** `public`: no token needed; `signed-in`: any valid token; otherwise the roles allowed. */
export type Access = 'public' | 'signed-in' | readonly Role[];

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type DataScope = 'store' | 'customer' | 'store-or-customer' | 'self' | 'chain';

export interface RouteSpec {
  readonly method: HttpMethod;
  readonly path: string;
  readonly handler: string;
  readonly access: Access;
  /**
   * Path parameter naming a location: a cashier may act only where it equals their store
   * (reading `warehouse` stock is allowed to every cashier where `centralReadable`).
   */
  readonly storeParam?: string;
  readonly centralReadable?: boolean;
  /**
   * Whose data the route answers with or acts on, for a cashier or a customer: `store` — one store's
   * (a cashier: only their own, and the warehouse's where `centralReadable`); `customer` — one
   * customer's (only their own); `store-or-customer` — either (an order: a store's sale or a customer's
   * web order); `self` — the caller's own; `chain` — shared by the whole chain (locations).
   * Declared on every non-public route a cashier or a customer may call: the store-scope matrix test
   * (tests/integration/authorization-store-scope.test.ts) fails on one without it, and tries every
   * `store`/`customer` route with resources of another store and another customer.
   */
  readonly dataScope?: DataScope;
  /** The function signs bearer tokens: it gets read access to the JWT signing secret (JWT_SECRET_ARN). */
  readonly signsTokens?: boolean;
  /**
   * The function checks a manager's approval (`verifyApproval`, functions/identity/approvals.ts): it gets
   * read access to the JWT signing secret (JWT_SECRET_ARN) as signing functions do, and signs nothing.
   */
  readonly verifiesApprovals?: boolean;
  /**
   * Tables the handler uses. Each is granted read only (GetItem, BatchGetItem, Query on the table
   * and its indexes) unless listed in `writes`; no function is ever granted Scan.
   */
  readonly tables: readonly TableName[];
  /** S3 buckets the handler uses (its name in the bucket's variable): s3:GetObject under the bucket's key prefix. */
  readonly buckets?: readonly BucketName[];
  /**
   * Of `tables` and `buckets`, those the handler also writes: PutItem, UpdateItem, DeleteItem,
   * BatchWriteItem on a table; s3:PutObject on a bucket. A GET route writes nothing.
   */
  readonly writes?: readonly (TableName | BucketName)[];
  /**
   * Event types the handler's code can publish: its events:PutEvents is limited to them (their
   * source and detail-type, infra/spec/events.ts). Checked against the code by
   * tests/infra/published-events.test.ts.
   */
  readonly publishes?: readonly EventName[];
  /** API Gateway throttling of this route when not `throttleOf`'s default (see below). */
  readonly throttle?: Throttle;
  /** State machines the handler starts (CDK grants states:StartSyncExecution and sets their ARN variables). */
  readonly startsStateMachines?: readonly StateMachineName[];
  /** Lambda timeout when 10 s is not enough (a selling route waits for the checkout saga). */
  readonly timeoutSeconds?: number;
  readonly summary: string;
}

/** API Gateway throttling of one route: steady requests per second and the burst above it. */
export interface Throttle {
  readonly rateLimit: number;
  readonly burstLimit: number;
}

/**
 * Every route's limit unless it says otherwise (the stage's default route settings, which API
 * Gateway applies to each route separately). Sized for the chain: 5 stores of a few tills each
 * and the web shop stay far below it; a client looping on one route is cut off at it.
 */
export const defaultThrottle: Throttle = { rateLimit: 50, burstLimit: 100 };

/**
 * `/auth/*`: signing in and signing up hash a password (deliberately slow), so a flood of them is
 * refused at the edge long before it costs a Lambda each. The shift-start rush of every cashier of
 * the chain is a few logins per second at most. `/auth/refresh` hashes no password and says
 * `throttle: defaultThrottle`: every till and web customer renews its token every 15 minutes.
 */
export const authThrottle: Throttle = { rateLimit: 5, burstLimit: 10 };

/** The throttling API Gateway applies to a route: its own, `/auth/*`'s, or the default. */
export const throttleOf = (route: Pick<RouteSpec, 'path' | 'throttle'>): Throttle =>
  route.throttle ?? (route.path.startsWith('/auth/') ? authThrottle : defaultThrottle);

const staff: readonly Role[] = ['cashier', 'manager', 'ops'];

export const routes: readonly RouteSpec[] = [
  {
    method: 'GET',
    path: '/health',
    handler: 'ops/health',
    access: 'public',
    tables: [],
    summary: 'Liveness and versions',
  },
  {
    method: 'GET',
    path: '/openapi.json',
    handler: 'ops/openapi',
    access: 'public',
    tables: [],
    summary: 'This API as OpenAPI 3.1',
  },
  {
    method: 'GET',
    path: '/events',
    handler: 'ops/list-events',
    access: ['ops', 'manager'],
    tables: ['reporting'],
    summary: 'Audit trail: events of the bus, newest first, by type or correlation id',
  },
  {
    method: 'GET',
    path: '/products',
    handler: 'catalog/search-products',
    access: 'public',
    tables: ['catalog'],
    summary: 'Search products by words, SKU or barcode',
  },
  {
    method: 'GET',
    path: '/products/{productId}',
    handler: 'catalog/get-product',
    access: 'public',
    tables: ['catalog'],
    summary: 'One product',
  },
  {
    method: 'POST',
    path: '/products',
    handler: 'catalog/create-product',
    access: ['manager'],
    tables: ['catalog'],
    writes: ['catalog'],
    summary: 'Create a product',
  },
  {
    method: 'PATCH',
    path: '/products/{productId}',
    handler: 'catalog/update-product',
    access: ['manager'],
    tables: ['catalog'],
    writes: ['catalog'],
    summary: 'Update a product',
  },
  {
    method: 'GET',
    path: '/locations',
    handler: 'inventory/list-locations',
    access: staff,
    dataScope: 'chain',
    tables: ['inventory'],
    summary: 'Stores, warehouse and head office',
  },
  {
    method: 'GET',
    path: '/locations/{locationId}/stock',
    handler: 'inventory/get-location-stock',
    access: ['cashier', 'manager'],
    storeParam: 'locationId',
    centralReadable: true,
    dataScope: 'store',
    tables: ['inventory'],
    summary: 'Stock lines of a location',
  },
  {
    method: 'GET',
    path: '/stock/{productId}',
    handler: 'inventory/get-product-stock',
    access: staff,
    dataScope: 'store',
    tables: ['inventory'],
    summary: "A product's stock at every location",
  },
  {
    method: 'GET',
    path: '/stock/{productId}/movements',
    handler: 'inventory/list-movements',
    access: staff,
    dataScope: 'store',
    tables: ['inventory'],
    // The stock ledger's reads and writes are one class (StockLedger), so this module can reach its publishing code.
    publishes: [...stockLedgerEvents],
    summary: 'Stock movement ledger of a product at a location (?locationId=), newest first',
  },
  {
    method: 'POST',
    path: '/locations/{storeId}/replenishments',
    handler: 'inventory/request-replenishment',
    access: ['cashier', 'manager'],
    storeParam: 'storeId',
    dataScope: 'store',
    tables: ['inventory'],
    writes: ['inventory'],
    publishes: ['ReplenishmentRequested', ...stockLedgerEvents],
    summary: 'Ask the central warehouse for units (Idempotency-Key required); one open request per product',
  },
  {
    method: 'GET',
    path: '/locations/{storeId}/replenishments',
    handler: 'inventory/list-replenishments',
    access: ['cashier', 'manager'],
    storeParam: 'storeId',
    dataScope: 'store',
    tables: ['inventory'],
    // replenishmentDeps() builds the StockLedger (reads and writes in one class): its events are reachable.
    publishes: [...stockLedgerEvents],
    summary: "A store's replenishment requests, newest first",
  },
  {
    method: 'GET',
    path: '/replenishments/{replenishmentId}',
    handler: 'inventory/get-replenishment',
    access: staff,
    dataScope: 'store',
    tables: ['inventory'],
    // replenishmentDeps() builds the StockLedger (reads and writes in one class): its events are reachable.
    publishes: [...stockLedgerEvents],
    summary: 'One replenishment request with its status history',
  },
  {
    method: 'POST',
    path: '/locations/{locationId}/adjustments',
    handler: 'inventory/adjust-stock',
    access: ['manager'],
    tables: ['inventory'],
    writes: ['inventory'],
    publishes: [...stockLedgerEvents],
    summary: 'Adjust stock at a location by a signed quantity with a reason (Idempotency-Key required)',
  },
  {
    method: 'PUT',
    path: '/locations/{locationId}/stock/{productId}/thresholds',
    handler: 'inventory/set-thresholds',
    access: ['manager'],
    tables: ['inventory'],
    writes: ['inventory'],
    publishes: [...stockLedgerEvents],
    summary: 'Set the low / reorder / over thresholds of a product at a location (recorded in the ledger)',
  },
  {
    method: 'PUT',
    path: '/locations/{locationId}/stock/{productId}/reorder-rule',
    handler: 'inventory/set-reorder-rule',
    access: ['manager'],
    tables: ['inventory'],
    writes: ['inventory'],
    publishes: ['ReplenishmentRequested'],
    summary:
      "Set or remove a store line's reorder rule (below its reorder threshold, order up to a level); applied at once",
  },
  {
    method: 'POST',
    path: '/replenishments/{replenishmentId}/receipt',
    handler: 'inventory/confirm-replenishment',
    access: ['cashier', 'manager'],
    dataScope: 'store',
    tables: ['inventory'],
    writes: ['inventory'],
    publishes: ['ReplenishmentFulfilled', 'ReplenishmentRejected', ...stockLedgerEvents],
    summary:
      'The store confirms the units of a transfer that arrived (Idempotency-Key required); a shortfall is a discrepancy movement',
  },
  {
    method: 'GET',
    path: '/suppliers',
    handler: 'inventory/list-suppliers',
    access: ['manager'],
    tables: ['inventory'],
    publishes: [...stockLedgerEvents],
    summary: 'Suppliers with the products they sell (unit cost, case size)',
  },
  {
    method: 'PUT',
    path: '/suppliers/{supplierId}',
    handler: 'inventory/put-supplier',
    access: ['manager'],
    tables: ['inventory'],
    writes: ['inventory'],
    publishes: [...stockLedgerEvents],
    summary: 'Create or rename a supplier (name, lead time in days)',
  },
  {
    method: 'PUT',
    path: '/suppliers/{supplierId}/products/{productId}',
    handler: 'inventory/put-supplier-product',
    access: ['manager'],
    tables: ['inventory'],
    writes: ['inventory'],
    publishes: [...stockLedgerEvents],
    summary: 'Set who supplies a product, its unit cost and case size (one supplier per product)',
  },
  {
    method: 'GET',
    path: '/purchase-orders',
    handler: 'inventory/list-purchase-orders',
    access: ['manager'],
    tables: ['inventory'],
    publishes: [...stockLedgerEvents],
    summary: "The warehouse's purchase orders, newest first (suggested, sent, partially received, received)",
  },
  {
    method: 'GET',
    path: '/purchase-orders/{purchaseOrderId}',
    handler: 'inventory/get-purchase-order',
    access: ['manager'],
    tables: ['inventory'],
    publishes: [...stockLedgerEvents],
    summary: 'One purchase order with its receipts and history',
  },
  {
    method: 'POST',
    path: '/purchase-orders/{purchaseOrderId}/send',
    handler: 'inventory/send-purchase-order',
    access: ['manager'],
    tables: ['inventory'],
    writes: ['inventory'],
    publishes: [...stockLedgerEvents],
    summary: 'Approve a suggested purchase order and send it to its supplier (Idempotency-Key required)',
  },
  {
    method: 'POST',
    path: '/purchase-orders/{purchaseOrderId}/cancel',
    handler: 'inventory/cancel-purchase-order',
    access: ['manager'],
    tables: ['inventory'],
    writes: ['inventory'],
    publishes: [...stockLedgerEvents],
    summary:
      'Cancel a purchase order: what was not received is no longer expected (Idempotency-Key required)',
  },
  {
    method: 'POST',
    path: '/purchase-orders/{purchaseOrderId}/receipts',
    handler: 'inventory/receive-purchase-order',
    access: ['manager'],
    tables: ['inventory'],
    writes: ['inventory'],
    publishes: ['ReplenishmentFulfilled', 'ReplenishmentRejected', ...stockLedgerEvents],
    summary:
      'Receive units of a sent purchase order at the warehouse, in part or in full (Idempotency-Key required)',
  },
  {
    method: 'POST',
    path: '/locations/{locationId}/counts',
    handler: 'inventory/post-count',
    access: ['cashier', 'manager'],
    storeParam: 'locationId',
    dataScope: 'store',
    tables: ['inventory'],
    writes: ['inventory'],
    publishes: [...stockLedgerEvents],
    summary: 'Post a stock count of some products (Idempotency-Key required): each variance a count movement',
  },
  {
    method: 'GET',
    path: '/shrinkage',
    handler: 'inventory/get-shrinkage',
    access: ['manager'],
    tables: ['inventory'],
    publishes: [...stockLedgerEvents],
    summary:
      'Shrinkage per location and product over a period (counts and transfer discrepancies, units and cost)',
  },
  {
    method: 'POST',
    path: '/auth/login',
    handler: 'identity/login',
    access: 'public',
    signsTokens: true,
    tables: ['identity'],
    writes: ['identity'],
    summary: 'Sign in: a short-lived bearer token for the API and a refresh token for the session',
  },
  {
    method: 'POST',
    path: '/auth/refresh',
    handler: 'identity/refresh',
    access: 'public',
    signsTokens: true,
    tables: ['identity'],
    writes: ['identity'],
    // A hash comparison, not a password hash: it keeps the default limit rather than login's strict
    // one, so a flood of sign-ins never stops the tills of the chain from renewing their tokens.
    throttle: defaultThrottle,
    summary: 'Trade a refresh token for a new bearer token and a new refresh token (each works once)',
  },
  {
    method: 'POST',
    path: '/auth/approvals',
    handler: 'identity/approve',
    access: ['cashier', 'manager'],
    // The store is named in the body: a cashier asks only for their own store (assertStore).
    dataScope: 'store',
    signsTokens: true,
    tables: ['identity'],
    // The login throttles' counts only: the password is checked as at sign-in and never kept.
    writes: ['identity'],
    summary:
      "A manager's approval at a till (their credentials): a 5-minute token for one action at one store",
  },
  {
    method: 'POST',
    path: '/auth/register',
    handler: 'identity/register',
    access: 'public',
    tables: ['identity'],
    writes: ['identity'],
    publishes: ['UserChanged'],
    summary: 'Customer self-signup',
  },
  {
    method: 'GET',
    path: '/me',
    handler: 'identity/me',
    access: 'signed-in',
    dataScope: 'self',
    tables: ['identity'],
    summary: 'The signed-in user',
  },
  {
    method: 'PATCH',
    path: '/me',
    handler: 'identity/update-me',
    access: 'signed-in',
    dataScope: 'self',
    tables: ['identity'],
    writes: ['identity'],
    // A change of language is announced (UserChanged): e-mails follow the user's language.
    publishes: ['UserChanged'],
    summary: "The signed-in user's preferences: the language of the apps (fr-CA or en-CA)",
  },
  {
    method: 'POST',
    path: '/me/password',
    handler: 'identity/change-password',
    access: 'signed-in',
    dataScope: 'self',
    signsTokens: true,
    tables: ['identity'],
    writes: ['identity'],
    publishes: ['UserChanged'],
    summary: "Change one's own password (the current one required); ends every other session",
  },
  {
    method: 'POST',
    path: '/users',
    handler: 'identity/create-user',
    access: ['manager'],
    tables: ['identity'],
    writes: ['identity'],
    publishes: ['UserChanged'],
    summary: 'Create a user (staff or customer)',
  },
  {
    method: 'GET',
    path: '/users',
    handler: 'identity/list-users',
    access: ['manager'],
    tables: ['identity'],
    summary: 'List users, by username',
  },
  {
    method: 'PATCH',
    path: '/users/{userId}',
    handler: 'identity/update-user',
    access: ['manager'],
    tables: ['identity'],
    writes: ['identity'],
    publishes: ['UserChanged'],
    summary: 'Disable or enable a user, change their role, store or display name (audited)',
  },
  {
    method: 'POST',
    path: '/users/{userId}/password',
    handler: 'identity/reset-password',
    access: ['manager'],
    tables: ['identity'],
    writes: ['identity'],
    publishes: ['UserChanged'],
    summary: "Set a user's new password (audited); ends their tokens and sessions",
  },
  {
    method: 'GET',
    path: '/dashboard',
    handler: 'reporting/get-dashboard',
    access: ['manager'],
    tables: ['reporting'],
    summary: 'Head-office dashboard: revenue per store today, 7 and 30 days, top products, stock alerts',
  },
  {
    method: 'GET',
    path: '/alerts',
    handler: 'reporting/list-alerts',
    access: ['manager', 'ops'],
    tables: ['reporting'],
    summary: 'Current stock alerts (out, low, over) by location and type, with level and since when',
  },
  {
    method: 'GET',
    path: '/reports/sales',
    handler: 'reporting/get-sales-report',
    access: ['manager'],
    tables: ['reporting'],
    summary: 'Consolidated sales report: per location, per product, per day, totals (returns deducted)',
  },
  {
    method: 'POST',
    path: '/reports/exports',
    handler: 'reporting/create-export',
    access: ['manager'],
    tables: ['reporting'],
    buckets: ['reports'],
    writes: ['reporting', 'reports'],
    summary: 'Produce a sales report export (CSV or JSON) now',
  },
  {
    method: 'GET',
    path: '/reports/exports',
    handler: 'reporting/list-exports',
    access: ['manager'],
    tables: ['reporting'],
    summary: 'Exports, newest first, scheduled ones included',
  },
  {
    method: 'GET',
    path: '/reports/exports/{exportId}',
    handler: 'reporting/get-export',
    access: ['manager'],
    tables: ['reporting'],
    buckets: ['reports'],
    summary: 'One export, with a short-lived download link',
  },
  {
    method: 'POST',
    path: '/locations/{storeId}/sales',
    handler: 'sales/create-sale',
    access: ['cashier'],
    storeParam: 'storeId',
    dataScope: 'store',
    // catalog (read): the sale is priced once, here (domain/sales/pricing.ts), and the saga trusts that price.
    tables: ['sales', 'catalog'],
    writes: ['sales'],
    // An order whose promo code ran out before it ran fails here, announced at once (OrderFailed).
    publishes: ['OrderConfirmed', 'OrderFailed'],
    startsStateMachines: ['checkout'],
    // A discount above the till's limit carries a manager's approval (functions/identity/approvals.ts).
    verifiesApprovals: true,
    timeoutSeconds: checkoutBudget.sellingLambdaTimeoutSeconds,
    summary: "POS sale from the store's stock, through the checkout saga (Idempotency-Key required)",
  },
  {
    method: 'POST',
    path: '/locations/{storeId}/quotes',
    handler: 'sales/quote',
    access: ['cashier', 'manager'],
    storeParam: 'storeId',
    dataScope: 'store',
    // Prices with the catalog's facts (the same priceBasket as the sale); writes nothing.
    tables: ['catalog'],
    summary: 'What a basket costs before paying: subtotal, each tax, cash rounding, cash and card totals',
  },
  {
    method: 'POST',
    path: '/locations/{storeId}/registers/{registerId}/sessions',
    handler: 'sales/open-session',
    access: ['cashier', 'manager'],
    storeParam: 'storeId',
    dataScope: 'store',
    tables: ['sales'],
    writes: ['sales'],
    publishes: ['RegisterOpened'],
    summary: "Open a till's register session with a counted float (Idempotency-Key required)",
  },
  {
    method: 'GET',
    path: '/locations/{storeId}/registers/{registerId}/session',
    handler: 'sales/get-session',
    access: ['cashier', 'manager', 'ops'],
    storeParam: 'storeId',
    dataScope: 'store',
    tables: ['sales'],
    summary: "A till's current (or last) register session with its running report",
  },
  {
    method: 'POST',
    path: '/locations/{storeId}/registers/{registerId}/sessions/{sessionId}/cash-movements',
    handler: 'sales/move-cash',
    access: ['cashier', 'manager'],
    storeParam: 'storeId',
    dataScope: 'store',
    tables: ['sales'],
    writes: ['sales'],
    summary: 'Cash in or out of an open drawer, with a reason (Idempotency-Key required)',
  },
  {
    method: 'POST',
    path: '/locations/{storeId}/registers/{registerId}/sessions/{sessionId}/close',
    handler: 'sales/close-session',
    access: ['cashier', 'manager'],
    storeParam: 'storeId',
    dataScope: 'store',
    tables: ['sales'],
    writes: ['sales'],
    // A return of the session a crash left pending is finished (refunded, announced) before it is counted.
    publishes: ['RegisterClosed', 'OrderReturned', 'PaymentRefunded'],
    summary: 'Close a register session with the counted drawer: over/short and the Z-report',
  },
  {
    method: 'GET',
    path: '/locations/{storeId}/sessions',
    handler: 'sales/list-sessions',
    access: ['cashier', 'manager', 'ops'],
    storeParam: 'storeId',
    dataScope: 'store',
    tables: ['sales'],
    summary: "A store's tills with their current session, and its closed sessions newest first",
  },
  {
    method: 'POST',
    path: '/carts',
    handler: 'sales/create-cart',
    access: ['customer'],
    dataScope: 'self',
    tables: ['sales'],
    writes: ['sales'],
    summary: 'A new web-shop cart',
  },
  {
    method: 'GET',
    path: '/carts/{cartId}',
    handler: 'sales/get-cart',
    access: ['customer'],
    dataScope: 'customer',
    tables: ['sales', 'catalog'],
    summary: 'A cart with current catalog prices and totals (its customer only)',
  },
  {
    method: 'PUT',
    path: '/carts/{cartId}/items/{productId}',
    handler: 'sales/put-cart-item',
    access: ['customer'],
    dataScope: 'customer',
    tables: ['sales', 'catalog'],
    writes: ['sales'],
    summary: "Set a product's quantity in a cart (0 removes it)",
  },
  {
    method: 'POST',
    path: '/carts/{cartId}/checkout',
    handler: 'sales/checkout-cart',
    access: ['customer'],
    dataScope: 'customer',
    tables: ['sales', 'catalog'],
    writes: ['sales'],
    // An order whose promo code ran out before it ran fails here, announced at once (OrderFailed).
    publishes: ['OrderConfirmed', 'OrderFailed'],
    startsStateMachines: ['checkout'],
    timeoutSeconds: checkoutBudget.sellingLambdaTimeoutSeconds,
    summary: 'Web checkout from the warehouse, through the checkout saga (Idempotency-Key required)',
  },
  {
    method: 'POST',
    path: '/promo-codes',
    handler: 'sales/create-promo-code',
    access: ['manager'],
    tables: ['sales'],
    writes: ['sales'],
    summary: "Head office creates a web shop's promo code (Idempotency-Key required)",
  },
  {
    method: 'PATCH',
    path: '/promo-codes/{code}',
    handler: 'sales/update-promo-code',
    access: ['manager'],
    tables: ['sales'],
    writes: ['sales'],
    summary: "Change a promo code's dates, minimum basket, usage limit or description, or deactivate it",
  },
  {
    method: 'GET',
    path: '/promo-codes',
    handler: 'sales/list-promo-codes',
    access: ['manager'],
    tables: ['sales'],
    summary: 'Promo codes with their terms and uses',
  },
  {
    method: 'GET',
    path: '/orders/{orderId}',
    handler: 'sales/get-order',
    access: ['customer', 'cashier', 'manager', 'ops'],
    dataScope: 'store-or-customer',
    tables: ['sales'],
    summary: 'An order with its lines, taxes, payment, failure and saga steps',
  },
  {
    method: 'GET',
    path: '/orders',
    handler: 'sales/list-orders',
    access: ['customer', 'cashier', 'manager', 'ops'],
    dataScope: 'store-or-customer',
    tables: ['sales'],
    summary: 'Orders by location and period (a cashier: own store; a customer: own orders)',
  },
  {
    method: 'POST',
    path: '/orders/{orderId}/returns',
    handler: 'sales/return-order',
    access: ['cashier', 'manager'],
    dataScope: 'store',
    tables: ['sales'],
    writes: ['sales'],
    publishes: ['OrderReturned', 'PaymentRefunded'],
    // A refund above the till's limit carries a manager's approval (functions/identity/approvals.ts).
    verifiesApprovals: true,
    summary: 'Return units of a confirmed order: refund and stock back at the selling location',
  },
  {
    method: 'GET',
    path: '/locations/{storeId}/receipts/{receiptNumber}',
    handler: 'sales/get-receipt',
    access: ['cashier', 'manager'],
    storeParam: 'storeId',
    dataScope: 'store',
    tables: ['sales'],
    summary: 'The sale a receipt number names, at the store that printed it (a return at the till)',
  },
  {
    method: 'POST',
    path: '/locations/{storeId}/parked-baskets',
    handler: 'sales/park-basket',
    access: ['cashier', 'manager'],
    storeParam: 'storeId',
    dataScope: 'store',
    tables: ['sales'],
    writes: ['sales'],
    summary: "Park the till's basket (lines, discounts, a label) for the store (Idempotency-Key required)",
  },
  {
    method: 'GET',
    path: '/locations/{storeId}/parked-baskets',
    handler: 'sales/list-parked-baskets',
    access: ['cashier', 'manager'],
    storeParam: 'storeId',
    dataScope: 'store',
    tables: ['sales'],
    summary: "The store's parked baskets, oldest first",
  },
  {
    method: 'DELETE',
    path: '/locations/{storeId}/parked-baskets/{basketId}',
    handler: 'sales/resume-parked-basket',
    access: ['cashier', 'manager'],
    storeParam: 'storeId',
    dataScope: 'store',
    tables: ['sales'],
    writes: ['sales'],
    summary: 'Resume a parked basket: deleted and answered, exactly once (a second resume is 404)',
  },
  {
    method: 'GET',
    path: '/delivery-options',
    handler: 'sales/list-delivery-options',
    access: 'public',
    tables: [],
    summary: 'How a web order can be delivered: shipping options with their price, pickup stores',
  },
  {
    method: 'GET',
    path: '/products/{productId}/availability',
    handler: 'inventory/get-availability',
    access: 'public',
    tables: ['inventory'],
    summary: "A product's availability for delivery and at each store (levels, never counts)",
  },
  {
    method: 'GET',
    path: '/fulfilments/{orderId}',
    handler: 'fulfilment/get-fulfilment',
    access: ['customer', 'cashier', 'manager', 'ops'],
    dataScope: 'store-or-customer',
    tables: ['fulfilment'],
    summary: 'Where a web order is: status timeline, tracking number, pickup code (its customer only)',
  },
  {
    method: 'GET',
    path: '/locations/{locationId}/fulfilments',
    handler: 'fulfilment/list-fulfilments',
    access: ['cashier', 'manager'],
    storeParam: 'locationId',
    dataScope: 'store',
    tables: ['fulfilment'],
    summary: "The warehouse's pick list or a store's pickup shelf: open web orders, oldest first",
  },
  {
    method: 'POST',
    path: '/fulfilments/{orderId}/steps',
    handler: 'fulfilment/advance-fulfilment',
    access: ['cashier', 'manager'],
    dataScope: 'store',
    tables: ['fulfilment'],
    writes: ['fulfilment'],
    // One service module makes every fulfilment event; the use case publishes the step's.
    publishes: [...fulfilmentEvents],
    summary:
      'A staff step of a web order: picking, packed, shipped (carrier, tracking), delivered, ready, cancel',
  },
  {
    method: 'POST',
    path: '/fulfilments/{orderId}/collect',
    handler: 'fulfilment/collect-pickup',
    access: ['cashier', 'manager'],
    dataScope: 'store',
    tables: ['fulfilment'],
    writes: ['fulfilment'],
    publishes: [...fulfilmentEvents],
    summary: 'Hand a pickup order over against its code (a wrong code is refused and counted)',
  },
  {
    method: 'POST',
    path: '/fulfilments/{orderId}/cancel',
    handler: 'fulfilment/cancel-fulfilment',
    access: ['customer', 'cashier', 'manager'],
    dataScope: 'store-or-customer',
    tables: ['fulfilment'],
    writes: ['fulfilment'],
    publishes: [...fulfilmentEvents],
    summary: 'Cancel a web order before picking: refund and stock back follow (once)',
  },
];

export const routeKey = (r: Pick<RouteSpec, 'method' | 'path'>): string => `${r.method} ${r.path}`;

/**
 * How long the gateway keeps the authorizer's answer for one Authorization header (API Gateway's
 * `resultsCacheTtl`, and the local gateway's cache). Handlers still refuse a token past its `exp`.
 */
export const authorizerCacheSeconds = 300;

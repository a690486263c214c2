/**
 * The one list of DynamoDB tables, read by the CDK stack and by the local runtime.
 * Every table uses generic keys (pk/sk, gsiNpk/gsiNsk) so that each context can lay
 * several item types out per access pattern; the patterns are written beside each table.
 *
 * Rule for both runtimes: no transactions, no streams, no TTL expiry are relied on
 * (dynalite has none). Writes are single-item conditional writes; events are published
 * explicitly by the code that made the change.
 */
export type TableName =
  'identity' | 'catalog' | 'inventory' | 'sales' | 'fulfilment' | 'notifications' | 'reporting';

export interface IndexSpec {
  readonly name: string;
  readonly partitionKey: string;
  readonly sortKey: string;
}

export interface TableSpec {
  readonly name: TableName;
  /** Environment variable through which a function finds the table's physical name. */
  readonly envVar: string;
  readonly partitionKey: 'pk';
  readonly sortKey: 'sk';
  readonly indexes: readonly IndexSpec[];
  /** Attribute holding an epoch-seconds expiry (AWS deletes expired items; locally they stay, harmlessly). */
  readonly ttlAttribute?: string;
  readonly accessPatterns: readonly string[];
}

const gsi = (n: number): IndexSpec => ({ name: `gsi${n}`, partitionKey: `gsi${n}pk`, sortKey: `gsi${n}sk` });

export const tables: readonly TableSpec[] = [
  {
    name: 'identity',
    envVar: 'IDENTITY_TABLE',
    partitionKey: 'pk',
    sortKey: 'sk',
    indexes: [gsi(1)],
    ttlAttribute: 'expiresAt',
    accessPatterns: [
      'user by id: pk=USER#<id>, sk=USER (status, tokenVersion checked by the authorizer, revision for conditional updates)',
      'username uniqueness and login: pk=USERNAME#<lowercased username>, sk=USERNAME -> userId',
      'email uniqueness: pk=EMAIL#<lowercased email>, sk=EMAIL -> userId',
      'list users: gsi1pk=USERS, gsi1sk=<username>',
      'login throttling: pk=LOGIN#<lowercased username>, sk=FAILURES',
      'login throttling per client address: pk=LOGINADDR#<address, IPv6 by /64>, sk=W#<window start, epoch ms> (attempts, ADD with a condition; expiresAt)',
      'refresh session: pk=SESSION#<session id>, sk=SESSION (userId, tokenVersion, endsAt, SHA-256 of the current and previous refresh token; expiresAt)',
    ],
  },
  {
    name: 'catalog',
    envVar: 'CATALOG_TABLE',
    partitionKey: 'pk',
    sortKey: 'sk',
    indexes: [gsi(1), gsi(2)],
    ttlAttribute: 'expiresAt',
    accessPatterns: [
      'product by id: pk=PRODUCT#<id>, sk=PRODUCT',
      'SKU uniqueness and exact SKU search: pk=SKU#<upper sku>, sk=SKU -> productId',
      'barcode uniqueness and exact barcode search: pk=BARCODE#<ean>, sk=BARCODE -> productId',
      'word-prefix search: pk=WORD#<first letter of word>, sk=<word>#<productId> (begins_with on sk), item carries the product summary and all its words',
      'browse by category: gsi1pk=CATEGORY#<category>, gsi1sk=<normalized name>#<id>',
      'browse all by name: gsi2pk=PRODUCTS, gsi2sk=<normalized name>#<id>',
      'idempotent writes: pk=IDEMPOTENCY#<scope>#<key>, sk=IDEMPOTENCY',
    ],
  },
  {
    name: 'inventory',
    envVar: 'INVENTORY_TABLE',
    partitionKey: 'pk',
    sortKey: 'sk',
    indexes: [gsi(1), gsi(2)],
    ttlAttribute: 'expiresAt',
    accessPatterns: [
      'locations: pk=LOCATIONS, sk=LOCATION#<id>',
      'stock of a location: pk=LOCATION#<locationId>, sk=STOCK#<productId> (onHand, reserved, thresholds, reorderRule; read by the alerts reconciliation too)',
      "a product's stock at every location: gsi1pk=PRODUCT#<productId>, gsi1sk=LOCATION#<locationId>",
      'units an order attempt holds, on the stock item itself: attribute hold#<runId> = {q, exp} (added with reserved += q only if neither it nor done#<runId> exists; removed by commit or release, which leave the tombstone done#<runId> = "committed|released@<time>" so that a late or repeated reserve of that run can never hold again; tombstones older than an hour are removed by the next reserve of the item; functions/inventory/adapters/stock-writer.ts)',
      'stock items with movements not yet in the ledger (the recovery sweeps them): gsi2pk=PENDING#OUTBOX, gsi2sk=<time of the oldest pending movement> (set by the write that leaves an outbox, removed once every outbox is recorded)',
      'replenishment requests not yet closed (the recovery re-drives those stuck past their deadline): gsi2pk=PENDING#REPLENISHMENT, gsi2sk=<updatedAt>#<id> on the request item while requested, waiting or receiving (not in-transit: the store confirms it)',
      'restock after a return, once per return however often OrderReturned is delivered: attribute restocked#<returnId> = <time> on the stock item, set with onHand += q only if absent (removed by a reserve a day later)',
      'stock movement ledger of a (location, product), in order: pk=MOVEMENTS#<locationId>#<productId>, sk=<seq, 10 digits> (kind, quantity, delta, resulting onHand/reserved/available, reference, correlation id); the stock item carries `seq` and, until recorded, an outbox mv#/mvs#/mvo#/mvr#<movementId> written by the same update (docs/inventory.md)',
      "replenishment request: pk=REPLENISHMENT#<id>, sk=REPLENISHMENT (status, history); a store's requests newest first: gsi1pk=REPLENISHMENTS#<storeId>, gsi1sk=<createdAt>#<id>",
      'one open replenishment per (store, product): pk=OPENREPLENISHMENT#<storeId>#<productId>, sk=CLAIM -> replenishmentId (conditional put, deleted when closed); step markers on the stock items: attribute repl#<id> until the status moved on',
      'manager adjustment: pk=ADJUSTMENT#<id>, sk=ADJUSTMENT (resulting levels) + attribute adj#<id> on the stock item while applying',
      'transfer confirmed by the store: the receipt on the request item (status receiving → fulfilled); attribute disc#<id> on the store stock item while its discrepancy is applied',
      'supplier: pk=SUPPLIER#<id>, sk=SUPPLIER; all suppliers: gsi1pk=SUPPLIERS, gsi1sk=<name>',
      "who sells a product (one supplier per product): pk=SUPPLY#<productId>, sk=OFFER (supplierId, costCents, caseSize); a supplier's products: gsi1pk=SUPPLIER#<id>#PRODUCTS, gsi1sk=<productId>",
      'purchase order: pk=PURCHASEORDER#<id>, sk=PURCHASEORDER (revision for conditional writes, receipts); newest first: gsi1pk=PURCHASEORDERS, gsi1sk=<createdAt>#<id>; with a receipt not posted: gsi2pk=PENDING#PURCHASEORDER, gsi2sk=<updatedAt>#<id>; attribute rcpt#<receiptId> on the warehouse stock item while a receipt line is applied',
      'one open purchase order per (supplier, product): pk=OPENPURCHASE#<supplierId>#<productId>, sk=CLAIM -> purchaseOrderId, generation (moved to generation + 1, conditional on the generation read, only once its order is closed; the order id derives from the generation; never deleted)',
      "stock count: pk=COUNT#<id>, sk=COUNT (counted figures, then variances); a location's counts: gsi1pk=COUNTS#<locationId>, gsi1sk=<createdAt>#<id>; while posting: gsi2pk=PENDING#COUNT, gsi2sk=<postedAt>#<id>; attribute cnt#<id> = variance on the stock item while applied",
      'shrinkage entries (count variances, transfer discrepancies) of a location by Montréal day: pk=SHRINKAGE#<locationId>, sk=<day>#<at>#<kind>#<reference>#<productId> (Query between two days)',
      "replenishments waiting for a product (the warehouse's backorder): the pending index gsi2pk=PENDING#REPLENISHMENT filtered on status waiting and productId",
      'processed events (consumer idempotency): pk=EVENT#<consumer>#<eventId>, sk=EVENT',
      'idempotent writes: pk=IDEMPOTENCY#<scope>#<key>, sk=IDEMPOTENCY',
    ],
  },
  {
    name: 'sales',
    envVar: 'SALES_TABLE',
    partitionKey: 'pk',
    sortKey: 'sk',
    indexes: [gsi(1), gsi(2), gsi(3)],
    ttlAttribute: 'expiresAt',
    accessPatterns: [
      "order by id: pk=ORDER#<id>, sk=ORDER; the id is derived from the Idempotency-Key (idFromKey), so the order item is the key's record (fingerprint, lease, attempt)",
      'orders not settled yet (pending, or with a return not completed), for the recovery: gsi3pk=UNSETTLED, gsi3sk=<lease until or return time>#<orderId> (removed when the order is final and every return completed)',
      'orders of a location by time: gsi1pk=LOCATION#<locationId>, gsi1sk=<createdAt>#<orderId>',
      'orders of a customer by time: gsi2pk=CUSTOMER#<userId>, gsi2sk=<createdAt>#<orderId>',
      'cart: pk=CART#<id>, sk=CART',
      "a till's register session (cash drawer), current or last: pk=REGISTER#<storeId>#<registerId>, sk=REGISTER (status, float, counters n_<name>, `pending` = string set of its sales in flight, `done` = string set and `saleIds` = list of its sales counted, movements, `revision`); every change is one conditional update (a sale enters only an open session; a close only with nothing pending at the revision it read); the tills of a store: gsi2pk=REGISTERS#<storeId>, gsi2sk=<registerId>",
      "closed register sessions (history): pk=SESSION#<sessionId>, sk=SESSION (a copy of the till's item as closed); a store's newest first: gsi1pk=SESSIONS#<storeId>, gsi1sk=<openedAt>#<sessionId> (Query descending)",
      "a till's receipt counter: pk=RECEIPTS#<storeId>#<registerId>, sk=RECEIPTS (n = the last number handed out, orderId = the order that claimed it; moved to n + 1 by a conditional update on n, only once the previous claim is written on its order)",
      'order by receipt number (a return at the till): pk=RECEIPT#<storeId>-<registerId>-<n>, sk=RECEIPT -> orderId',
      "a store's parked baskets: pk=PARKED#<storeId>, sk=BASKET#<id> (id from the park's Idempotency-Key, put only if absent; resume = a conditional delete with ReturnValues ALL_OLD, so exactly one resume gets it); listed by a Query on the pk",
      'payments of an order: pk=ORDER#<id>, sk=PAYMENT#<attempt>',
      "promo code (head office): pk=PROMO#<upper code>, sk=PROMO (terms, active, revision, `uses`; string sets `counting` and `returning` of the order attempts whose count or give-back is under way: uses += 1 only with NOT contains(counting, runId) AND uses < usageLimit, uses -= 1 only with NOT contains(returning, runId); the run id leaves the set once its claim moved on); head office's list: gsi1pk=PROMOS, gsi1sk=<code>",
      'use of a promo code by an order attempt: pk=PROMO#<code>, sk=USE#<runId> (state counting → counted, or returning → returned when the order failed; written returned first it is a tombstone no late count passes; orderId, at) — a conditional put then conditional state moves (functions/sales/promo-service.ts)',
      'simulated payment provider ledger: pk=PSP#<idempotency key>, sk=CAPTURE (refunds as attributes refund#<refundKey>); tries of a key: sk=ATTEMPTS',
      'processed events (consumer idempotency): pk=EVENT#<consumer>#<eventId>, sk=EVENT',
      'idempotent writes: pk=IDEMPOTENCY#<scope>#<key>, sk=IDEMPOTENCY',
    ],
  },
  {
    name: 'fulfilment',
    envVar: 'FULFILMENT_TABLE',
    partitionKey: 'pk',
    sortKey: 'sk',
    indexes: [gsi(1), gsi(2), gsi(3)],
    ttlAttribute: 'expiresAt',
    accessPatterns: [
      'fulfilment of a web order: pk=FULFILMENT#<orderId>, sk=FULFILMENT (status, lines, steps, carrier and tracking number, pickup code and deadline, version; `outbox` map of the events written and not yet published)',
      'open fulfilments of a location in order of age (the warehouse pick list, a store pickup shelf): gsi1pk=OPEN#<locationId>, gsi1sk=<orderedAt>#<orderId> (removed once delivered, collected, cancelled or not collected)',
      'pickup orders ready, by deadline (the sweep returns those not collected): gsi2pk=PICKUPDUE, gsi2sk=<pickupDeadline>#<orderId> while ready-for-pickup',
      'fulfilments with events not yet published (the sweep publishes them): gsi3pk=OUTBOX, gsi3sk=<updatedAt>#<orderId> while `outbox` is not empty',
      'where a product is picked at a location: pk=BIN#<locationId>, sk=<productId> (bin label; BatchGet for a pick list)',
      'processed events (consumer idempotency): pk=EVENT#<consumer>#<eventId>, sk=EVENT',
      'idempotent writes: pk=IDEMPOTENCY#<scope>#<key>, sk=IDEMPOTENCY',
    ],
  },
  {
    name: 'notifications',
    envVar: 'NOTIFICATIONS_TABLE',
    partitionKey: 'pk',
    sortKey: 'sk',
    indexes: [gsi(1)],
    ttlAttribute: 'expiresAt',
    accessPatterns: [
      'recipient directory, from UserChanged: pk=RECIPIENT#<userId>, sk=RECIPIENT (email, locale, displayName, role, asOf = occurredAt of the latest change applied)',
      'subscribers of a topic (daily-export): pk=SUBSCRIPTION#<topic>, sk=<userId>',
      'one e-mail, at most once per (kind, subject, recipient): pk=NOTIFICATION#<notificationId>, sk=NOTIFICATION (status sending|sent|failed, attempts, SES message id); recent first: gsi1pk=NOTIFICATIONS, gsi1sk=<createdAt>#<notificationId>',
      'processed events (consumer idempotency): pk=EVENT#<consumer>#<eventId>, sk=EVENT',
      'idempotent writes: pk=IDEMPOTENCY#<scope>#<key>, sk=IDEMPOTENCY',
    ],
  },
  {
    name: 'reporting',
    envVar: 'REPORTING_TABLE',
    partitionKey: 'pk',
    sortKey: 'sk',
    indexes: [gsi(1)],
    ttlAttribute: 'expiresAt',
    accessPatterns: [
      'daily sales of a location (days in America/Montreal): pk=DAY#<locationId>, sk=<yyyy-mm-dd>; a period = Query sk BETWEEN <from> AND <to>; counters, discountCents, taxes tax#<class>#<counter>, tenders tender#<method>#<counter>, added with ADD; `applied` = string set of the order/return tags already counted (condition NOT contains), pruned once counted for good',
      'daily best sellers of a location: pk=DAYTOP#<locationId>, sk=<yyyy-mm-dd>; net units u#<productId>, net revenue r#<productId> (no names), orders, returns (same `applied` set); kept sums of the settled days of the dashboard window (written by the projection): sk=<last day>#settled (expiresAt); the dashboard Queries sk BETWEEN <day before yesterday>#settled AND <today>~',
      'daily sales of a product at a location: pk=PRODUCTDAY#<locationId>, sk=<yyyy-mm-dd>#<productId>; a period = Query sk BETWEEN <from> AND <to>~ (same counters and `applied` set)',
      'daily sales of a product in the whole chain: pk=CHAINPRODUCTDAY, sk=<yyyy-mm-dd>#<productId>; a period = Query sk BETWEEN <from> AND <to>~ (chain report); a product name = BatchGet of one day it sold (same counters and `applied` set)',
      'projection state of an order: pk=ORDER#<orderId>, sk=ORDER (sale snapshot for product names, `applied` map: tag of a sale or return -> time it was counted in every aggregate)',
      'current alerts: pk=ALERTS, sk=<locationId>#<productId> (latest state wins by occurredAt; `normal` entries are hidden); by state: gsi1pk=ALERT#<state>, gsi1sk=<locationId>#<productId>',
      'processed events (consumer idempotency): pk=EVENT#<consumer>#<eventId>, sk=EVENT',
      'audit trail, every event by day newest first: pk=AUDITDAY#<yyyy-mm-dd of occurredAt, UTC>, sk=<occurredAt>#<eventId> (Query descending); by type: gsi1pk=AUDITTYPE#<detail-type>, gsi1sk=<occurredAt>#<eventId>',
      'audit trail, days that have events: pk=AUDITDAYS, sk=<yyyy-mm-dd> (listing walks back through these days only)',
      'audit trail by correlation id: pk=AUDITCORR#<correlationId>, sk=<occurredAt>#<eventId> (a copy of the event)',
      'offline sale synced late, kept once by the projection (conditional put): pk=OFFLINESALE#<orderId>, sk=OFFLINESALE (store, receipt, soldAt, syncedAt, delaySeconds, totalCents, priceDifferences); the dashboard reads the latest 20, last synced first: gsi1pk=OFFLINESALES, gsi1sk=<syncedAt>#<orderId> (Query descending, Limit 20)',
      'export by id (period, format, locale, file): pk=EXPORT#<exportId>, sk=EXPORT; newest first: gsi1pk=EXPORTS, gsi1sk=<createdAt>#<exportId> (Query descending)',
      'idempotent writes: pk=IDEMPOTENCY#<scope>#<key>, sk=IDEMPOTENCY',
    ],
  },
];

export const tableByName = (name: TableName): TableSpec => {
  const spec = tables.find((t) => t.name === name);
  if (!spec) throw new Error(`unknown table ${name}`);
  return spec;
};

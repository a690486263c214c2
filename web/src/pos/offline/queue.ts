import type { OfflineDb, OfflineSaleBody, QueuedSale, RejectedSale } from './db.ts';

/**
 * The queue of sales made offline, and its sync (docs/web.md, "Offline till"). A sale is queued in
 * one transaction with its receipt number and its Idempotency-Key (created at the moment of the
 * sale), and leaves the queue only once the server has answered it for good: a crash, a reload or a
 * closed tab at any point either finds it queued again — and resends it with the same key, which the
 * server answers with the same order — or finds it gone because its answer was final. Never lost,
 * never two orders.
 */
export interface NewSale {
  readonly storeId: string;
  readonly idempotencyKey: string;
  /** The body without its receipt number: the queue numbers it. */
  readonly body: Omit<OfflineSaleBody, 'offline'> & {
    readonly offline: Omit<OfflineSaleBody['offline'], 'receipt'>;
  };
}

/** Queues a sale with the till's next receipt number (HL-<registerId>-<n>), in one transaction. */
export async function queueSale(db: OfflineDb, sale: NewSale): Promise<QueuedSale> {
  const tx = db.transaction(['counters', 'outbox'], 'readwrite');
  const counterKey = `${sale.storeId}/${sale.body.registerId}`;
  const n = ((await tx.objectStore('counters').get(counterKey)) ?? 0) + 1;
  await tx.objectStore('counters').put(n, counterKey);
  const body: OfflineSaleBody = {
    ...sale.body,
    offline: { ...sale.body.offline, receipt: `HL-${sale.body.registerId}-${n}` },
  };
  const seq = await tx
    .objectStore('outbox')
    .add({ idempotencyKey: sale.idempotencyKey, storeId: sale.storeId, body } as QueuedSale);
  await tx.done;
  return { seq, idempotencyKey: sale.idempotencyKey, storeId: sale.storeId, body };
}

/** The sales waiting to be sent, oldest first. */
export const waitingSales = (db: OfflineDb): Promise<QueuedSale[]> => db.getAll('outbox');

export const waitingCount = (db: OfflineDb): Promise<number> => db.count('outbox');

export const rejectedSales = (db: OfflineDb): Promise<RejectedSale[]> => db.getAll('rejected');

/**
 * What the server answered a sale: `done` (the order: 201, first time or replayed), `later` (no
 * final answer: the network, a 5xx, 429, 409 request-in-progress — send it again with the same key),
 * or `rejected` (a final refusal, kept apart for the manager).
 */
export type SendOutcome =
  | { readonly kind: 'done'; readonly orderId: string }
  | { readonly kind: 'later' }
  | { readonly kind: 'rejected'; readonly status: number; readonly code: string; readonly detail: string };

export interface SyncResult {
  readonly sent: number;
  readonly rejected: number;
  readonly waiting: number;
}

let running: Promise<SyncResult> | undefined;

/**
 * Sends the waiting sales in the order they were made, each with its own key, and removes each one
 * only after its final answer; stops at the first "later" (the order is kept: the next sync starts
 * there). One sync at a time in this page, and across the tabs of the till (Web Locks, where the
 * browser has them): two tabs sending the same sale would still make one order, but need not try.
 */
export function syncQueue(
  db: OfflineDb,
  send: (sale: QueuedSale) => Promise<SendOutcome>,
  now: () => string = () => new Date().toISOString(),
): Promise<SyncResult> {
  running ??= (async () => {
    try {
      const locks = (globalThis.navigator as { locks?: LockManager } | undefined)?.locks;
      return locks
        ? await locks.request('comptoir-pos-offline-sync', () => drain(db, send, now))
        : await drain(db, send, now);
    } finally {
      running = undefined;
    }
  })();
  return running;
}

async function drain(
  db: OfflineDb,
  send: (sale: QueuedSale) => Promise<SendOutcome>,
  now: () => string,
): Promise<SyncResult> {
  let sent = 0;
  let rejected = 0;
  for (const sale of await waitingSales(db)) {
    const outcome = await send(sale);
    if (outcome.kind === 'later') break;
    if (outcome.kind === 'done') {
      await db.delete('outbox', sale.seq);
      sent++;
    } else {
      const tx = db.transaction(['outbox', 'rejected'], 'readwrite');
      await tx.objectStore('rejected').put({
        ...sale,
        status: outcome.status,
        code: outcome.code,
        detail: outcome.detail,
        at: now(),
      });
      await tx.objectStore('outbox').delete(sale.seq);
      await tx.done;
      rejected++;
    }
  }
  return { sent, rejected, waiting: await waitingCount(db) };
}

import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { TaxClass } from '../../../../domain/sales/pricing.ts';

/**
 * The offline till's IndexedDB (docs/web.md, "Offline till"): what it needs to sell without the API —
 * the store's catalog — and the sales it made meanwhile, queued with their Idempotency-Key until the
 * server has answered them for good. IndexedDB (not sessionStorage) so that a reload, a closed tab or
 * a restarted browser keeps them; each change is one transaction, so a crash leaves it before or after.
 */
export interface CachedProduct {
  readonly id: string;
  readonly sku: string;
  readonly name: string;
  readonly nameEn?: string;
  readonly barcode?: string;
  readonly priceCents: number;
  readonly taxClass?: TaxClass;
  readonly stocked?: boolean;
}

/** The body of `POST /locations/{storeId}/sales` for a sale made offline (docs/api.md). */
export interface OfflineSaleBody {
  readonly lines: readonly { readonly productId: string; readonly quantity: number }[];
  readonly payment: { readonly method: 'cash'; readonly tenderedCents?: number };
  readonly registerId: string;
  readonly offline: {
    readonly soldAt: string;
    readonly receipt: string;
    readonly charged: {
      readonly totalCents: number;
      readonly lines: readonly { productId: string; unitPriceCents: number; taxClass: TaxClass }[];
    };
  };
}

export interface QueuedSale {
  /** Order of the sales: they are sent in the order they were made. */
  readonly seq: number;
  /** Created with the sale, sent with every try: the server makes one order of it, whatever happens. */
  readonly idempotencyKey: string;
  readonly storeId: string;
  readonly body: OfflineSaleBody;
}

/** A sale the server refused for good (a 4xx other than "later"): kept for the manager, never resent. */
export interface RejectedSale extends QueuedSale {
  readonly status: number;
  readonly code: string;
  readonly detail: string;
  readonly at: string;
}

export interface OfflineSchema extends DBSchema {
  outbox: { key: number; value: QueuedSale };
  rejected: { key: number; value: RejectedSale };
  /** Receipt numbers per till: `<storeId>/<registerId>` → the last n of HL-<registerId>-<n>. */
  counters: { key: string; value: number };
  catalog: { key: string; value: { storeId: string; products: CachedProduct[]; at: string } };
}

export type OfflineDb = IDBPDatabase<OfflineSchema>;

export const offlineDbName = 'comptoir-pos-offline';

export function openOfflineDb(name = offlineDbName): Promise<OfflineDb> {
  return openDB<OfflineSchema>(name, 1, {
    upgrade(db) {
      db.createObjectStore('outbox', { keyPath: 'seq', autoIncrement: true });
      db.createObjectStore('rejected', { keyPath: 'seq' });
      db.createObjectStore('counters');
      db.createObjectStore('catalog', { keyPath: 'storeId' });
    },
  });
}

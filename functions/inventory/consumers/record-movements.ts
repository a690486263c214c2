import { StockCommitted } from '#functions/events/stock-committed.ts';
import { StockReleased } from '#functions/events/stock-released.ts';
import { StockReserved } from '#functions/events/stock-reserved.ts';
import { consumer, on } from '#functions/shared/consumer.ts';
import { StockLedger } from '../adapters/ledger.ts';

/**
 * Consumer of rule `inventory-record-movements`, the ledger recorder: the checkout saga's stock
 * writes leave their movements in the stock items' outboxes (deferred, to keep the sale's path
 * short); this records them in the ledger and publishes the threshold crossings they make (StockLow,
 * StockOut, …). Naturally idempotent: recording a movement twice writes the same ledger item and the
 * outbox is gone after the first time; the recovery sweeps what a lost event left.
 */
const ledger = new StockLedger();

const settle = async (d: { locationId: string; lines: readonly { productId: string }[] }) => {
  for (const l of d.lines) await ledger.settle(d.locationId, l.productId);
};

export const handler = consumer({ name: 'inventory/record-movements', idempotency: 'natural' }, [
  on(StockReserved, settle),
  on(StockCommitted, settle),
  on(StockReleased, settle),
]);

import { mergeLines } from '#domain/sales/order.ts';
import { SagaError } from '#domain/sales/saga.ts';
import { sagaTask, stepRecord, type PricedLine } from '#functions/shared/saga-task.ts';
import { catalogDeps } from '../deps.ts';

/**
 * Saga step "price-order": the catalog's current price and name of every product of the order.
 * Prices a client may have sent are never read. A product missing from the catalog ends the saga
 * (ProductNotFound, not retried). Read-only, so retries are harmless.
 */
const deps = catalogDeps();

export const handler = sagaTask('price-order', async ({ order }) => {
  const lines = mergeLines(order.lines);
  const products = await Promise.all(lines.map((l) => deps.products.get(l.productId)));
  const prices: PricedLine[] = lines.map((l, i) => {
    const p = products[i];
    if (!p) throw new SagaError('ProductNotFound', `Product ${l.productId} does not exist`);
    return { productId: p.id, name: p.name, priceCents: p.priceCents };
  });
  return { prices, step: stepRecord('price-order', 'completed', deps.now()) };
});

import { priceBasket, type PricedBasket } from '../../../../domain/sales/pricing.ts';
import type { CachedProduct, OfflineSaleBody } from './db.ts';

/**
 * The offline till's price: THE pricing function of the server (domain/sales/pricing.ts, imported,
 * bundled into the till), on the catalog the till cached — so the total shown, charged, printed and
 * then synced is the one the server computes from the same prices (tests/unit/pos-offline.test.ts).
 */
export const factsOf = (products: readonly CachedProduct[]) =>
  products.map((p) => ({
    productId: p.id,
    name: p.name,
    priceCents: p.priceCents,
    ...(p.taxClass ? { taxClass: p.taxClass } : {}),
    ...(p.stocked === false ? { stocked: false } : {}),
  }));

export function priceOffline(
  lines: readonly { productId: string; quantity: number }[],
  catalog: readonly CachedProduct[],
  method: 'cash' | 'card' = 'cash',
): PricedBasket {
  const ids = new Set(lines.map((l) => l.productId));
  return priceBasket({ lines, catalog: factsOf(catalog.filter((p) => ids.has(p.id))), method });
}

/** What the till charged, as the sale's `offline.charged` says it (docs/api.md). */
export function chargedOf(priced: PricedBasket): OfflineSaleBody['offline']['charged'] {
  return {
    totalCents: priced.totalCents,
    lines: priced.lines.map((l) => ({
      productId: l.productId,
      unitPriceCents: l.unitPriceCents,
      taxClass: l.taxClass,
    })),
  };
}

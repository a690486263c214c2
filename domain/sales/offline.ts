import { NotFoundError } from '../shared/errors.ts';
import type { CatalogFacts, TaxClass } from './pricing.ts';

/**
 * A sale a till made while the API could not be reached (docs/web.md, "Offline"): the till priced it
 * with the same `priceBasket` from the catalog it had cached, took cash, printed receipt
 * `HL-<registerId>-<n>` and queued it with its Idempotency-Key. When it reaches the server, the sale
 * has already happened: it is kept as charged — the unit prices and tax classes the till used, even
 * if the catalog changed since (each change is reported as a price difference, not re-applied) — and
 * short stock does not refuse it (the shortfall is a movement of its own).
 */
export interface ChargedLine {
  readonly productId: string;
  readonly unitPriceCents: number;
  readonly taxClass: TaxClass;
}

export interface OfflineSale {
  /** When the till sold it (ISO-8601 UTC, the till's clock). */
  readonly soldAt: string;
  /** The till-local receipt number printed: `HL-<registerId>-<n>`. */
  readonly receipt: string;
  /** What the till charged: its total and each product's unit price and tax class. */
  readonly charged: { readonly totalCents: number; readonly lines: readonly ChargedLine[] };
}

/** A product whose price or tax class in the catalog is no longer the one the offline till charged. */
export interface PriceDifference {
  readonly productId: string;
  readonly chargedCents: number;
  readonly catalogCents: number;
  readonly chargedTaxClass: TaxClass;
  readonly catalogTaxClass: TaxClass;
}

/** What an order keeps of its offline sale. */
export interface OfflineRecord {
  readonly soldAt: string;
  readonly receipt: string;
  /** Absent: the catalog still says what was charged. */
  readonly priceDifferences?: readonly PriceDifference[];
}

/**
 * The catalog as the offline till charged it: the catalog's facts (name, stocked) with the charged
 * unit price and tax class of each product, and the differences with the catalog now. A product the
 * catalog no longer knows is a NotFoundError naming it; a product sold but not in `charged` keeps the
 * catalog's facts (and is priced as the catalog says).
 */
export function chargedCatalog(
  catalog: readonly CatalogFacts[],
  charged: readonly ChargedLine[],
): { readonly facts: CatalogFacts[]; readonly differences: PriceDifference[] } {
  const byId = new Map(charged.map((c) => [c.productId, c]));
  const differences: PriceDifference[] = [];
  for (const c of charged)
    if (!catalog.some((f) => f.productId === c.productId)) throw new NotFoundError('Product', c.productId);
  const facts = catalog.map((f) => {
    const c = byId.get(f.productId);
    if (!c) return f;
    const catalogTaxClass = f.taxClass ?? 'standard';
    if (c.unitPriceCents !== f.priceCents || c.taxClass !== catalogTaxClass)
      differences.push({
        productId: f.productId,
        chargedCents: c.unitPriceCents,
        catalogCents: f.priceCents,
        chargedTaxClass: c.taxClass,
        catalogTaxClass,
      });
    return { ...f, priceCents: c.unitPriceCents, taxClass: c.taxClass };
  });
  return { facts, differences };
}

import { available } from '#domain/inventory/stock.ts';
import { storeNames } from '#domain/shared/chain.ts';
import type { StockLevel } from '#domain/inventory/stock.ts';
import { centralLocation } from '#functions/shared/access.ts';

/**
 * What the web shop may tell anyone of a product's stock: for delivery (the warehouse) and at each
 * store (pickup), a level — `in-stock`, `few` (under `fewUnits`) or `out` — never the counts, which
 * are the chain's business. A product with no stock line anywhere (made to order) is `in-stock`
 * wherever it is sold: it has no units to run out of.
 */
export type Availability = 'in-stock' | 'few' | 'out';
export const availabilities: readonly Availability[] = ['in-stock', 'few', 'out'];
export const fewUnits = 5;

export const availabilityOf = (units: number): Availability =>
  units <= 0 ? 'out' : units < fewUnits ? 'few' : 'in-stock';

export function productAvailability(productId: string, levels: readonly StockLevel[]) {
  const at = (id: string) => levels.find((l) => l.locationId === id);
  const levelAt = (id: string): Availability => {
    const line = at(id);
    return line ? availabilityOf(available(line)) : levels.length === 0 ? 'in-stock' : 'out';
  };
  return {
    productId,
    delivery: levelAt(centralLocation),
    stores: Object.entries(storeNames).map(([locationId, name]) => ({
      locationId,
      name,
      availability: levelAt(locationId),
    })),
  };
}

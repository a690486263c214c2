import {
  available,
  stockStatus,
  suggestedReorderQuantity,
  type StockLevel,
  type StockStatus,
} from '#domain/inventory/stock.ts';
import { NotFoundError } from '#domain/shared/errors.ts';
import { canReadStockAt } from '#functions/shared/access.ts';
import type { Caller } from '#functions/shared/http.ts';
import type { Location, StockRepository } from './adapters/stock-repository.ts';

export interface InventoryDeps {
  readonly stock: StockRepository;
}

export interface StockLineView extends StockLevel {
  readonly available: number;
  readonly status: StockStatus;
  readonly suggestedQuantity: number;
}

export function viewOf(level: StockLevel): StockLineView {
  const units = available(level);
  return {
    ...level,
    available: units,
    status: stockStatus(units, level.thresholds),
    suggestedQuantity: suggestedReorderQuantity(units, level.thresholds),
  };
}

const byName = (a: StockLineView, b: StockLineView) => a.name.localeCompare(b.name, 'fr-CA');
const locationOrder = (id: string) => (id === 'warehouse' ? 'zz' : id);

export async function locationStock(
  deps: InventoryDeps,
  locationId: string,
  filter: { productId?: string | undefined; status?: StockStatus | undefined },
): Promise<{ location: Location; items: StockLineView[] }> {
  const location = await deps.stock.getLocation(locationId);
  if (!location) throw new NotFoundError('Location', locationId);
  let levels: StockLevel[];
  if (filter.productId !== undefined) {
    const line = await deps.stock.stockLine(locationId, filter.productId);
    levels = line ? [line] : [];
  } else {
    levels = await deps.stock.stockAt(locationId);
  }
  const items = levels.map(viewOf).filter((l) => filter.status === undefined || l.status === filter.status);
  return { location, items: items.sort(byName) };
}

/** A product's stock at every location the caller may read (a cashier: their store and the warehouse). */
export async function productStock(
  deps: InventoryDeps,
  productId: string,
  caller: Caller | undefined,
): Promise<{ productId: string; items: StockLineView[] }> {
  const levels = await deps.stock.stockOfProduct(productId);
  if (levels.length === 0) throw new NotFoundError('Stock of product', productId);
  const items = levels
    .filter((l) => canReadStockAt(caller, l.locationId))
    .map(viewOf)
    .sort((a, b) => locationOrder(a.locationId).localeCompare(locationOrder(b.locationId)));
  return { productId, items };
}

import type { LocationDay, ProductDay } from '#domain/reporting/report.ts';
import type { Contribution } from '#domain/reporting/sales.ts';
import {
  aggregateUpdates,
  bulkItems,
  locationDayOf,
  productDayOf,
  topProductDaysOf,
} from '#functions/reporting/adapters/reporting-repository.ts';

/**
 * Applies contributions the way the projection does (one ADD per aggregate item, here folded in
 * memory with the same updates) and reads the items back as the repository does: the domain's
 * rules and the table's layout in one pure round trip.
 */
export function project(contributions: readonly Contribution[]) {
  const items = new Map<string, Record<string, unknown>>();
  for (const c of contributions) for (const u of aggregateUpdates(c)) bulkItems.fold(items, u);
  const kind = (prefix: string) => [...items.values()].filter((i) => String(i.pk).startsWith(prefix));
  return {
    locations: kind('DAY#').map(locationDayOf) as LocationDay[],
    top: kind('DAYTOP#').flatMap(topProductDaysOf) as ProductDay[],
    products: kind('PRODUCTDAY#').map(productDayOf) as ProductDay[],
    chain: kind('CHAINPRODUCTDAY').map(productDayOf) as ProductDay[],
    items,
  };
}

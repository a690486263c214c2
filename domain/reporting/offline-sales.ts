/**
 * Head office's view of the sales tills made offline and synced late (docs/web.md, "Offline till"):
 * one row per sale — where, which order and receipt, when it was sold and when it reached the
 * server, how late, and the products charged at a price (or tax class) the catalog no longer had.
 */
export interface OfflineSalePriceDifference {
  readonly productId: string;
  /** The product's name on the order (its id when the order does not name it). */
  readonly name: string;
  readonly chargedCents: number;
  readonly catalogCents: number;
  readonly chargedTaxClass: string;
  readonly catalogTaxClass: string;
}

export interface OfflineSaleRow {
  readonly locationId: string;
  readonly orderId: string;
  readonly receipt: string;
  /** When the till sold it (its clock). */
  readonly soldAt: string;
  /** When the server took it: the order's `createdAt`. */
  readonly syncedAt: string;
  /** `syncedAt − soldAt`, in whole seconds (0 when the till's clock was ahead). */
  readonly delaySeconds: number;
  readonly totalCents: number;
  readonly priceDifferences: readonly OfflineSalePriceDifference[];
}

export interface OfflineSaleFacts {
  readonly orderId: string;
  readonly locationId: string;
  readonly createdAt: string;
  readonly totalCents: number;
  readonly lines: readonly { readonly productId: string; readonly name: string }[];
  readonly offlineSale: {
    readonly soldAt: string;
    readonly receipt: string;
    readonly priceDifferences?: readonly Omit<OfflineSalePriceDifference, 'name'>[] | undefined;
  };
}

/** The dashboard's row of a confirmed offline sale. Pure. */
export function offlineSaleRow(o: OfflineSaleFacts): OfflineSaleRow {
  const names = new Map(o.lines.map((l) => [l.productId, l.name]));
  const delayMs = Date.parse(o.createdAt) - Date.parse(o.offlineSale.soldAt);
  return {
    locationId: o.locationId,
    orderId: o.orderId,
    receipt: o.offlineSale.receipt,
    soldAt: o.offlineSale.soldAt,
    syncedAt: o.createdAt,
    delaySeconds: Number.isFinite(delayMs) ? Math.max(0, Math.floor(delayMs / 1000)) : 0,
    totalCents: o.totalCents,
    priceDifferences: (o.offlineSale.priceDifferences ?? []).map((d) => ({
      productId: d.productId,
      name: names.get(d.productId) ?? d.productId,
      chargedCents: d.chargedCents,
      catalogCents: d.catalogCents,
      chargedTaxClass: d.chargedTaxClass,
      catalogTaxClass: d.catalogTaxClass,
    })),
  };
}

/** How many offline sales the dashboard lists (the latest synced first). */
export const dashboardOfflineSales = 20;

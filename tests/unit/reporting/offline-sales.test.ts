import { describe, expect, it } from 'vitest';
import { offlineSaleRow } from '#domain/reporting/offline-sales.ts';

const sale = {
  orderId: 'o-1',
  locationId: 'store-2',
  createdAt: '2026-12-01T15:42:30.000Z',
  totalCents: 1150,
  lines: [{ productId: 'croissant', name: 'Croissant au beurre' }],
  offlineSale: {
    soldAt: '2026-12-01T15:00:00.000Z',
    receipt: 'HL-till-2-7',
    priceDifferences: [
      {
        productId: 'croissant',
        chargedCents: 325,
        catalogCents: 350,
        chargedTaxClass: 'bakery-single',
        catalogTaxClass: 'bakery-single',
      },
    ],
  },
};

describe('offlineSaleRow', () => {
  it('says how late the sale reached the server and names the product charged at an old price', () => {
    expect(offlineSaleRow(sale)).toEqual({
      locationId: 'store-2',
      orderId: 'o-1',
      receipt: 'HL-till-2-7',
      soldAt: '2026-12-01T15:00:00.000Z',
      syncedAt: '2026-12-01T15:42:30.000Z',
      delaySeconds: 2550,
      totalCents: 1150,
      priceDifferences: [{ ...sale.offlineSale.priceDifferences[0], name: 'Croissant au beurre' }],
    });
  });

  it('counts no delay when the till clock was ahead, and no differences when the catalog had not changed', () => {
    const row = offlineSaleRow({
      ...sale,
      offlineSale: { soldAt: '2026-12-01T15:43:00.000Z', receipt: 'HL-till-2-8' },
    });
    expect(row.delaySeconds).toBe(0);
    expect(row.priceDifferences).toEqual([]);
  });
});

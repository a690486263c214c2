import { describe, expect, it } from 'vitest';
import { NotFoundError } from '#domain/shared/errors.ts';
import { priceBasket, type CatalogFacts } from '#domain/sales/pricing.ts';

const catalog: CatalogFacts[] = [
  { productId: 'coffee', name: 'Café', priceCents: 199 },
  { productId: 'donut', name: 'Beigne', priceCents: 125 },
];

describe('priceBasket: the one pricing function of quote, sale and offline till', () => {
  it('prices each line at the catalog price, merging lines of one product, with GST and QST on the subtotal', () => {
    const b = priceBasket({
      lines: [
        { productId: 'coffee', quantity: 1 },
        { productId: 'donut', quantity: 1 },
        { productId: 'donut', quantity: 1 },
      ],
      catalog,
      method: 'card',
    });
    expect(b.lines).toEqual([
      {
        productId: 'coffee',
        name: 'Café',
        quantity: 1,
        unitPriceCents: 199,
        taxClass: 'standard',
        lineTotalCents: 199,
      },
      {
        productId: 'donut',
        name: 'Beigne',
        quantity: 2,
        unitPriceCents: 125,
        taxClass: 'standard',
        lineTotalCents: 250,
      },
    ]);
    // 449 ¢: GST 22.45 → 22, QST 44.79 → 45 (half up, each on its own)
    expect(b).toMatchObject({
      subtotalCents: 449,
      gstCents: 22,
      qstCents: 45,
      roundingCents: 0,
      totalCents: 516,
    });
    expect(b.taxLines).toEqual([{ taxClass: 'standard', taxableCents: 449, gstCents: 22, qstCents: 45 }]);
  });

  it('rounds a cash total to the nearest 5 ¢ and says by how much', () => {
    const b = priceBasket({
      lines: [
        { productId: 'coffee', quantity: 1 },
        { productId: 'donut', quantity: 2 },
      ],
      catalog,
      method: 'cash',
    });
    expect(b).toMatchObject({ totalCents: 515, roundingCents: -1 });
  });

  it('names a product the catalog does not know', () => {
    expect(() =>
      priceBasket({ lines: [{ productId: 'nope', quantity: 1 }], catalog, method: 'card' }),
    ).toThrow(NotFoundError);
  });
});

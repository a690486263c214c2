import { describe, expect, it } from 'vitest';
import { NotFoundError, RuleViolation } from '#domain/shared/errors.ts';
import {
  priceBasket,
  type BasketDiscount,
  type BasketLine,
  type CatalogFacts,
} from '#domain/sales/pricing.ts';

// Every figure below is computed by hand (docs/taxes.md): GST 5 % and QST 9.975 %, each once per receipt
// on the total that bears it, half up to the cent; bakery singles are GST-only under six, zero-rated at six.
const catalog: CatalogFacts[] = [
  { productId: 'coffee', name: 'Café', priceCents: 199, taxClass: 'standard', stocked: false },
  { productId: 'donut', name: 'Beigne', priceCents: 125 },
  { productId: 'beans', name: 'Café en grains', priceCents: 1499, taxClass: 'zero-rated' },
  { productId: 'muffin', name: 'Muffin', priceCents: 275, taxClass: 'bakery-single' },
  { productId: 'almond', name: 'Croissant aux amandes', priceCents: 350, taxClass: 'bakery-single' },
  { productId: 'butter-croissant', name: 'Croissant au beurre', priceCents: 225, taxClass: 'zero-rated' },
];

const basket = (lines: BasketLine[], method: 'card' | 'cash' = 'card', basketDiscount?: BasketDiscount) =>
  priceBasket({ lines, catalog, method, basketDiscount });
const q = (productId: string, quantity: number, discount?: BasketLine['discount']): BasketLine => ({
  productId,
  quantity,
  ...(discount ? { discount } : {}),
});

describe('priceBasket: the one pricing function of quote, sale and offline till', () => {
  it('prices each line at the catalog price, merging lines of one product, with GST and QST on the subtotal', () => {
    const b = basket([q('coffee', 1), q('donut', 1), q('donut', 1)]);
    expect(b.lines).toEqual([
      {
        productId: 'coffee',
        name: 'Café',
        quantity: 1,
        unitPriceCents: 199,
        taxClass: 'standard',
        discountCents: 0,
        lineTotalCents: 199,
        stocked: false,
      },
      {
        productId: 'donut',
        name: 'Beigne',
        quantity: 2,
        unitPriceCents: 125,
        taxClass: 'standard',
        discountCents: 0,
        lineTotalCents: 250,
      },
    ]);
    // 449 ¢: GST 22.45 → 22, QST 44.79 → 45 (half up, each on its own)
    expect(b).toMatchObject({
      subtotalCents: 449,
      discountCents: 0,
      gstCents: 22,
      qstCents: 45,
      roundingCents: 0,
      totalCents: 516,
    });
    expect(b.taxLines).toEqual([{ taxClass: 'standard', taxableCents: 449, gstCents: 22, qstCents: 45 }]);
  });

  // [what, lines, method, subtotal, GST, QST, rounding, total, taxLines]
  it.each<[string, BasketLine[], 'card' | 'cash', number, number, number, number, number, unknown[]]>([
    [
      'standard: a hot drink bears GST and QST',
      [q('coffee', 1)],
      'card',
      199,
      10, // 9.95
      20, // 19.85
      0,
      229,
      [{ taxClass: 'standard', taxableCents: 199, gstCents: 10, qstCents: 20 }],
    ],
    [
      'zero-rated: coffee beans bear no tax',
      [q('beans', 2)],
      'card',
      2998,
      0,
      0,
      0,
      2998,
      [{ taxClass: 'zero-rated', taxableCents: 2998, gstCents: 0, qstCents: 0 }],
    ],
    [
      'bakery singles, five of them (three muffins, two almond croissants): GST only',
      [q('muffin', 3), q('almond', 2)],
      'card',
      1525,
      76, // 76.25
      0,
      0,
      1601,
      [{ taxClass: 'bakery-single', taxableCents: 1525, gstCents: 76, qstCents: 0 }],
    ],
    [
      'bakery singles, six of them from two products: all zero-rated',
      [q('muffin', 4), q('almond', 2)],
      'card',
      1800,
      0,
      0,
      0,
      1800,
      [{ taxClass: 'bakery-single', taxableCents: 1800, gstCents: 0, qstCents: 0 }],
    ],
    [
      'a plain butter croissant is bread, zero-rated, and does not count toward the six',
      [q('muffin', 5), q('butter-croissant', 1)],
      'card',
      1600,
      69, // 5 muffins 1375 ¢ × 5 % = 68.75
      0,
      0,
      1669,
      [
        { taxClass: 'zero-rated', taxableCents: 225, gstCents: 0, qstCents: 0 },
        { taxClass: 'bakery-single', taxableCents: 1375, gstCents: 69, qstCents: 0 },
      ],
    ],
    [
      'mixed: a coffee, beans and five muffins — GST on 15.74 $, QST on 1.99 $, split per class',
      [q('coffee', 1), q('beans', 1), q('muffin', 5)],
      'card',
      3073,
      79, // (199 + 1375) × 5 % = 78.70; split 79 × 199/1574 → 9.99, 79 × 1375/1574 → 69.01: 10 + 69
      20,
      0,
      3172,
      [
        { taxClass: 'standard', taxableCents: 199, gstCents: 10, qstCents: 20 },
        { taxClass: 'zero-rated', taxableCents: 1499, gstCents: 0, qstCents: 0 },
        { taxClass: 'bakery-single', taxableCents: 1375, gstCents: 69, qstCents: 0 },
      ],
    ],
    [
      'mixed: a coffee and six muffins — the muffins go zero-rated, the coffee is still taxed',
      [q('coffee', 1), q('muffin', 6)],
      'card',
      1849,
      10,
      20,
      0,
      1879,
      [
        { taxClass: 'standard', taxableCents: 199, gstCents: 10, qstCents: 20 },
        { taxClass: 'bakery-single', taxableCents: 1650, gstCents: 0, qstCents: 0 },
      ],
    ],
    [
      'cash: 2.29 $ rounds up to 2.30 $',
      [q('coffee', 1)],
      'cash',
      199,
      10,
      20,
      1,
      230,
      [{ taxClass: 'standard', taxableCents: 199, gstCents: 10, qstCents: 20 }],
    ],
    [
      'cash: 16.01 $ rounds down to 16.00 $',
      [q('muffin', 3), q('almond', 2)],
      'cash',
      1525,
      76,
      0,
      -1,
      1600,
      [{ taxClass: 'bakery-single', taxableCents: 1525, gstCents: 76, qstCents: 0 }],
    ],
  ])('%s', (_what, lines, method, subtotalCents, gstCents, qstCents, roundingCents, totalCents, taxLines) => {
    const b = basket(lines, method);
    expect(b).toMatchObject({
      subtotalCents,
      discountCents: 0,
      gstCents,
      qstCents,
      roundingCents,
      totalCents,
    });
    expect(b.taxLines).toEqual(taxLines);
    // The classes add up to the receipt.
    expect(b.taxLines.reduce((s, t) => s + t.gstCents, 0)).toBe(gstCents);
    expect(b.taxLines.reduce((s, t) => s + t.qstCents, 0)).toBe(qstCents);
  });

  describe('discounts come off before taxes', () => {
    it('a line percentage: 10 % off two coffees', () => {
      const b = basket([q('coffee', 2, { kind: 'percent', percent: 10, reason: 'Client fidèle' })]);
      // 398 ¢ − 39.8 → 40 = 358; GST 17.90 → 18; QST 35.71 → 36
      expect(b.lines[0]).toMatchObject({ discountCents: 40, lineTotalCents: 358 });
      expect(b).toMatchObject({
        subtotalCents: 398,
        discountCents: 40,
        gstCents: 18,
        qstCents: 36,
        totalCents: 412,
      });
      expect(b.discounts).toEqual([
        {
          scope: 'line',
          productId: 'coffee',
          kind: 'percent',
          percent: 10,
          reason: 'Client fidèle',
          discountCents: 40,
        },
      ]);
    });

    it('a basket amount is spread over the lines in proportion, to the cent', () => {
      const b = basket([q('coffee', 1), q('beans', 1)], 'card', {
        kind: 'amount',
        amountCents: 500,
        code: 'AUTOMNE5',
        reason: 'Code promo',
      });
      // 500 × 199/1698 = 58.60 and 500 × 1499/1698 = 441.40: 58 + 441, the cent left to the larger remainder
      expect(b.lines.map((l) => [l.discountCents, l.lineTotalCents])).toEqual([
        [59, 140],
        [441, 1058],
      ]);
      // GST 7.00, QST 13.97 → 14 on the coffee's 1.40 $ only: the beans stay zero-rated
      expect(b).toMatchObject({
        subtotalCents: 1698,
        discountCents: 500,
        gstCents: 7,
        qstCents: 14,
        totalCents: 1219,
      });
      expect(b.discounts).toEqual([
        {
          scope: 'basket',
          kind: 'amount',
          amountCents: 500,
          code: 'AUTOMNE5',
          reason: 'Code promo',
          discountCents: 500,
        },
      ]);
    });

    it('a line discount then a basket percentage on what is left', () => {
      const b = basket(
        [q('coffee', 1, { kind: 'amount', amountCents: 99, reason: 'Tasse apportée' }), q('donut', 2)],
        'cash',
        {
          kind: 'percent',
          percent: 50,
          reason: 'Fermeture',
        },
      );
      // coffee 199 − 99 = 100, donuts 250: basket 350 × 50 % = 175 → 50 + 125; lines 50 and 125
      expect(b.lines.map((l) => [l.discountCents, l.lineTotalCents])).toEqual([
        [149, 50],
        [125, 125],
      ]);
      // 175 ¢: GST 8.75 → 9, QST 17.46 → 17; 201 in cash → 2.00 $
      expect(b).toMatchObject({
        discountCents: 274,
        gstCents: 9,
        qstCents: 17,
        roundingCents: -1,
        totalCents: 200,
      });
    });

    it('a discount does not change how many bakery singles the sale holds', () => {
      const b = basket([q('muffin', 6)], 'card', { kind: 'percent', percent: 50, reason: 'Fin de journée' });
      expect(b).toMatchObject({ discountCents: 825, gstCents: 0, qstCents: 0, totalCents: 825 });
    });

    it.each<[string, BasketDiscount]>([
      ['more than the line is worth', { kind: 'amount', amountCents: 200, reason: 'x' }],
      ['a percentage above 100', { kind: 'percent', percent: 101, reason: 'x' }],
      ['a percentage of 0', { kind: 'percent', percent: 0, reason: 'x' }],
      ['a percentage with three decimals', { kind: 'percent', percent: 10.125, reason: 'x' }],
      ['a fractional amount', { kind: 'amount', amountCents: 1.5, reason: 'x' }],
      ['no reason', { kind: 'amount', amountCents: 10, reason: '  ' }],
    ])('refuses a discount of %s, naming the field', (_what, discount) => {
      expect(() => basket([q('coffee', 1, discount)])).toThrow(RuleViolation);
      expect(() => basket([q('coffee', 1)], 'card', discount)).toThrow(RuleViolation);
      try {
        basket([q('coffee', 1, discount)]);
      } catch (e) {
        expect((e as RuleViolation).details).toMatchObject({ field: 'lines.0.discount' });
      }
    });
  });

  describe('shipping is taxed as the goods it carries (GST/HST Memorandum 28-2)', () => {
    const shipped = (lines: BasketLine[], shippingCents: number, basketDiscount?: BasketDiscount) =>
      priceBasket({ lines, catalog, method: 'card', basketDiscount, shippingCents });

    it('bears no tax on zero-rated groceries, nor on six bakery singles', () => {
      expect(shipped([q('beans', 1)], 995)).toMatchObject({
        subtotalCents: 1499,
        shippingCents: 995,
        taxLines: [{ taxClass: 'zero-rated', taxableCents: 2494, gstCents: 0, qstCents: 0 }],
        totalCents: 2494,
      });
      expect(shipped([q('muffin', 6)], 995)).toMatchObject({ gstCents: 0, qstCents: 0, totalCents: 2645 });
    });

    it('splits over the classes in proportion to their goods, to the cent, and taxes each share by its class', () => {
      // Goods 1499 zero-rated + 995 standard; 995 of shipping: 598.04 and 396.96 → 598 and 397 (largest
      // remainder). Standard taxable 995 + 397 = 1392: GST 69.60 → 70, QST 138.85 → 139.
      const b = shipped([q('beans', 1), q('coffee', 5)], 995);
      expect(b.taxLines).toEqual([
        { taxClass: 'standard', taxableCents: 1392, gstCents: 70, qstCents: 139 },
        { taxClass: 'zero-rated', taxableCents: 2097, gstCents: 0, qstCents: 0 },
      ]);
      expect(b).toMatchObject({ subtotalCents: 2494, shippingCents: 995, totalCents: 2494 + 995 + 70 + 139 });
    });

    it('is not discounted: a basket discount comes off the goods only', () => {
      // 4 doughnuts 500 − 10 % = 450, + 995 shipping = 1445 taxable: GST 72.25 → 72, QST 144.14 → 144.
      const b = shipped([q('donut', 4)], 995, { kind: 'percent', percent: 10, reason: 'promo' });
      expect(b).toMatchObject({
        subtotalCents: 500,
        discountCents: 50,
        shippingCents: 995,
        gstCents: 72,
        qstCents: 144,
        totalCents: 450 + 995 + 72 + 144,
      });
    });

    it('refuses a charge that is not whole, non-negative cents', () => {
      expect(() => shipped([q('donut', 1)], -1)).toThrow(RangeError);
      expect(() => shipped([q('donut', 1)], 9.5)).toThrow(RangeError);
    });
  });

  it('names a product the catalog does not know', () => {
    expect(() => basket([q('nope', 1)])).toThrow(NotFoundError);
  });
});

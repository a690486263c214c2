import { describe, expect, it } from 'vitest';
import type { CatalogFacts } from '#domain/sales/pricing.ts';
import {
  checkTerms,
  checkedCode,
  normaliseCode,
  priceWithPromo,
  promoDiscount,
  type PromoCode,
} from '#domain/sales/promo.ts';
import { DomainError, RuleViolation } from '#domain/shared/errors.ts';

const promo = (over: Partial<PromoCode> = {}): PromoCode => ({
  code: 'HIVER10',
  kind: 'percent',
  percent: 10,
  validFrom: '2026-12-01',
  validUntil: '2026-12-31',
  minimumCents: 1000,
  usageLimit: 3,
  description: 'Hiver −10 %',
  active: true,
  uses: 0,
  createdAt: '2026-11-30T12:00:00.000Z',
  updatedAt: '2026-11-30T12:00:00.000Z',
  revision: 0,
  ...over,
});

const catalog: CatalogFacts[] = [
  { productId: 'coffee', name: 'Café', priceCents: 199, taxClass: 'standard' },
  { productId: 'beans', name: 'Café en grains', priceCents: 1499, taxClass: 'zero-rated' },
  { productId: 'muffin', name: 'Muffin', priceCents: 275, taxClass: 'bakery-single' },
];
const midDecember = '2026-12-15T15:00:00.000Z';

const refusal = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  return 'accepted';
};

describe('promo codes: the code itself', () => {
  it('is case-insensitive and ignores surrounding spaces', () => {
    expect(normaliseCode('  hiver10 ')).toBe('HIVER10');
    expect(checkedCode('Noel-2026')).toBe('NOEL-2026');
  });
  it('refuses codes that are too short, too long or with other characters', () => {
    for (const bad of ['ab', 'a'.repeat(33), 'HIVER 10', 'NOËL', '-X10'])
      expect(() => checkedCode(bad)).toThrow(RuleViolation);
  });
});

describe('promo codes: head office terms', () => {
  it('accepts a percentage or an amount with dates in order', () => {
    expect(() => checkTerms(promo())).not.toThrow();
    expect(() =>
      checkTerms(promo({ kind: 'amount', percent: undefined, amountCents: 500, usageLimit: undefined })),
    ).not.toThrow();
  });
  it.each([
    ['percent above 100', { percent: 100.5 }, 'percent'],
    ['percent with three decimals', { percent: 10.125 }, 'percent'],
    ['an amount code with a percent', { kind: 'amount' as const, amountCents: 500 }, 'amountCents'],
    ['a zero amount', { kind: 'amount' as const, percent: undefined, amountCents: 0 }, 'amountCents'],
    ['the last day before the first', { validUntil: '2026-11-30' }, 'validUntil'],
    ['a day that does not exist', { validFrom: '2026-02-30' }, 'validFrom'],
    ['a negative minimum', { minimumCents: -1 }, 'minimumCents'],
    ['a usage limit of 0', { usageLimit: 0 }, 'usageLimit'],
    ['no description', { description: ' ' }, 'percent'],
  ])('refuses %s, naming the field', (_name, over, field) => {
    try {
      checkTerms(promo(over));
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RuleViolation);
      expect((e as RuleViolation).field).toBe(field);
    }
  });
});

describe('promo codes: when a basket may use one', () => {
  it('is valid from the first business day to the last, both included, in Montréal time', () => {
    // 2026-12-01 starts at 05:00 UTC in Montréal (EST); 2026-12-31 ends at 2027-01-01T05:00Z.
    expect(refusal(() => promoDiscount(promo(), '2026-12-01T04:59:59.000Z', 2000))).toBe(
      'promo-not-yet-valid',
    );
    expect(refusal(() => promoDiscount(promo(), '2026-12-01T05:00:00.000Z', 2000))).toBe('accepted');
    expect(refusal(() => promoDiscount(promo(), '2027-01-01T04:59:59.000Z', 2000))).toBe('accepted');
    expect(refusal(() => promoDiscount(promo(), '2027-01-01T05:00:00.000Z', 2000))).toBe('promo-expired');
  });
  it('needs the minimum basket, counted before discounts: at the minimum it applies, a cent under it does not', () => {
    expect(refusal(() => promoDiscount(promo(), midDecember, 1000))).toBe('accepted');
    expect(refusal(() => promoDiscount(promo(), midDecember, 999))).toBe('promo-below-minimum');
  });
  it('is refused once every use of the limit is taken, and when deactivated', () => {
    expect(refusal(() => promoDiscount(promo({ uses: 2 }), midDecember, 2000))).toBe('accepted');
    expect(refusal(() => promoDiscount(promo({ uses: 3 }), midDecember, 2000))).toBe('promo-exhausted');
    expect(refusal(() => promoDiscount(promo({ uses: 99, usageLimit: undefined }), midDecember, 2000))).toBe(
      'accepted',
    );
    expect(refusal(() => promoDiscount(promo({ active: false }), midDecember, 2000))).toBe('promo-inactive');
  });
  it('is a basket discount carrying its code and description', () => {
    expect(promoDiscount(promo(), midDecember, 2000)).toEqual({
      kind: 'percent',
      percent: 10,
      reason: 'Hiver −10 %',
      code: 'HIVER10',
    });
  });
});

describe('priceWithPromo: the discount through the one priceBasket, taxes after it', () => {
  it('takes 10 % off before taxes, spread over the lines; taxes on what is left (hand-computed)', () => {
    // 2 coffees 3.98 $ (standard) + beans 14.99 $ (zero-rated) = 18.97 $; 10 % = 1.897 → 1.90 $,
    // spread 3.98/18.97 and 14.99/18.97: 0.3986 → 0.40 $ on the coffees, 1.4986 → 1.50 $ on the beans.
    // Coffees 3.58 $: GST 0.179 → 0.18 $, QST 0.3571 → 0.36 $. Total 18.97 − 1.90 + 0.54 = 17.61 $.
    const b = priceWithPromo({
      lines: [
        { productId: 'coffee', quantity: 2 },
        { productId: 'beans', quantity: 1 },
      ],
      catalog,
      method: 'card',
      promo: promo(),
      at: midDecember,
    });
    expect(b.subtotalCents).toBe(1897);
    expect(b.discountCents).toBe(190);
    expect(b.lines.map((l) => [l.productId, l.discountCents, l.lineTotalCents])).toEqual([
      ['coffee', 40, 358],
      ['beans', 150, 1349],
    ]);
    expect([b.gstCents, b.qstCents, b.totalCents]).toEqual([18, 36, 1761]);
    expect(b.discounts).toEqual([
      {
        scope: 'basket',
        kind: 'percent',
        percent: 10,
        reason: 'Hiver −10 %',
        code: 'HIVER10',
        discountCents: 190,
      },
    ]);
  });
  it('an amount code never takes off more than the basket; six muffins stay zero-rated', () => {
    // Six muffins 16.50 $ (zero-rated at six), 20 $ off → 16.50 $ off: nothing left to pay, no tax.
    const b = priceWithPromo({
      lines: [{ productId: 'muffin', quantity: 6 }],
      catalog,
      method: 'card',
      promo: promo({ kind: 'amount', percent: undefined, amountCents: 2000 }),
      at: midDecember,
    });
    expect([b.subtotalCents, b.discountCents, b.gstCents, b.qstCents, b.totalCents]).toEqual([
      1650, 1650, 0, 0, 0,
    ]);
  });
  it('a 5 $ code on five muffins: GST on what they sold for', () => {
    // Five muffins 13.75 $ (GST only under six) − 5.00 $ = 8.75 $: GST 0.4375 → 0.44 $. Total 9.19 $.
    const b = priceWithPromo({
      lines: [{ productId: 'muffin', quantity: 5 }],
      catalog,
      method: 'card',
      promo: promo({ kind: 'amount', percent: undefined, amountCents: 500 }),
      at: midDecember,
    });
    expect([b.discountCents, b.gstCents, b.qstCents, b.totalCents]).toEqual([500, 44, 0, 919]);
  });
  it('without a code it is the plain price', () => {
    const b = priceWithPromo({
      lines: [{ productId: 'coffee', quantity: 1 }],
      catalog,
      method: 'card',
      at: midDecember,
    });
    expect([b.discountCents, b.totalCents]).toEqual([0, 229]);
  });
});

import { describe, expect, it } from 'vitest';
import {
  applyPatch,
  createProduct,
  maxPriceCents,
  searchWords,
  type ProductDraft,
} from '#domain/catalog/product.ts';
import { RuleViolation } from '#domain/shared/errors.ts';

const created = '2026-01-05T13:00:00.000Z';
const later = '2026-02-01T09:30:00.000Z';

const draft = (overrides: Partial<ProductDraft> = {}): ProductDraft => ({
  sku: 'CPT-CAF-0002',
  name: 'Café au lait',
  category: 'cafe',
  priceCents: 325,
  barcode: '0628915100556',
  ...overrides,
});

/** Runs `fn` and returns the field named by the RuleViolation it throws. */
function violatedField(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(RuleViolation);
    return (error as RuleViolation).field;
  }
  throw new Error('expected a RuleViolation, nothing was thrown');
}

describe('createProduct', () => {
  it('keeps the draft, stamps the id and times, upper-cases the SKU and trims the name', () => {
    // Act
    const product = createProduct('p1', draft({ sku: 'cpt-caf-0002', name: '  Café au lait ' }), created);
    // Assess
    expect(product).toEqual({
      id: 'p1',
      sku: 'CPT-CAF-0002',
      name: 'Café au lait',
      category: 'cafe',
      priceCents: 325,
      barcode: '0628915100556',
      taxClass: 'standard',
      stocked: true,
      createdAt: created,
      updatedAt: created,
    });
  });

  it('accepts a free product and the highest price', () => {
    expect(createProduct('p1', draft({ priceCents: 0 }), created).priceCents).toBe(0);
    expect(createProduct('p1', draft({ priceCents: maxPriceCents }), created).priceCents).toBe(maxPriceCents);
  });

  it('accepts a product without barcode', () => {
    expect(createProduct('p1', draft({ barcode: undefined }), created).barcode).toBeUndefined();
  });

  it.each([
    ['a negative price', -1],
    ['a fractional price', 1.5],
    ['a price above 100 000 $', maxPriceCents + 1],
    ['a price that is not a number', Number.NaN],
  ])('refuses %s', (_what, priceCents) => {
    expect(violatedField(() => createProduct('p1', draft({ priceCents }), created))).toBe('priceCents');
  });

  it.each([
    ['too short', 'A'],
    ['too long', `A${'B'.repeat(40)}`],
    ['starting with a dash', '-CAF-1'],
    ['with an underscore', 'CAF_1'],
    ['with a space', 'CAF 1'],
    ['with an accent', 'CAFÉ-1'],
  ])('refuses a SKU %s', (_what, sku) => {
    expect(violatedField(() => createProduct('p1', draft({ sku }), created))).toBe('sku');
  });

  it('accepts a SKU of 2 and of 40 characters', () => {
    expect(createProduct('p1', draft({ sku: 'A1' }), created).sku).toBe('A1');
    expect(createProduct('p1', draft({ sku: 'A'.repeat(40) }), created).sku).toBe('A'.repeat(40));
  });

  it.each([
    ['empty', ''],
    ['blank', '   '],
    ['without a letter or digit', '-- !! --'],
  ])('refuses a name %s', (_what, name) => {
    expect(violatedField(() => createProduct('p1', draft({ name }), created))).toBe('name');
  });

  it.each([
    ['a wrong check digit', '0628915100557'],
    ['12 digits', '062891510055'],
    ['letters', '06289151OO556'],
  ])('refuses a barcode with %s', (_what, barcode) => {
    expect(violatedField(() => createProduct('p1', draft({ barcode }), created))).toBe('barcode');
  });
});

describe('applyPatch', () => {
  const product = createProduct('p1', draft(), created);

  it('changes the given fields, keeps the others, the id and the creation time, and stamps the update', () => {
    // Act
    const next = applyPatch(product, { priceCents: 350, name: '  Grand café au lait ' }, later);
    // Assess
    expect(next).toEqual({
      ...product,
      priceCents: 350,
      name: 'Grand café au lait',
      updatedAt: later,
    });
  });

  it('ignores fields given as undefined', () => {
    expect(applyPatch(product, { name: undefined, priceCents: 300 }, later).name).toBe('Café au lait');
  });

  it('upper-cases a new SKU', () => {
    expect(applyPatch(product, { sku: 'cpt-caf-9999' }, later).sku).toBe('CPT-CAF-9999');
  });

  it('checks the result with the same rules as a new product, and leaves the product untouched', () => {
    expect(violatedField(() => applyPatch(product, { priceCents: -5 }, later))).toBe('priceCents');
    expect(violatedField(() => applyPatch(product, { barcode: '0628915100557' }, later))).toBe('barcode');
    expect(violatedField(() => applyPatch(product, { name: ' ' }, later))).toBe('name');
    expect(product.priceCents).toBe(325);
  });
});

describe('English name', () => {
  it('is trimmed and kept beside the French name, which stays `name`', () => {
    const product = createProduct('p1', draft({ name: 'Beigne', nameEn: '  Donut ' }), created);
    expect(product).toMatchObject({ name: 'Beigne', nameEn: 'Donut' });
  });

  it('must contain a letter or a digit, on creation and on a change', () => {
    expect(violatedField(() => createProduct('p1', draft({ nameEn: '—' }), created))).toBe('nameEn');
    const product = createProduct('p1', draft(), created);
    expect(violatedField(() => applyPatch(product, { nameEn: ' ! ' }, later))).toBe('nameEn');
    expect(applyPatch(product, { nameEn: ' Coffee with milk ' }, later).nameEn).toBe('Coffee with milk');
  });
});

describe('searchWords', () => {
  it('are the words of the name and of the category, dashes splitting the category', () => {
    expect(searchWords({ name: 'Croque-monsieur', category: 'pret-a-manger' })).toEqual([
      'croque',
      'monsieur',
      'pret',
      'a',
      'manger',
    ]);
  });

  it('include the words of the English name, so a product is found in either language', () => {
    expect(searchWords({ name: 'Beigne', nameEn: 'Donut', category: 'patisserie' })).toEqual([
      'beigne',
      'donut',
      'patisserie',
    ]);
  });

  it('list a word shared by the name and the category once', () => {
    expect(searchWords({ name: 'Café au lait', category: 'cafe' })).toEqual(['cafe', 'au', 'lait']);
  });
});

describe('tax class and made to order', () => {
  it('keeps the class and the made-to-order flag, standard and stocked unless said', () => {
    const latte = createProduct('p1', draft({ taxClass: 'standard', stocked: false }), created);
    expect(latte).toMatchObject({ taxClass: 'standard', stocked: false });
    const beans = applyPatch(createProduct('p2', draft(), created), { taxClass: 'zero-rated' }, later);
    expect(beans).toMatchObject({ taxClass: 'zero-rated', stocked: true });
  });

  it('refuses a class the pricing does not know, naming the field', () => {
    expect(violatedField(() => createProduct('p1', draft({ taxClass: 'luxury' as never }), created))).toBe(
      'taxClass',
    );
  });
});

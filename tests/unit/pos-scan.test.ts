import { describe, expect, it } from 'vitest';
import { pickProduct, scanQueue } from '../../web/src/pos/scan.ts';

const coffee = {
  id: 'coffee',
  sku: 'CPT-CAF-0001',
  name: 'Café',
  nameEn: 'Coffee',
  barcode: '0628915100112',
};
const iced = {
  id: 'iced',
  sku: 'CPT-CAF-0009',
  name: 'Café glacé',
  nameEn: 'Iced Coffee',
  barcode: '0628915100999',
};
const latte = { id: 'latte', sku: 'CPT-CAF-0002', name: 'Café au lait', barcode: '0628915100556' };

describe('pickProduct (the product a scan or a search + Enter means)', () => {
  it('takes the exact barcode or SKU over any name', () => {
    expect(pickProduct('0628915100556', [coffee, iced, latte])).toBe(latte);
    expect(pickProduct('cpt-caf-0009', [coffee, iced, latte])).toBe(iced);
  });

  it('takes an exact name (English or French, accents ignored) over a name it only begins', () => {
    expect(pickProduct('coffee', [iced, coffee])).toBe(coffee);
    expect(pickProduct('cafe', [latte, iced, coffee])).toBe(coffee);
    expect(pickProduct('café au', [coffee, latte])).toBe(latte);
  });

  it('never takes another product for an unknown barcode', () => {
    expect(pickProduct('0000000000000', [coffee])).toBeUndefined();
    expect(pickProduct('  ', [coffee])).toBeUndefined();
  });
});

describe('scanQueue', () => {
  it('applies every scan in scan order even when later lookups answer first', async () => {
    const applied: string[] = [];
    const delays: Record<string, number> = { a: 30, b: 1, c: 10 };
    const queue = scanQueue(
      (code) => new Promise<string>((r) => setTimeout(() => r(code.toUpperCase()), delays[code] ?? 0)),
      (code, { product }) => applied.push(`${code}:${product}`),
    );
    for (const code of ['a', 'b', 'c', 'a', 'b']) queue.push(code);
    await queue.idle();
    expect(applied).toEqual(['a:A', 'b:B', 'c:C', 'a:A', 'b:B']);
  });

  it('applies a failed lookup as not found, and goes on with the next scans', async () => {
    const applied: string[] = [];
    const queue = scanQueue(
      async (code) => {
        if (code === 'x') throw new Error('offline');
        return code;
      },
      (code, r) => applied.push(r.error ? `${code}:error` : `${code}:${r.product}`),
    );
    queue.push('x');
    queue.push('y');
    await queue.idle();
    expect(applied).toEqual(['x:error', 'y:y']);
  });
});

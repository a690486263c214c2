import { describe, expect, it } from 'vitest';
import { createProduct } from '#domain/catalog/product.ts';
import { demoEnglish } from '#local/seed/demo-catalog-en.ts';
import { demoMadeToOrder, demoProducts, demoStock, demoTaxClasses } from '#local/seed/demo-catalog.ts';

/** The demo catalog in both languages: French `name` first, the English one beside it. */
describe('demo catalog', () => {
  it('names and describes every product in French and in English, each language in its own field', () => {
    for (const p of demoProducts) {
      expect(p.nameEn, p.id).toEqual(expect.stringMatching(/\p{L}/u));
      expect(p.descriptionEn, p.id).toEqual(expect.stringMatching(/\p{L}/u));
      // No "français / English" left in the French fields.
      expect(p.name, p.id).not.toMatch(/ \/ /);
      expect(p.description, p.id).not.toMatch(/ \/ /);
    }
    expect(Object.keys(demoEnglish).sort()).toEqual(demoProducts.map((p) => p.id).sort());
  });

  it('shows the original products under their French names, with English on the switch', () => {
    const byId = new Map(demoProducts.map((p) => [p.id, p]));
    expect(byId.get('coffee')).toMatchObject({ name: 'Café', nameEn: 'Coffee' });
    expect(byId.get('donut')).toMatchObject({ name: 'Beigne', nameEn: 'Donut' });
  });

  it('holds products the catalog rules accept', () => {
    for (const p of demoProducts)
      expect(() => createProduct(p.id, p, '2026-01-05T13:00:00.000Z')).not.toThrow();
  });

  it('gives every product exactly one tax class by the rules of docs/taxes.md', () => {
    const listed = Object.values(demoTaxClasses).flat();
    expect([...listed].sort()).toEqual(demoProducts.map((p) => p.id).sort());
    const classOf = (id: string) => demoProducts.find((p) => p.id === id)?.taxClass;
    expect(classOf('cafe-grains-maison-340g')).toBe('zero-rated');
    expect(classOf('sirop-erable-540ml')).toBe('zero-rated');
    expect(classOf('lait-2-1l')).toBe('zero-rated');
    expect(classOf('farine-tout-usage-2-5kg')).toBe('zero-rated');
    expect(classOf('americano')).toBe('standard');
    expect(classOf('croustilles-sel-vinaigre-220g')).toBe('standard');
    expect(classOf('eau-petillante-500ml')).toBe('standard');
    expect(classOf('muffin')).toBe('bakery-single');
    expect(classOf('donut')).toBe('bakery-single');
    expect(classOf('croissant-aux-amandes')).toBe('bakery-single');
    expect(classOf('croissant-au-beurre')).toBe('zero-rated');
  });

  it('has no stock anywhere for the products made to order', () => {
    for (const id of demoMadeToOrder) {
      expect(demoProducts.find((p) => p.id === id)?.stocked, id).toBe(false);
      for (const perProduct of Object.values(demoStock)) expect(perProduct[id], id).toBeUndefined();
    }
  });
});

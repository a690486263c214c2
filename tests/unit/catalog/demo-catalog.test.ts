import { describe, expect, it } from 'vitest';
import { createProduct } from '#domain/catalog/product.ts';
import { demoEnglish } from '#local/seed/demo-catalog-en.ts';
import { demoProducts } from '#local/seed/demo-catalog.ts';

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
});

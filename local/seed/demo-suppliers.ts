import type { DemoProduct } from './demo-catalog.ts';

/**
 * The demo chain's suppliers: one per product, by category (a mill and bakery for bread and pastry,
 * a roaster for coffee, a dairy, a wholesaler for the rest). Unit cost = 40 % of the shelf price,
 * rounded to the cent; cases by category. Deterministic: the same products give the same offers.
 */
export interface DemoSupplier {
  readonly supplierId: string;
  readonly name: string;
  readonly leadTimeDays: number;
}

export const demoSuppliers: readonly DemoSupplier[] = [
  { supplierId: 'minoterie-laurentides', name: 'Minoterie des Laurentides', leadTimeDays: 2 },
  { supplierId: 'torrefacteur-mile-end', name: 'Torréfacteur Mile-End', leadTimeDays: 5 },
  { supplierId: 'laiterie-charlevoix', name: 'Laiterie de Charlevoix', leadTimeDays: 3 },
  { supplierId: 'distribution-saint-laurent', name: 'Distribution Saint-Laurent', leadTimeDays: 7 },
];

const byCategory: Readonly<Record<string, { supplierId: string; caseSize: number }>> = {
  boulangerie: { supplierId: 'minoterie-laurentides', caseSize: 6 },
  patisserie: { supplierId: 'minoterie-laurentides', caseSize: 6 },
  cafe: { supplierId: 'torrefacteur-mile-end', caseSize: 12 },
  'produits-laitiers': { supplierId: 'laiterie-charlevoix', caseSize: 12 },
};
const wholesaler = { supplierId: 'distribution-saint-laurent', caseSize: 12 };

export function demoOfferOf(p: Pick<DemoProduct, 'category' | 'priceCents'>): {
  supplierId: string;
  costCents: number;
  caseSize: number;
} {
  const { supplierId, caseSize } = byCategory[p.category] ?? wholesaler;
  return { supplierId, caseSize, costCents: Math.round(p.priceCents * 0.4) };
}

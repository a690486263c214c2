/**
 * Display names of the catalog's category ids. The catalog API has no category list yet, so the
 * shop offers these as filters; an unknown id is shown as it is.
 */
export const categoryLabels: Record<string, string> = {
  cafe: 'Café',
  boulangerie: 'Boulangerie',
  patisserie: 'Pâtisserie',
  epicerie: 'Épicerie',
  'produits-laitiers': 'Produits laitiers',
  boissons: 'Boissons',
  'pret-a-manger': 'Prêt-à-manger',
  surgeles: 'Surgelés',
};

export const categoryLabel = (id: string): string => categoryLabels[id] ?? id;

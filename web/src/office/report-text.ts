/**
 * The head office's texts for taxes, tenders, period comparisons and export languages, in one place
 * (French, Québec) so that they move as one into the apps' translation catalogs.
 */
export const reportText = {
  comparisonPrevious: 'Période précédente',
  comparisonYearEarlier: 'Il y a un an',
  comparisonSub: (from: string, to: string, change: string) => `Du ${from} au ${to} · ${change}`,
  noComparison: 'aucune vente à comparer',
  gstToRemit: 'TPS à remettre',
  qstToRemit: 'TVQ à remettre',
  remitSub: (collected: string, refunded: string) => `perçue ${collected}, remboursée ${refunded}`,
  taxesCaption: 'Taxes perçues par lieu et catégorie (montants nets à remettre)',
  taxesHint:
    'Montants nets : taxes perçues sur les ventes moins celles remboursées sur les retours, avant les crédits de taxe sur les intrants.',
  taxClass: 'Catégorie de taxe',
  taxBase: 'Ventes (base nette)',
  gst: 'TPS',
  qst: 'TVQ',
  totalToRemit: 'Total à remettre',
  tendersCaption: 'Ventes par mode de paiement (taxes incluses)',
  tender: 'Mode de paiement',
  tenderOrders: 'Commandes',
  tenderPaid: 'Encaissé',
  tenderRefunded: 'Remboursé',
  tenderNet: 'Net',
  exportLocale: 'Langue du fichier',
  exportLocaleColumn: 'Langue',
  locales: {
    'fr-CA': 'Français (Canada) : « ; » et virgule décimale',
    'en-CA': 'English (Canada): “,” and decimal point',
  },
  taxClasses: {
    standard: 'Taxable (TPS et TVQ)',
    'zero-rated': 'Détaxé (taux zéro)',
    'bakery-single': 'Pâtisseries à l’unité',
    exempt: 'Exonéré',
  } as Record<string, string>,
  tenders: { cash: 'Comptant', card: 'Carte', unknown: 'Inconnu' } as Record<string, string>,
} as const;

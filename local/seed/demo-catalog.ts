/**
 * Demo data for a Québec café-bakery-grocery chain (Comptoir local mode).
 *
 * Everything here is deterministic: product ids, SKUs and EAN-13 barcodes are
 * literals (check digits computed with `ean13CheckDigit` from
 * `domain/catalog/barcode.ts`), and stock levels for the non-original products
 * come from a small seeded hash of (product id, location id) — no Math.random.
 */
import type { TaxClass } from '#domain/sales/pricing.ts';
import { demoEnglish } from './demo-catalog-en.ts';

export interface DemoProduct {
  id: string;
  sku: string;
  /** The French display name; `nameEn` and `descriptionEn` come from demo-catalog-en.ts. */
  name: string;
  nameEn?: string;
  category: string;
  priceCents: number;
  barcode: string;
  description: string;
  descriptionEn?: string;
  /** By the rules of docs/taxes.md (demoTaxClasses below). */
  taxClass: TaxClass;
  /** `false`: made to order (demoMadeToOrder below): no stock line anywhere. */
  stocked: boolean;
  /** `false`: sold for pickup only (see `pickupOnly`). */
  shippable?: boolean;
}

export interface DemoLocation {
  id: string;
  name: string;
  kind: 'store' | 'warehouse' | 'head-office';
}

export const demoLocations: readonly DemoLocation[] = [
  { id: 'store-1', name: 'Centre-Ville', kind: 'store' },
  { id: 'store-2', name: 'Nord', kind: 'store' },
  { id: 'store-3', name: 'Sud', kind: 'store' },
  { id: 'store-4', name: 'Est', kind: 'store' },
  { id: 'store-5', name: 'Ouest', kind: 'store' },
  { id: 'warehouse', name: 'Centre logistique central', kind: 'warehouse' },
  { id: 'head-office', name: 'Maison mère', kind: 'head-office' },
];

/**
 * Category ids: cafe, boulangerie, patisserie, epicerie, produits-laitiers,
 * boissons, pret-a-manger, surgeles. The first five products are the original
 * system's catalog (ids, prices and stock kept as-is; "Coffee" and "Donut" are
 * named in French, their English names are in demo-catalog-en.ts).
 */
const frenchProducts: readonly Omit<DemoProduct, 'taxClass' | 'stocked'>[] = [
  {
    id: 'timbits',
    sku: 'CPT-PAT-0001',
    name: 'Timbits',
    category: 'patisserie',
    priceCents: 25,
    barcode: '0628915100006',
    description: 'Petite bouchée de beigne, nature ou glacée.',
  },
  {
    id: 'coffee',
    sku: 'CPT-CAF-0001',
    name: 'Café',
    category: 'cafe',
    priceCents: 199,
    barcode: '0628915100112',
    description: 'Café filtre fraîchement infusé, format moyen.',
  },
  {
    id: 'donut',
    sku: 'CPT-PAT-0002',
    name: 'Beigne',
    category: 'patisserie',
    priceCents: 125,
    barcode: '0628915100228',
    description: 'Beigne classique glacé du jour.',
  },
  {
    id: 'bagel',
    sku: 'CPT-BOU-0001',
    name: 'Bagel',
    category: 'boulangerie',
    priceCents: 150,
    barcode: '0628915100334',
    description: 'Bagel nature cuit au four à bois.',
  },
  {
    id: 'muffin',
    sku: 'CPT-PAT-0003',
    name: 'Muffin',
    category: 'patisserie',
    priceCents: 200,
    barcode: '0628915100440',
    description: 'Muffin du jour cuit sur place.',
  },
  {
    id: 'cafe-au-lait',
    sku: 'CPT-CAF-0002',
    name: 'Café au lait',
    category: 'cafe',
    priceCents: 325,
    barcode: '0628915100556',
    description: 'Café filtre et lait chaud moussé en parts égales.',
  },
  {
    id: 'espresso',
    sku: 'CPT-CAF-0003',
    name: 'Espresso',
    category: 'cafe',
    priceCents: 245,
    barcode: '0628915100662',
    description: 'Espresso simple, mélange maison torréfié au Québec.',
  },
  {
    id: 'espresso-double',
    sku: 'CPT-CAF-0004',
    name: 'Espresso double',
    category: 'cafe',
    priceCents: 325,
    barcode: '0628915100778',
    description: 'Double dose de notre espresso maison.',
  },
  {
    id: 'cappuccino',
    sku: 'CPT-CAF-0005',
    name: 'Cappuccino',
    category: 'cafe',
    priceCents: 395,
    barcode: '0628915100884',
    description: 'Espresso, lait vapeur et mousse de lait onctueuse.',
  },
  {
    id: 'latte-erable',
    sku: 'CPT-CAF-0006',
    name: "Latte à l'érable",
    category: 'cafe',
    priceCents: 475,
    barcode: '0628915100990',
    description: "Latte sucré au sirop d'érable pur du Québec.",
  },
  {
    id: 'americano',
    sku: 'CPT-CAF-0007',
    name: 'Americano',
    category: 'cafe',
    priceCents: 275,
    barcode: '0628915101102',
    description: "Espresso allongé d'eau chaude.",
  },
  {
    id: 'cafe-glace',
    sku: 'CPT-CAF-0008',
    name: 'Café glacé',
    category: 'cafe',
    priceCents: 299,
    barcode: '0628915101218',
    description: 'Café infusé à froid servi sur glace.',
  },
  {
    id: 'moka',
    sku: 'CPT-CAF-0009',
    name: 'Moka',
    category: 'cafe',
    priceCents: 445,
    barcode: '0628915101324',
    description: 'Espresso, chocolat noir et lait vapeur, garni de crème fouettée.',
  },
  {
    id: 'chai-latte',
    sku: 'CPT-CAF-0010',
    name: 'Chai latte',
    category: 'cafe',
    priceCents: 425,
    barcode: '0628915101430',
    description: 'Thé noir épicé et lait moussé.',
  },
  {
    id: 'the-vert',
    sku: 'CPT-CAF-0011',
    name: 'Thé vert',
    category: 'cafe',
    priceCents: 225,
    barcode: '0628915101546',
    description: 'Thé vert sencha infusé à la commande.',
  },
  {
    id: 'tisane-menthe',
    sku: 'CPT-CAF-0012',
    name: 'Tisane à la menthe',
    category: 'cafe',
    priceCents: 225,
    barcode: '0628915101652',
    description: 'Infusion de menthe poivrée sans caféine.',
  },
  {
    id: 'chocolat-chaud',
    sku: 'CPT-CAF-0013',
    name: 'Chocolat chaud',
    category: 'cafe',
    priceCents: 299,
    barcode: '0628915101768',
    description: 'Chocolat chaud onctueux garni de guimauves.',
  },
  {
    id: 'cafe-grains-maison-340g',
    sku: 'CPT-CAF-0014',
    name: 'Café en grains torréfaction maison (340 g)',
    category: 'cafe',
    priceCents: 1499,
    barcode: '0628915101874',
    description: 'Grains entiers de notre mélange signature, torréfiés à Montréal.',
  },
  {
    id: 'cafe-moulu-decafeine-340g',
    sku: 'CPT-CAF-0015',
    name: 'Café moulu décaféiné (340 g)',
    category: 'cafe',
    priceCents: 1399,
    barcode: '0628915101980',
    description: "Café moulu décaféiné à l'eau, torréfaction moyenne.",
  },
  {
    id: 'croissant-au-beurre',
    sku: 'CPT-BOU-0002',
    name: 'Croissant au beurre',
    category: 'boulangerie',
    priceCents: 245,
    barcode: '0628915102093',
    description: 'Croissant pur beurre feuilleté, cuit chaque matin.',
  },
  {
    id: 'croissant-aux-amandes',
    sku: 'CPT-BOU-0003',
    name: 'Croissant aux amandes',
    category: 'boulangerie',
    priceCents: 345,
    barcode: '0628915102208',
    description: "Croissant garni de crème d'amande et d'amandes effilées.",
  },
  {
    id: 'chocolatine',
    sku: 'CPT-BOU-0004',
    name: 'Chocolatine',
    category: 'boulangerie',
    priceCents: 275,
    barcode: '0628915102314',
    description: 'Viennoiserie feuilletée au chocolat noir.',
  },
  {
    id: 'pain-de-campagne',
    sku: 'CPT-BOU-0005',
    name: 'Pain de campagne',
    category: 'boulangerie',
    priceCents: 549,
    barcode: '0628915102420',
    description: 'Miche au levain naturel à croûte croustillante.',
  },
  {
    id: 'baguette-tradition',
    sku: 'CPT-BOU-0006',
    name: 'Baguette tradition',
    category: 'boulangerie',
    priceCents: 349,
    barcode: '0628915102536',
    description: 'Baguette à fermentation lente, farine québécoise.',
  },
  {
    id: 'pain-multigrain-tranche',
    sku: 'CPT-BOU-0007',
    name: 'Pain multigrain tranché',
    category: 'boulangerie',
    priceCents: 499,
    barcode: '0628915102642',
    description: 'Pain tranché aux sept grains et graines de lin.',
  },
  {
    id: 'pain-de-seigle',
    sku: 'CPT-BOU-0008',
    name: 'Pain de seigle',
    category: 'boulangerie',
    priceCents: 599,
    barcode: '0628915102758',
    description: 'Pain de seigle au carvi, mie dense et parfumée.',
  },
  {
    id: 'pain-aux-raisins',
    sku: 'CPT-BOU-0009',
    name: 'Pain aux raisins',
    category: 'boulangerie',
    priceCents: 325,
    barcode: '0628915102864',
    description: 'Escargot feuilleté à la crème pâtissière et aux raisins.',
  },
  {
    id: 'brioche-cannelle',
    sku: 'CPT-BOU-0010',
    name: 'Brioche à la cannelle',
    category: 'boulangerie',
    priceCents: 375,
    barcode: '0628915102970',
    description: 'Brioche roulée à la cannelle, glaçage au fromage à la crème.',
  },
  {
    id: 'bagel-sesame',
    sku: 'CPT-BOU-0011',
    name: 'Bagel sésame',
    category: 'boulangerie',
    priceCents: 160,
    barcode: '0628915103083',
    description: 'Bagel roulé à la main, généreusement garni de sésame.',
  },
  {
    id: 'bagel-graines-de-pavot',
    sku: 'CPT-BOU-0012',
    name: 'Bagel graines de pavot',
    category: 'boulangerie',
    priceCents: 160,
    barcode: '0628915103199',
    description: 'Bagel roulé à la main aux graines de pavot.',
  },
  {
    id: 'bagels-tout-garni-6',
    sku: 'CPT-BOU-0013',
    name: 'Bagels tout garni (6)',
    category: 'boulangerie',
    priceCents: 799,
    barcode: '0628915103304',
    description: 'Sac de six bagels « everything ».',
  },
  {
    id: 'muffin-aux-bleuets',
    sku: 'CPT-PAT-0004',
    name: 'Muffin aux bleuets',
    category: 'patisserie',
    priceCents: 225,
    barcode: '0628915103410',
    description: 'Muffin aux bleuets sauvages du Lac-Saint-Jean.',
  },
  {
    id: 'muffin-banane-noix',
    sku: 'CPT-PAT-0005',
    name: 'Muffin banane et noix',
    category: 'patisserie',
    priceCents: 225,
    barcode: '0628915103526',
    description: 'Muffin moelleux aux bananes mûres et noix de Grenoble.',
  },
  {
    id: 'beigne-erable',
    sku: 'CPT-PAT-0006',
    name: "Beigne à l'érable",
    category: 'patisserie',
    priceCents: 150,
    barcode: '0628915103632',
    description: "Beigne glacé à l'érable.",
  },
  {
    id: 'beigne-chocolat',
    sku: 'CPT-PAT-0007',
    name: 'Beigne au chocolat',
    category: 'patisserie',
    priceCents: 150,
    barcode: '0628915103748',
    description: 'Beigne trempé dans le chocolat, avec vermicelles.',
  },
  {
    id: 'timbits-boite-20',
    sku: 'CPT-PAT-0008',
    name: 'Timbits (boîte de 20)',
    category: 'patisserie',
    priceCents: 549,
    barcode: '0628915103854',
    description: 'Assortiment de 20 Timbits.',
  },
  {
    id: 'tarte-au-sucre',
    sku: 'CPT-PAT-0009',
    name: 'Tarte au sucre',
    category: 'patisserie',
    priceCents: 1299,
    barcode: '0628915103960',
    description: 'Tarte au sucre traditionnelle à la cassonade, 8 pouces.',
  },
  {
    id: 'tarte-aux-pommes',
    sku: 'CPT-PAT-0010',
    name: 'Tarte aux pommes',
    category: 'patisserie',
    priceCents: 1399,
    barcode: '0628915104073',
    description: 'Tarte aux pommes du Québec à la cannelle, 9 pouces.',
  },
  {
    id: 'pouding-chomeur',
    sku: 'CPT-PAT-0011',
    name: 'Pouding chômeur',
    category: 'patisserie',
    priceCents: 599,
    barcode: '0628915104189',
    description: "Gâteau nappé de sirop d'érable chaud, format individuel.",
  },
  {
    id: 'carre-aux-dattes',
    sku: 'CPT-PAT-0012',
    name: 'Carré aux dattes',
    category: 'patisserie',
    priceCents: 295,
    barcode: '0628915104295',
    description: "Carré aux dattes sur croustade d'avoine.",
  },
  {
    id: 'biscuit-pepites-chocolat',
    sku: 'CPT-PAT-0013',
    name: 'Biscuit aux pépites de chocolat',
    category: 'patisserie',
    priceCents: 195,
    barcode: '0628915104400',
    description: 'Gros biscuit moelleux aux pépites de chocolat.',
  },
  {
    id: 'galette-avoine',
    sku: 'CPT-PAT-0014',
    name: "Galette à l'avoine",
    category: 'patisserie',
    priceCents: 195,
    barcode: '0628915104516',
    description: "Galette à l'avoine et aux raisins, recette de grand-mère.",
  },
  {
    id: 'gateau-fromage-bleuets',
    sku: 'CPT-PAT-0015',
    name: 'Gâteau au fromage aux bleuets (pointe)',
    category: 'patisserie',
    priceCents: 525,
    barcode: '0628915104622',
    description: 'Pointe de gâteau au fromage style New York, coulis de bleuets.',
  },
  {
    id: 'eclair-chocolat',
    sku: 'CPT-PAT-0016',
    name: 'Éclair au chocolat',
    category: 'patisserie',
    priceCents: 375,
    barcode: '0628915104738',
    description: 'Pâte à choux garnie de crème pâtissière, glaçage chocolat.',
  },
  {
    id: 'macarons-6',
    sku: 'CPT-PAT-0017',
    name: 'Macarons (6)',
    category: 'patisserie',
    priceCents: 1199,
    barcode: '0628915104844',
    description: 'Boîte de six macarons assortis.',
  },
  {
    id: 'sirop-erable-540ml',
    sku: 'CPT-EPI-0001',
    name: "Sirop d'érable pur (540 ml)",
    category: 'epicerie',
    priceCents: 1299,
    barcode: '7553082103150',
    description: "Sirop d'érable pur du Québec, catégorie A, goût riche.",
  },
  {
    id: 'beurre-erable-250g',
    sku: 'CPT-EPI-0002',
    name: "Beurre d'érable (250 g)",
    category: 'epicerie',
    priceCents: 899,
    barcode: '7553082103228',
    description: "Crème d'érable 100 % pure à tartiner.",
  },
  {
    id: 'sucre-erable-200g',
    sku: 'CPT-EPI-0003',
    name: "Sucre d'érable (200 g)",
    category: 'epicerie',
    priceCents: 799,
    barcode: '7553082103297',
    description: "Sucre d'érable granulé pour la cuisine et la pâtisserie.",
  },
  {
    id: 'confiture-fraises-500ml',
    sku: 'CPT-EPI-0004',
    name: 'Confiture de fraises (500 ml)',
    category: 'epicerie',
    priceCents: 649,
    barcode: '7553082103365',
    description: "Confiture de fraises de l'île d'Orléans.",
  },
  {
    id: 'miel-trefle-500g',
    sku: 'CPT-EPI-0005',
    name: 'Miel de trèfle non pasteurisé (500 g)',
    category: 'epicerie',
    priceCents: 999,
    barcode: '7553082103433',
    description: "Miel crémeux de trèfle d'un rucher des Cantons-de-l'Est.",
  },
  {
    id: 'gruau-avoine-1kg',
    sku: 'CPT-EPI-0006',
    name: "Gruau à l'avoine (1 kg)",
    category: 'epicerie',
    priceCents: 549,
    barcode: '7553082103501',
    description: "Flocons d'avoine à cuisson rapide.",
  },
  {
    id: 'farine-tout-usage-2-5kg',
    sku: 'CPT-EPI-0007',
    name: 'Farine tout usage (2,5 kg)',
    category: 'epicerie',
    priceCents: 699,
    barcode: '7553082103570',
    description: 'Farine de blé non blanchie, moulue au Québec.',
  },
  {
    id: 'moutarde-erable-250ml',
    sku: 'CPT-EPI-0008',
    name: "Moutarde à l'érable (250 ml)",
    category: 'epicerie',
    priceCents: 549,
    barcode: '7553082103648',
    description: "Moutarde de Dijon adoucie au sirop d'érable.",
  },
  {
    id: 'feves-au-lard-398ml',
    sku: 'CPT-EPI-0009',
    name: 'Fèves au lard (398 ml)',
    category: 'epicerie',
    priceCents: 349,
    barcode: '7553082103716',
    description: 'Fèves au lard à la mélasse, recette de cabane à sucre.',
  },
  {
    id: 'soupe-aux-pois-796ml',
    sku: 'CPT-EPI-0010',
    name: 'Soupe aux pois (796 ml)',
    category: 'epicerie',
    priceCents: 399,
    barcode: '7553082103785',
    description: 'Soupe aux pois jaunes traditionnelle.',
  },
  {
    id: 'ketchup-aux-fruits-500ml',
    sku: 'CPT-EPI-0011',
    name: 'Ketchup aux fruits (500 ml)',
    category: 'epicerie',
    priceCents: 799,
    barcode: '7553082103853',
    description: 'Ketchup maison aux tomates, pêches et poires.',
  },
  {
    id: 'croustilles-sel-vinaigre-220g',
    sku: 'CPT-EPI-0012',
    name: 'Croustilles sel et vinaigre (220 g)',
    category: 'epicerie',
    priceCents: 449,
    barcode: '7553082103921',
    description: 'Croustilles cuites à la chaudière.',
  },
  {
    id: 'fromage-en-grains-300g',
    sku: 'CPT-LAI-0001',
    name: 'Fromage en grains (300 g)',
    category: 'produits-laitiers',
    priceCents: 749,
    barcode: '0628915106275',
    description: 'Fromage cheddar en grains frais du jour, qui fait « squick ».',
  },
  {
    id: 'lait-2-1l',
    sku: 'CPT-LAI-0002',
    name: 'Lait 2 % (1 L)',
    category: 'produits-laitiers',
    priceCents: 299,
    barcode: '0628915106381',
    description: 'Lait partiellement écrémé 2 %.',
  },
  {
    id: 'lait-3-25-2l',
    sku: 'CPT-LAI-0003',
    name: 'Lait 3,25 % (2 L)',
    category: 'produits-laitiers',
    priceCents: 549,
    barcode: '0628915106497',
    description: 'Lait entier homogénéisé.',
  },
  {
    id: 'creme-10-473ml',
    sku: 'CPT-LAI-0004',
    name: 'Crème 10 % (473 ml)',
    category: 'produits-laitiers',
    priceCents: 349,
    barcode: '0628915106602',
    description: 'Crème à café 10 %.',
  },
  {
    id: 'beurre-sale-454g',
    sku: 'CPT-LAI-0005',
    name: 'Beurre salé (454 g)',
    category: 'produits-laitiers',
    priceCents: 699,
    barcode: '0628915106718',
    description: 'Beurre salé fait de crème canadienne.',
  },
  {
    id: 'yogourt-grec-vanille-750g',
    sku: 'CPT-LAI-0006',
    name: 'Yogourt grec vanille (750 g)',
    category: 'produits-laitiers',
    priceCents: 599,
    barcode: '0628915106824',
    description: 'Yogourt grec onctueux à la vanille, 2 % M.G.',
  },
  {
    id: 'cheddar-fort-2-ans-200g',
    sku: 'CPT-LAI-0007',
    name: 'Cheddar fort vieilli 2 ans (200 g)',
    category: 'produits-laitiers',
    priceCents: 899,
    barcode: '0628915106930',
    description: 'Cheddar québécois affiné deux ans.',
  },
  {
    id: 'fromage-de-chevre-150g',
    sku: 'CPT-LAI-0008',
    name: 'Fromage de chèvre frais (150 g)',
    category: 'produits-laitiers',
    priceCents: 649,
    barcode: '0628915107043',
    description: 'Chèvre frais nature à tartiner.',
  },
  {
    id: 'oeufs-bruns-12',
    sku: 'CPT-LAI-0009',
    name: 'Œufs bruns (12)',
    category: 'produits-laitiers',
    priceCents: 549,
    barcode: '0628915107159',
    description: "Douzaine d'œufs bruns gros calibre de poules en liberté.",
  },
  {
    id: 'jus-orange-frais-1l',
    sku: 'CPT-BOI-0001',
    name: "Jus d'orange frais (1 L)",
    category: 'boissons',
    priceCents: 599,
    barcode: '0628915107265',
    description: "Jus d'orange pressé, non pasteurisé.",
  },
  {
    id: 'jus-de-pomme-1-89l',
    sku: 'CPT-BOI-0002',
    name: 'Jus de pomme (1,89 L)',
    category: 'boissons',
    priceCents: 449,
    barcode: '0628915107371',
    description: 'Jus de pommes du Québec, sans sucre ajouté.',
  },
  {
    id: 'eau-de-source-500ml',
    sku: 'CPT-BOI-0003',
    name: 'Eau de source (500 ml)',
    category: 'boissons',
    priceCents: 149,
    barcode: '0628915107487',
    description: 'Eau de source naturelle des Laurentides.',
  },
  {
    id: 'eau-petillante-500ml',
    sku: 'CPT-BOI-0004',
    name: 'Eau pétillante (500 ml)',
    category: 'boissons',
    priceCents: 199,
    barcode: '0628915107593',
    description: 'Eau minérale gazéifiée naturellement.',
  },
  {
    id: 'limonade-maison-473ml',
    sku: 'CPT-BOI-0005',
    name: 'Limonade maison (473 ml)',
    category: 'boissons',
    priceCents: 349,
    barcode: '0628915107708',
    description: 'Limonade citron et menthe préparée sur place.',
  },
  {
    id: 'the-glace-peche-500ml',
    sku: 'CPT-BOI-0006',
    name: 'Thé glacé à la pêche (500 ml)',
    category: 'boissons',
    priceCents: 275,
    barcode: '0628915107814',
    description: 'Thé noir infusé à froid et pêche.',
  },
  {
    id: 'lait-au-chocolat-473ml',
    sku: 'CPT-BOI-0007',
    name: 'Lait au chocolat (473 ml)',
    category: 'boissons',
    priceCents: 275,
    barcode: '0628915107920',
    description: 'Lait au chocolat 1 %.',
  },
  {
    id: 'kombucha-gingembre-414ml',
    sku: 'CPT-BOI-0008',
    name: 'Kombucha gingembre (414 ml)',
    category: 'boissons',
    priceCents: 449,
    barcode: '0628915108033',
    description: 'Kombucha biologique au gingembre, brassé au Québec.',
  },
  {
    id: 'sandwich-jambon-fromage',
    sku: 'CPT-PAM-0001',
    name: 'Sandwich jambon-fromage',
    category: 'pret-a-manger',
    priceCents: 749,
    barcode: '0628915108149',
    description: 'Jambon fumé, cheddar et moutarde sur baguette tradition.',
  },
  {
    id: 'wrap-poulet-cesar',
    sku: 'CPT-PAM-0002',
    name: 'Wrap poulet César',
    category: 'pret-a-manger',
    priceCents: 899,
    barcode: '0628915108255',
    description: 'Poulet grillé, laitue romaine, parmesan et sauce César.',
  },
  {
    id: 'salade-quinoa-legumes',
    sku: 'CPT-PAM-0003',
    name: 'Salade de quinoa et légumes',
    category: 'pret-a-manger',
    priceCents: 849,
    barcode: '0628915108361',
    description: 'Quinoa, pois chiches, légumes croquants et vinaigrette citronnée.',
  },
  {
    id: 'soupe-du-jour',
    sku: 'CPT-PAM-0004',
    name: 'Soupe du jour',
    category: 'pret-a-manger',
    priceCents: 475,
    barcode: '0628915108477',
    description: 'Soupe maison du jour, bol de 12 oz.',
  },
  {
    id: 'croque-monsieur',
    sku: 'CPT-PAM-0005',
    name: 'Croque-monsieur',
    category: 'pret-a-manger',
    priceCents: 795,
    barcode: '0628915108583',
    description: 'Jambon, béchamel et gruyère gratinés sur pain de campagne.',
  },
  {
    id: 'bagel-saumon-fume',
    sku: 'CPT-PAM-0006',
    name: 'Bagel au saumon fumé',
    category: 'pret-a-manger',
    priceCents: 995,
    barcode: '0628915108699',
    description: 'Bagel sésame, saumon fumé, fromage à la crème et câpres.',
  },
  {
    id: 'sandwich-aux-oeufs',
    sku: 'CPT-PAM-0007',
    name: 'Sandwich aux œufs',
    category: 'pret-a-manger',
    priceCents: 599,
    barcode: '0628915108804',
    description: "Salade d'œufs maison sur pain multigrain.",
  },
  {
    id: 'cretons-maison-250g',
    sku: 'CPT-PAM-0008',
    name: 'Cretons maison (250 g)',
    category: 'pret-a-manger',
    priceCents: 549,
    barcode: '0628915108910',
    description: 'Cretons de porc épicés, recette traditionnelle.',
  },
  {
    id: 'quiche-lorraine-pointe',
    sku: 'CPT-PAM-0009',
    name: 'Quiche lorraine (pointe)',
    category: 'pret-a-manger',
    priceCents: 625,
    barcode: '0628915109023',
    description: 'Pointe de quiche aux lardons et fromage suisse.',
  },
  {
    id: 'tourtiere-individuelle',
    sku: 'CPT-PAM-0010',
    name: 'Tourtière individuelle',
    category: 'pret-a-manger',
    priceCents: 699,
    barcode: '0628915109139',
    description: 'Tourtière à la viande format individuel, prête à réchauffer.',
  },
  {
    id: 'pate-chinois-surgele-1kg',
    sku: 'CPT-SUR-0001',
    name: 'Pâté chinois surgelé (1 kg)',
    category: 'surgeles',
    priceCents: 1299,
    barcode: '7553082105888',
    description: 'Bœuf haché, maïs en crème et purée de pommes de terre.',
  },
  {
    id: 'tourtiere-lac-saint-jean-surgelee',
    sku: 'CPT-SUR-0002',
    name: 'Tourtière du Lac-Saint-Jean surgelée (1,2 kg)',
    category: 'surgeles',
    priceCents: 1899,
    barcode: '7553082105956',
    description: 'Tourtière aux viandes et pommes de terre, recette du Saguenay.',
  },
  {
    id: 'pate-au-poulet-surgele',
    sku: 'CPT-SUR-0003',
    name: 'Pâté au poulet surgelé',
    category: 'surgeles',
    priceCents: 1099,
    barcode: '7553082106021',
    description: 'Pâté au poulet et légumes en croûte feuilletée.',
  },
  {
    id: 'pizza-garnie-surgelee',
    sku: 'CPT-SUR-0004',
    name: 'Pizza garnie surgelée',
    category: 'surgeles',
    priceCents: 899,
    barcode: '7553082106090',
    description: 'Pizza pepperoni, champignons et poivrons, croûte mince.',
  },
  {
    id: 'creme-glacee-erable-1-5l',
    sku: 'CPT-SUR-0005',
    name: "Crème glacée à l'érable (1,5 L)",
    category: 'surgeles',
    priceCents: 799,
    barcode: '7553082106168',
    description: "Crème glacée à l'érable et aux noix.",
  },
  {
    id: 'sorbet-framboise-500ml',
    sku: 'CPT-SUR-0006',
    name: 'Sorbet à la framboise (500 ml)',
    category: 'surgeles',
    priceCents: 649,
    barcode: '7553082106236',
    description: 'Sorbet aux framboises du Québec, sans produits laitiers.',
  },
  {
    id: 'bleuets-sauvages-surgeles-600g',
    sku: 'CPT-SUR-0007',
    name: 'Bleuets sauvages surgelés (600 g)',
    category: 'surgeles',
    priceCents: 749,
    barcode: '7553082106304',
    description: 'Bleuets sauvages congelés individuellement.',
  },
  {
    id: 'pate-feuilletee-surgelee-450g',
    sku: 'CPT-SUR-0008',
    name: 'Pâte feuilletée surgelée (450 g)',
    category: 'surgeles',
    priceCents: 549,
    barcode: '7553082106373',
    description: 'Pâte feuilletée pur beurre, prête à abaisser.',
  },
];

/**
 * The tax class of every demo product, by the rules of docs/taxes.md (GST/HST Memorandum 4.3, Revenu
 * Québec's pages on groceries; sales are take-out: the till does not sell "to eat here").
 */
export const demoTaxClasses: Readonly<Record<TaxClass, readonly string[]>> = {
  standard: [
    // Hot beverages and beverages made at the counter (heated, or dispensed in single servings).
    'coffee',
    'cafe-au-lait',
    'espresso',
    'espresso-double',
    'cappuccino',
    'latte-erable',
    'americano',
    'cafe-glace',
    'moka',
    'chai-latte',
    'the-vert',
    'tisane-menthe',
    'chocolat-chaud',
    // Single servings (under 600 ml) of beverages other than unflavoured milk: water, chocolate milk,
    // kombucha; carbonated water and fruit-flavoured drinks under 25 % juice whatever their size.
    'eau-de-source-500ml',
    'eau-petillante-500ml',
    'limonade-maison-473ml',
    'the-glace-peche-500ml',
    'lait-au-chocolat-473ml',
    'kombucha-gingembre-414ml',
    // Snack foods (chips).
    'croustilles-sel-vinaigre-220g',
    // Sandwiches and similar products (not frozen), salads not canned, food heated for consumption.
    'sandwich-jambon-fromage',
    'wrap-poulet-cesar',
    'salade-quinoa-legumes',
    'soupe-du-jour',
    'croque-monsieur',
    'bagel-saumon-fume',
    'sandwich-aux-oeufs',
    'quiche-lorraine-pointe',
  ],
  'zero-rated': [
    // Coffee beans and ground coffee, bread products without a sweetened filling or coating.
    'cafe-grains-maison-340g',
    'cafe-moulu-decafeine-340g',
    'bagel',
    'croissant-au-beurre',
    'pain-de-campagne',
    'baguette-tradition',
    'pain-multigrain-tranche',
    'pain-de-seigle',
    'bagel-sesame',
    'bagel-graines-de-pavot',
    'bagels-tout-garni-6',
    // Sweetened bakery products that are not single servings: packages of six or more, whole pies.
    'timbits-boite-20',
    'macarons-6',
    'tarte-au-sucre',
    'tarte-aux-pommes',
    // Groceries: sweetening agents, spreads, preserves, cereals, flour, condiments, canned food.
    'sirop-erable-540ml',
    'beurre-erable-250g',
    'sucre-erable-200g',
    'confiture-fraises-500ml',
    'miel-trefle-500g',
    'gruau-avoine-1kg',
    'farine-tout-usage-2-5kg',
    'moutarde-erable-250ml',
    'feves-au-lard-398ml',
    'soupe-aux-pois-796ml',
    'ketchup-aux-fruits-500ml',
    // Dairy products and eggs.
    'fromage-en-grains-300g',
    'lait-2-1l',
    'lait-3-25-2l',
    'creme-10-473ml',
    'beurre-sale-454g',
    'yogourt-grec-vanille-750g',
    'cheddar-fort-2-ans-200g',
    'fromage-de-chevre-150g',
    'oeufs-bruns-12',
    // Fruit juices (at least 25 % juice) of 600 ml or more.
    'jus-orange-frais-1l',
    'jus-de-pomme-1-89l',
    // Prepared food sold cold (meat spread, meat pie to reheat at home) and frozen food, ice cream and
    // sorbet in containers of 500 ml or more.
    'cretons-maison-250g',
    'tourtiere-individuelle',
    'pate-chinois-surgele-1kg',
    'tourtiere-lac-saint-jean-surgelee',
    'pate-au-poulet-surgele',
    'pizza-garnie-surgelee',
    'creme-glacee-erable-1-5l',
    'sorbet-framboise-500ml',
    'bleuets-sauvages-surgeles-600g',
    'pate-feuilletee-surgelee-450g',
  ],
  'bakery-single': [
    // Single servings (under 230 g) of doughnuts, muffins, cookies, cakes, pastries and croissants with
    // a sweetened filling or coating, sold from the counter (not individually packaged).
    'timbits',
    'donut',
    'muffin',
    'croissant-aux-amandes',
    'chocolatine',
    'pain-aux-raisins',
    'brioche-cannelle',
    'muffin-aux-bleuets',
    'muffin-banane-noix',
    'beigne-erable',
    'beigne-chocolat',
    'pouding-chomeur',
    'carre-aux-dattes',
    'biscuit-pepites-chocolat',
    'galette-avoine',
    'gateau-fromage-bleuets',
    'eclair-chocolat',
  ],
};

/**
 * Made to order at the counter (`stocked: false`): the espresso bar's drinks and the dishes made on the
 * spot. `coffee` (drip coffee) keeps the original system's stock of cups.
 */
export const demoMadeToOrder: readonly string[] = [
  'cafe-au-lait',
  'espresso',
  'espresso-double',
  'cappuccino',
  'latte-erable',
  'americano',
  'cafe-glace',
  'moka',
  'chai-latte',
  'the-vert',
  'tisane-menthe',
  'chocolat-chaud',
  'soupe-du-jour',
  'croque-monsieur',
];

const classOf = new Map(
  Object.entries(demoTaxClasses).flatMap(([c, ids]) => ids.map((id) => [id, c as TaxClass] as const)),
);

/**
 * Sold for pickup in store only, never shipped: drinks made to order (the café's, but its bags of
 * beans), prepared food (prêt-à-manger) and frozen goods, which would not survive a parcel.
 */
const pickupOnly = (p: Pick<DemoProduct, 'id' | 'category'>): boolean =>
  demoMadeToOrder.includes(p.id) ||
  (p.category === 'cafe' && !/-\d+g$/.test(p.id)) ||
  p.category === 'pret-a-manger' ||
  p.category === 'surgeles';

/** The demo catalog: French names and descriptions, with their English ones (demo-catalog-en.ts). */
export const demoProducts: readonly DemoProduct[] = frenchProducts.map((p) => ({
  ...p,
  ...demoEnglish[p.id],
  taxClass: classOf.get(p.id) ?? 'standard',
  stocked: !demoMadeToOrder.includes(p.id),
  ...(pickupOnly(p) ? { shippable: false } : {}),
}));

/** Locations that hold stock, in the column order used by `originalStock`. */
const stockedLocationIds = ['store-1', 'store-2', 'store-3', 'store-4', 'store-5', 'warehouse'];

/** Exact on-hand units of the original five products: store-1..store-5, then warehouse. */
const originalStock: Readonly<Record<string, readonly number[]>> = {
  timbits: [23, 34, 56, 5, 10, 80],
  coffee: [2, 34, 8, 89, 25, 60],
  donut: [45, 73, 26, 6, 90, 40],
  bagel: [2, 4, 89, 67, 5, 75],
  muffin: [84, 24, 5, 7, 37, 25],
};

/** 32-bit FNV-1a hash: deterministic pseudo-randomness for seeding stock. */
function fnv1a(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

/**
 * Seeded on-hand units. Stores: ~5 % out (0), ~12 % low (1–14), ~13 % reorder
 * (15–24), ~58 % ok (25–65), ~12 % over (66–125). Warehouse: 40–300.
 */
function seededUnits(productId: string, locationId: string): number {
  const hash = fnv1a(`${productId}@${locationId}`);
  const spread = hash >>> 8;
  if (locationId === 'warehouse') return 40 + (spread % 261);
  const bucket = hash % 100;
  if (bucket < 5) return 0;
  if (bucket < 17) return 1 + (spread % 14);
  if (bucket < 30) return 15 + (spread % 10);
  if (bucket < 88) return 25 + (spread % 41);
  return 66 + (spread % 60);
}

function buildStock(): Record<string, Record<string, number>> {
  const stock: Record<string, Record<string, number>> = {};
  stockedLocationIds.forEach((locationId, column) => {
    const perProduct: Record<string, number> = {};
    for (const product of demoProducts.filter((p) => p.stocked)) {
      const fixed = originalStock[product.id];
      perProduct[product.id] =
        fixed !== undefined ? (fixed[column] ?? 0) : seededUnits(product.id, locationId);
    }
    stock[locationId] = Object.freeze(perProduct);
  });
  return stock;
}

/**
 * on-hand units per location id (store-1..store-5, warehouse) per product id; head-office has no stock,
 * and products made to order have none anywhere.
 */
export const demoStock: Readonly<Record<string, Readonly<Record<string, number>>>> =
  Object.freeze(buildStock());

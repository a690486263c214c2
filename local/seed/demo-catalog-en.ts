/**
 * English names and descriptions of the demo catalog (local/seed/demo-catalog.ts), by product id.
 * `name` stays the French display name; these become `nameEn` and `descriptionEn`, shown on the
 * apps' English switch and found by search like the French ones.
 */
export const demoEnglish: Readonly<
  Record<string, { readonly nameEn: string; readonly descriptionEn: string }>
> = {
  timbits: { nameEn: 'Timbits', descriptionEn: 'Bite-sized donut hole, plain or glazed.' },
  coffee: { nameEn: 'Coffee', descriptionEn: 'Fresh-brewed drip coffee, medium size.' },
  donut: { nameEn: 'Donut', descriptionEn: 'Classic glazed donut of the day.' },
  bagel: { nameEn: 'Bagel', descriptionEn: 'Plain wood-fired bagel.' },
  muffin: { nameEn: 'Muffin', descriptionEn: 'Muffin of the day, baked in-store.' },
  'cafe-au-lait': {
    nameEn: 'Café au lait',
    descriptionEn: 'Drip coffee and steamed frothed milk in equal parts.',
  },
  espresso: { nameEn: 'Espresso', descriptionEn: 'Single espresso, house blend roasted in Québec.' },
  'espresso-double': { nameEn: 'Double espresso', descriptionEn: 'A double shot of our house espresso.' },
  cappuccino: { nameEn: 'Cappuccino', descriptionEn: 'Espresso, steamed milk and velvety milk foam.' },
  'latte-erable': { nameEn: 'Maple latte', descriptionEn: 'Latte sweetened with pure Québec maple syrup.' },
  americano: { nameEn: 'Americano', descriptionEn: 'Espresso lengthened with hot water.' },
  'cafe-glace': { nameEn: 'Iced coffee', descriptionEn: 'Cold-brewed coffee served over ice.' },
  moka: {
    nameEn: 'Mocha',
    descriptionEn: 'Espresso, dark chocolate and steamed milk, topped with whipped cream.',
  },
  'chai-latte': { nameEn: 'Chai latte', descriptionEn: 'Spiced black tea and frothed milk.' },
  'the-vert': { nameEn: 'Green tea', descriptionEn: 'Sencha green tea brewed to order.' },
  'tisane-menthe': { nameEn: 'Mint herbal tea', descriptionEn: 'Caffeine-free peppermint infusion.' },
  'chocolat-chaud': {
    nameEn: 'Hot chocolate',
    descriptionEn: 'Creamy hot chocolate topped with marshmallows.',
  },
  'cafe-grains-maison-340g': {
    nameEn: 'House roast whole bean coffee (340 g)',
    descriptionEn: 'Whole beans of our signature blend, roasted in Montréal.',
  },
  'cafe-moulu-decafeine-340g': {
    nameEn: 'Decaf ground coffee (340 g)',
    descriptionEn: 'Water-process decaffeinated ground coffee, medium roast.',
  },
  'croissant-au-beurre': {
    nameEn: 'Butter croissant',
    descriptionEn: 'Flaky all-butter croissant, baked every morning.',
  },
  'croissant-aux-amandes': {
    nameEn: 'Almond croissant',
    descriptionEn: 'Croissant filled with almond cream and topped with sliced almonds.',
  },
  chocolatine: { nameEn: 'Chocolate croissant', descriptionEn: 'Flaky pastry with dark chocolate.' },
  'pain-de-campagne': {
    nameEn: 'Country bread',
    descriptionEn: 'Natural sourdough loaf with a crisp crust.',
  },
  'baguette-tradition': {
    nameEn: 'Traditional baguette',
    descriptionEn: 'Slow-fermented baguette, Québec flour.',
  },
  'pain-multigrain-tranche': {
    nameEn: 'Sliced multigrain bread',
    descriptionEn: 'Sliced bread with seven grains and flaxseed.',
  },
  'pain-de-seigle': { nameEn: 'Rye bread', descriptionEn: 'Caraway rye bread, dense and fragrant crumb.' },
  'pain-aux-raisins': { nameEn: 'Raisin swirl', descriptionEn: 'Flaky swirl with pastry cream and raisins.' },
  'brioche-cannelle': {
    nameEn: 'Cinnamon roll',
    descriptionEn: 'Rolled cinnamon brioche, cream cheese frosting.',
  },
  'bagel-sesame': {
    nameEn: 'Sesame bagel',
    descriptionEn: 'Hand-rolled bagel, generously topped with sesame.',
  },
  'bagel-graines-de-pavot': {
    nameEn: 'Poppy seed bagel',
    descriptionEn: 'Hand-rolled bagel with poppy seeds.',
  },
  'bagels-tout-garni-6': { nameEn: 'Everything bagels (6)', descriptionEn: 'Bag of six everything bagels.' },
  'muffin-aux-bleuets': {
    nameEn: 'Blueberry muffin',
    descriptionEn: 'Muffin with wild blueberries from Lac-Saint-Jean.',
  },
  'muffin-banane-noix': {
    nameEn: 'Banana walnut muffin',
    descriptionEn: 'Moist muffin with ripe bananas and walnuts.',
  },
  'beigne-erable': { nameEn: 'Maple donut', descriptionEn: 'Maple-glazed donut.' },
  'beigne-chocolat': {
    nameEn: 'Chocolate donut',
    descriptionEn: 'Donut dipped in chocolate, with sprinkles.',
  },
  'timbits-boite-20': { nameEn: 'Timbits (box of 20)', descriptionEn: 'Box of 20 assorted Timbits.' },
  'tarte-au-sucre': { nameEn: 'Sugar pie', descriptionEn: 'Traditional brown sugar pie, 8 inches.' },
  'tarte-aux-pommes': { nameEn: 'Apple pie', descriptionEn: 'Québec apple pie with cinnamon, 9 inches.' },
  'pouding-chomeur': {
    nameEn: 'Pouding chômeur',
    descriptionEn: 'Cake topped with hot maple syrup, single serving.',
  },
  'carre-aux-dattes': { nameEn: 'Date square', descriptionEn: 'Date square on an oat crumble.' },
  'biscuit-pepites-chocolat': {
    nameEn: 'Chocolate chip cookie',
    descriptionEn: 'Big soft chocolate chip cookie.',
  },
  'galette-avoine': { nameEn: 'Oatmeal cookie', descriptionEn: "Oatmeal raisin cookie, grandma's recipe." },
  'gateau-fromage-bleuets': {
    nameEn: 'Blueberry cheesecake (slice)',
    descriptionEn: 'Slice of New York-style cheesecake, blueberry coulis.',
  },
  'eclair-chocolat': {
    nameEn: 'Chocolate éclair',
    descriptionEn: 'Choux pastry filled with pastry cream, chocolate icing.',
  },
  'macarons-6': { nameEn: 'Macarons (6)', descriptionEn: 'Box of six assorted macarons.' },
  'sirop-erable-540ml': {
    nameEn: 'Pure maple syrup (540 ml)',
    descriptionEn: 'Pure Québec maple syrup, grade A, rich taste.',
  },
  'beurre-erable-250g': { nameEn: 'Maple butter (250 g)', descriptionEn: '100% pure maple spread.' },
  'sucre-erable-200g': {
    nameEn: 'Maple sugar (200 g)',
    descriptionEn: 'Granulated maple sugar for cooking and baking.',
  },
  'confiture-fraises-500ml': {
    nameEn: 'Strawberry jam (500 ml)',
    descriptionEn: "Strawberry jam from Île d'Orléans.",
  },
  'miel-trefle-500g': {
    nameEn: 'Unpasteurized clover honey (500 g)',
    descriptionEn: 'Creamy clover honey from an Eastern Townships apiary.',
  },
  'gruau-avoine-1kg': { nameEn: 'Oatmeal (1 kg)', descriptionEn: 'Quick-cooking rolled oats.' },
  'farine-tout-usage-2-5kg': {
    nameEn: 'All-purpose flour (2.5 kg)',
    descriptionEn: 'Unbleached wheat flour, milled in Québec.',
  },
  'moutarde-erable-250ml': {
    nameEn: 'Maple mustard (250 ml)',
    descriptionEn: 'Dijon mustard mellowed with maple syrup.',
  },
  'feves-au-lard-398ml': {
    nameEn: 'Baked beans (398 ml)',
    descriptionEn: 'Molasses baked beans, sugar shack recipe.',
  },
  'soupe-aux-pois-796ml': { nameEn: 'Pea soup (796 ml)', descriptionEn: 'Traditional yellow pea soup.' },
  'ketchup-aux-fruits-500ml': {
    nameEn: 'Fruit ketchup (500 ml)',
    descriptionEn: 'Homemade ketchup with tomatoes, peaches and pears.',
  },
  'croustilles-sel-vinaigre-220g': {
    nameEn: 'Salt & vinegar chips (220 g)',
    descriptionEn: 'Kettle-cooked salt & vinegar chips.',
  },
  'fromage-en-grains-300g': {
    nameEn: 'Cheese curds (300 g)',
    descriptionEn: 'Fresh cheddar cheese curds of the day, the squeaky kind.',
  },
  'lait-2-1l': { nameEn: '2% milk (1 L)', descriptionEn: '2% partly skimmed milk.' },
  'lait-3-25-2l': { nameEn: '3.25% milk (2 L)', descriptionEn: 'Homogenized whole milk.' },
  'creme-10-473ml': { nameEn: '10% cream (473 ml)', descriptionEn: 'Half-and-half coffee cream, 10%.' },
  'beurre-sale-454g': {
    nameEn: 'Salted butter (454 g)',
    descriptionEn: 'Salted butter made from Canadian cream.',
  },
  'yogourt-grec-vanille-750g': {
    nameEn: 'Vanilla Greek yogurt (750 g)',
    descriptionEn: 'Creamy vanilla Greek yogurt, 2% M.F.',
  },
  'cheddar-fort-2-ans-200g': {
    nameEn: 'Aged 2-year old cheddar (200 g)',
    descriptionEn: 'Québec cheddar aged two years.',
  },
  'fromage-de-chevre-150g': {
    nameEn: 'Fresh goat cheese (150 g)',
    descriptionEn: 'Plain fresh goat cheese, spreadable.',
  },
  'oeufs-bruns-12': { nameEn: 'Brown eggs (12)', descriptionEn: 'A dozen large free-range brown eggs.' },
  'jus-orange-frais-1l': {
    nameEn: 'Fresh orange juice (1 L)',
    descriptionEn: 'Fresh-squeezed orange juice, unpasteurized.',
  },
  'jus-de-pomme-1-89l': {
    nameEn: 'Apple juice (1.89 L)',
    descriptionEn: 'Québec apple juice, no added sugar.',
  },
  'eau-de-source-500ml': {
    nameEn: 'Spring water (500 ml)',
    descriptionEn: 'Natural spring water from the Laurentians.',
  },
  'eau-petillante-500ml': {
    nameEn: 'Sparkling water (500 ml)',
    descriptionEn: 'Naturally sparkling mineral water.',
  },
  'limonade-maison-473ml': {
    nameEn: 'Homemade lemonade (473 ml)',
    descriptionEn: 'Lemon and mint lemonade made in-store.',
  },
  'the-glace-peche-500ml': {
    nameEn: 'Peach iced tea (500 ml)',
    descriptionEn: 'Cold-brewed black tea with peach.',
  },
  'lait-au-chocolat-473ml': { nameEn: 'Chocolate milk (473 ml)', descriptionEn: '1% chocolate milk.' },
  'kombucha-gingembre-414ml': {
    nameEn: 'Ginger kombucha (414 ml)',
    descriptionEn: 'Organic ginger kombucha, brewed in Québec.',
  },
  'sandwich-jambon-fromage': {
    nameEn: 'Ham and cheese sandwich',
    descriptionEn: 'Smoked ham, cheddar and mustard on a traditional baguette.',
  },
  'wrap-poulet-cesar': {
    nameEn: 'Chicken Caesar wrap',
    descriptionEn: 'Grilled chicken, romaine, parmesan and Caesar dressing.',
  },
  'salade-quinoa-legumes': {
    nameEn: 'Quinoa and vegetable salad',
    descriptionEn: 'Quinoa, chickpeas, crunchy vegetables and lemon vinaigrette.',
  },
  'soupe-du-jour': { nameEn: 'Soup of the day', descriptionEn: 'Homemade soup of the day, 12 oz bowl.' },
  'croque-monsieur': {
    nameEn: 'Croque-monsieur',
    descriptionEn: 'Ham, béchamel and gruyère, grilled on country bread.',
  },
  'bagel-saumon-fume': {
    nameEn: 'Smoked salmon bagel',
    descriptionEn: 'Sesame bagel, smoked salmon, cream cheese and capers.',
  },
  'sandwich-aux-oeufs': {
    nameEn: 'Egg salad sandwich',
    descriptionEn: 'Homemade egg salad on multigrain bread.',
  },
  'cretons-maison-250g': {
    nameEn: 'Homemade cretons (250 g)',
    descriptionEn: 'Spiced pork spread, traditional recipe.',
  },
  'quiche-lorraine-pointe': {
    nameEn: 'Quiche lorraine (slice)',
    descriptionEn: 'Slice of quiche with bacon and Swiss cheese.',
  },
  'tourtiere-individuelle': {
    nameEn: 'Individual meat pie',
    descriptionEn: 'Single-serving meat pie, ready to reheat.',
  },
  'pate-chinois-surgele-1kg': {
    nameEn: 'Frozen shepherd’s pie (1 kg)',
    descriptionEn: 'Ground beef, creamed corn and mashed potatoes.',
  },
  'tourtiere-lac-saint-jean-surgelee': {
    nameEn: 'Frozen Lac-Saint-Jean meat pie (1.2 kg)',
    descriptionEn: 'Meat and potato pie, a Saguenay recipe.',
  },
  'pate-au-poulet-surgele': {
    nameEn: 'Frozen chicken pot pie',
    descriptionEn: 'Chicken and vegetables in a flaky crust.',
  },
  'pizza-garnie-surgelee': {
    nameEn: 'Frozen all-dressed pizza',
    descriptionEn: 'Pepperoni, mushroom and pepper pizza, thin crust.',
  },
  'creme-glacee-erable-1-5l': { nameEn: 'Maple ice cream (1.5 L)', descriptionEn: 'Maple walnut ice cream.' },
  'sorbet-framboise-500ml': {
    nameEn: 'Raspberry sorbet (500 ml)',
    descriptionEn: 'Québec raspberry sorbet, dairy-free.',
  },
  'bleuets-sauvages-surgeles-600g': {
    nameEn: 'Frozen wild blueberries (600 g)',
    descriptionEn: 'Individually quick-frozen wild blueberries.',
  },
  'pate-feuilletee-surgelee-450g': {
    nameEn: 'Frozen puff pastry (450 g)',
    descriptionEn: 'All-butter puff pastry, ready to roll.',
  },
};

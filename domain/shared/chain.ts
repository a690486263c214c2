/**
 * The chain's stores as customers know them (the inventory context's locations carry the same names):
 * a pickup store is named in e-mails and on the shop by this list, which every context may read.
 */
export const storeNames: Readonly<Record<string, string>> = {
  'store-1': 'Centre-Ville',
  'store-2': 'Nord',
  'store-3': 'Sud',
  'store-4': 'Est',
  'store-5': 'Ouest',
};

/** "Comptoir Nord", or the id itself for a location this list does not know. */
export const storeLabel = (locationId: string): string =>
  storeNames[locationId] ? `Comptoir ${storeNames[locationId]}` : locationId;

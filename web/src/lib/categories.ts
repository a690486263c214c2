import { translator } from './i18n.ts';
import * as common from './messages.ts';

const t = translator(common);

/**
 * The catalog's category ids, named in the page's language. The catalog API has no category list
 * yet, so the shop offers these as filters; an unknown id is shown as it is.
 */
export const categoryIds = [
  'cafe',
  'boulangerie',
  'patisserie',
  'epicerie',
  'produits-laitiers',
  'boissons',
  'pret-a-manger',
  'surgeles',
] as const;
type CategoryId = (typeof categoryIds)[number];

const isCategory = (id: string): id is CategoryId => (categoryIds as readonly string[]).includes(id);

export const categoryLabel = (id: string): string => (isCategory(id) ? t(`category.${id}`) : id);

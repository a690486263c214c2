import { discountLimitFrom } from '#domain/sales/discounts.ts';
import { httpHandler, json } from '#functions/shared/http.ts';
import { CatalogRepositoryReader } from './adapters/catalog-reader.ts';
import { quoteBasket } from './sales-service.ts';
import { salesApi } from './schemas.ts';

/**
 * What a basket costs before paying, priced by the same function as the sale (priceBasket), so the
 * quote the till shows is the total charged and printed. Writes nothing.
 */
const catalog = new CatalogRepositoryReader();
const discountLimit = discountLimitFrom({
  percent: process.env.COMPTOIR_DISCOUNT_LIMIT_PERCENT,
  cents: process.env.COMPTOIR_DISCOUNT_LIMIT_CENTS,
});

export const handler = httpHandler(salesApi['POST /locations/{storeId}/quotes'], async ({ body }) =>
  json(
    200,
    await quoteBasket(catalog, body.lines, body.method ?? 'card', {
      basketDiscount: body.discount,
      discountLimit,
    }),
  ),
);

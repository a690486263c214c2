import { CatalogRepositoryReader } from './adapters/catalog-reader.ts';
import { StepFunctionsCheckout } from './adapters/checkout-saga.ts';
import { discountLimitFrom } from '#domain/sales/discounts.ts';
import { salesDeps } from './deps.ts';
import type { SellingDeps } from './sales-service.ts';

/** Sales wiring plus the catalog (pricing) and the checkout saga, for the routes that sell. */
export const sellingDeps = (): SellingDeps => ({
  ...salesDeps(),
  catalog: new CatalogRepositoryReader(),
  saga: new StepFunctionsCheckout(),
  discountLimit: discountLimitFrom({
    percent: process.env.COMPTOIR_DISCOUNT_LIMIT_PERCENT,
    cents: process.env.COMPTOIR_DISCOUNT_LIMIT_CENTS,
  }),
});

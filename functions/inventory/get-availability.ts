import { httpHandler, json } from '#functions/shared/http.ts';
import { DynamoStockRepository } from './adapters/stock-repository.ts';
import { productAvailability } from './availability.ts';
import { inventoryApi } from './schemas.ts';

/** Public: a product's availability for delivery and at each store (levels, no counts). */
const stock = new DynamoStockRepository();

export const handler = httpHandler(
  inventoryApi['GET /products/{productId}/availability'],
  async ({ params }) =>
    json(200, productAvailability(params.productId, await stock.stockOfProduct(params.productId))),
);

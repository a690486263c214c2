import { httpHandler, json } from '#functions/shared/http.ts';
import { DynamoStockRepository } from './adapters/stock-repository.ts';
import { productStock } from './inventory-service.ts';
import { ProductParams } from './schemas.ts';

const deps = { stock: new DynamoStockRepository() };

export const handler = httpHandler(
  { route: 'GET /stock/{productId}', params: ProductParams },
  async ({ params, caller }) => json(200, await productStock(deps, params.productId, caller)),
);

import { httpHandler, json } from '#functions/shared/http.ts';
import { DynamoStockRepository } from './adapters/stock-repository.ts';
import { productStock } from './inventory-service.ts';
import { inventoryApi } from './schemas.ts';

const deps = { stock: new DynamoStockRepository() };

export const handler = httpHandler(inventoryApi['GET /stock/{productId}'], async ({ params, caller }) =>
  json(200, await productStock(deps, params.productId, caller)),
);

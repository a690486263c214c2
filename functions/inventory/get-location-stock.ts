import { httpHandler, json } from '#functions/shared/http.ts';
import { DynamoStockRepository } from './adapters/stock-repository.ts';
import { locationStock } from './inventory-service.ts';
import { inventoryApi } from './schemas.ts';

const deps = { stock: new DynamoStockRepository() };

export const handler = httpHandler(
  inventoryApi['GET /locations/{locationId}/stock'],
  async ({ params, query }) => json(200, await locationStock(deps, params.locationId, query)),
);

import { httpHandler, json } from '#functions/shared/http.ts';
import { DynamoStockRepository } from './adapters/stock-repository.ts';
import { inventoryApi } from './schemas.ts';

const stock = new DynamoStockRepository();

export const handler = httpHandler(inventoryApi['GET /locations'], async () =>
  json(200, { items: await stock.listLocations() }),
);

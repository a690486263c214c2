import { httpHandler, json } from '#functions/shared/http.ts';
import { DynamoStockRepository } from './adapters/stock-repository.ts';

const stock = new DynamoStockRepository();

export const handler = httpHandler({ route: 'GET /locations' }, async () =>
  json(200, { items: await stock.listLocations() }),
);

import { httpHandler, json } from '#functions/shared/http.ts';
import { DynamoStockRepository } from './adapters/stock-repository.ts';
import { locationStock } from './inventory-service.ts';
import { LocationParams, LocationStockQuery } from './schemas.ts';

const deps = { stock: new DynamoStockRepository() };

export const handler = httpHandler(
  { route: 'GET /locations/{locationId}/stock', params: LocationParams, query: LocationStockQuery },
  async ({ params, query }) => json(200, await locationStock(deps, params.locationId, query)),
);

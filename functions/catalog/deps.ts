import { randomUUID } from 'node:crypto';
import { DynamoProductRepository } from './adapters/product-repository.ts';
import type { CatalogDeps } from './catalog-service.ts';

/** Wiring of the catalog use cases to their adapters, made once per cold start. */
export const catalogDeps = (): CatalogDeps => ({
  products: new DynamoProductRepository(),
  now: () => new Date().toISOString(),
  newId: () => `prd_${randomUUID().replace(/-/g, '').slice(0, 20)}`,
});

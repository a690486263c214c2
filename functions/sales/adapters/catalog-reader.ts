import type { CatalogPrice } from '#domain/sales/order.ts';
import { DynamoProductRepository } from '#functions/catalog/adapters/product-repository.ts';
import type { CatalogReader } from '../sales-service.ts';

/**
 * Catalog prices for showing a cart, read through the catalog context's own repository module with
 * read-only access to its table (the cart routes are granted `catalog` read in the route table).
 * Informational only: at checkout the saga's price-order step, owned by the catalog, prices again.
 */
export class CatalogRepositoryReader implements CatalogReader {
  private readonly products = new DynamoProductRepository();

  async prices(productIds: readonly string[]): Promise<CatalogPrice[]> {
    const found = await Promise.all([...new Set(productIds)].map((id) => this.products.get(id)));
    return found.flatMap((p) => (p ? [{ productId: p.id, name: p.name, priceCents: p.priceCents }] : []));
  }
}

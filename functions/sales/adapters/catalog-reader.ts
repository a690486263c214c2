import type { CatalogFacts } from '#domain/sales/pricing.ts';
import { DynamoProductRepository } from '#functions/catalog/adapters/product-repository.ts';
import type { CatalogReader } from '../sales-service.ts';

/**
 * What pricing needs of the catalog (price, name, tax class, made to order or stocked, pickup only), read through the catalog context's own
 * repository module with read-only access to its table (the selling and cart routes are granted
 * `catalog` in the route table): one BatchGetItem per basket. The sale is priced here, once; the saga
 * trusts that price.
 */
export class CatalogRepositoryReader implements CatalogReader {
  private readonly products = new DynamoProductRepository();

  async facts(productIds: readonly string[]): Promise<CatalogFacts[]> {
    if (productIds.length === 0) return [];
    const found = await this.products.getMany(productIds);
    return found.map((p) => ({
      productId: p.id,
      name: p.name,
      priceCents: p.priceCents,
      taxClass: p.taxClass,
      stocked: p.stocked,
      ...(p.shippable === false ? { shippable: false } : {}),
    }));
  }
}

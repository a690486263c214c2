import { OrderReturned } from '#functions/events/order-returned.ts';
import { consumer, on } from '#functions/shared/consumer.ts';
import { DynamoStockWriter } from '../adapters/stock-writer.ts';

/**
 * Consumer of rule `inventory-restock-returns`: units of a return go back on hand at the location that
 * sold them. Inventory owns its stock, so sales announces the return (OrderReturned) rather than
 * writing the inventory table; each stocked line is restocked once per returnId, however often the event
 * comes (lines made to order, `stocked: false`, have no stock item and are skipped).
 */
const stock = new DynamoStockWriter();

export const handler = consumer({ name: 'inventory/restock-returned', table: 'inventory' }, [
  on(OrderReturned, async (d) => {
    // Products made to order have no stock item: nothing goes back on hand for them.
    const stocked = d.lines.filter((l) => l.stocked !== false);
    await Promise.all(
      stocked.map((l) =>
        stock.restock(d.returnId, d.locationId, { productId: l.productId, quantity: l.quantity }),
      ),
    );
  }),
]);

import { OrderConfirmed } from '#functions/events/order-confirmed.ts';
import { OrderReturned } from '#functions/events/order-returned.ts';
import { consumer, on } from '#functions/shared/consumer.ts';
import { DynamoReportingRepository } from './adapters/reporting-repository.ts';
import { projectOfflineSale, projectReturn, projectSale } from './projections.ts';

/**
 * Consumer of rule `reporting-sales`: confirmed orders and returns into the daily aggregates, and
 * sales made offline into the dashboard's offline sales.
 */
const deps = { reporting: new DynamoReportingRepository(), now: () => new Date() };

export const handler = consumer({ name: 'reporting/project-sales', table: 'reporting' }, [
  on(OrderConfirmed, async (d) => {
    await projectSale(deps, {
      orderId: d.orderId,
      locationId: d.locationId,
      channel: d.channel,
      createdAt: d.createdAt,
      lines: d.lines,
      subtotalCents: d.subtotalCents,
      gstCents: d.gstCents,
      qstCents: d.qstCents,
      totalCents: d.totalCents,
      paymentMethod: d.paymentMethod,
      ...(d.taxLines ? { taxLines: d.taxLines } : {}),
      ...(d.discountCents !== undefined ? { discountCents: d.discountCents } : {}),
      ...(d.tenders ? { tenders: d.tenders } : {}),
    });
    if (d.offlineSale) await projectOfflineSale(deps, { ...d, offlineSale: d.offlineSale });
  }),
  on(OrderReturned, (d) =>
    projectReturn(deps, {
      returnId: d.returnId,
      orderId: d.orderId,
      locationId: d.locationId,
      returnedAt: d.returnedAt,
      lines: d.lines,
      amountCents: d.amountCents,
      ...(d.taxLines ? { taxLines: d.taxLines } : {}),
      ...(d.tenders ? { tenders: d.tenders } : {}),
    }),
  ),
]);

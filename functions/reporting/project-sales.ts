import { OrderConfirmed } from '#functions/events/order-confirmed.ts';
import { OrderReturned } from '#functions/events/order-returned.ts';
import { consumer, on } from '#functions/shared/consumer.ts';
import { DynamoReportingRepository } from './adapters/reporting-repository.ts';
import { projectReturn, projectSale } from './projections.ts';

/** Consumer of rule `reporting-sales`: confirmed orders and returns into the daily aggregates. */
const deps = { reporting: new DynamoReportingRepository(), now: () => new Date() };

export const handler = consumer({ name: 'reporting/project-sales', table: 'reporting' }, [
  on(OrderConfirmed, (d) =>
    projectSale(deps, {
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
    }),
  ),
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

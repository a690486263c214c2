import { alertStateOfEvent } from '#domain/reporting/alerts.ts';
import { Overstock } from '#functions/events/overstock.ts';
import { StockBackToNormal } from '#functions/events/stock-back-to-normal.ts';
import { StockLow } from '#functions/events/stock-low.ts';
import { StockOut } from '#functions/events/stock-out.ts';
import type { EventMeta } from '#functions/events/define.ts';
import { consumer, on } from '#functions/shared/consumer.ts';
import { DynamoReportingRepository } from './adapters/reporting-repository.ts';
import { projectAlert } from './projections.ts';

/** Consumer of rule `reporting-alerts`: stock alert events into the current-alerts read model. */
const deps = { reporting: new DynamoReportingRepository(), now: () => new Date() };

type StockAlertDetail = EventMeta & { locationId: string; productId: string; name: string; level: number };

const project = (eventName: string) => (d: StockAlertDetail) =>
  projectAlert(deps, {
    locationId: d.locationId,
    productId: d.productId,
    name: d.name,
    level: d.level,
    state: alertStateOfEvent[eventName]!,
    occurredAt: d.occurredAt,
  });

export const handler = consumer({ name: 'reporting/project-alerts', table: 'reporting' }, [
  on(StockOut, project('StockOut')),
  on(StockLow, project('StockLow')),
  on(Overstock, project('Overstock')),
  on(StockBackToNormal, project('StockBackToNormal')),
]);

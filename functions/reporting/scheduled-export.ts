import type { Context } from 'aws-lambda';
import { log, newCorrelationId, withCorrelation } from '#functions/shared/correlation.ts';
import { reportingDeps } from './deps.ts';
import { scheduledExport, type ScheduledExportInput } from './reporting-service.ts';

/**
 * Target of the `daily-sales-export` schedule (infra/spec/schedules.ts): EventBridge Scheduler on
 * AWS, croner locally; both pass the schedule's `input` plus its name. Safe to run twice: the export
 * id is derived from the schedule and the day, and a second record for it is not written.
 */
const deps = reportingDeps();

export interface ScheduledExportEvent extends ScheduledExportInput {
  readonly schedule: string;
}

export const handler = async (event: ScheduledExportEvent, _context?: Context) =>
  withCorrelation(newCorrelationId(), async () => {
    const made = await scheduledExport(
      deps,
      { period: event.period, format: event.format, locale: event.locale },
      event.schedule,
    );
    log.info('scheduled export', {
      schedule: event.schedule,
      exportId: made.export.exportId,
      created: made.created,
    });
    return { exportId: made.export.exportId, created: made.created };
  });

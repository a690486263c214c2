import type { Context } from 'aws-lambda';
import { log, newCorrelationId, withCorrelation } from '#functions/shared/correlation.ts';
import { fulfilmentDeps } from './deps.ts';
import { sweep } from './fulfilment-service.ts';

/**
 * Target of the `fulfilment-sweep` schedule: pickup orders not collected by their deadline are
 * cancelled (refund and stock back follow), unpublished fulfilment events are published. `at`
 * (ISO-8601) is the time to sweep as of — the schedule's time; tests inject it.
 */
const deps = fulfilmentDeps();

export const handler = async (
  event: { readonly at?: string; readonly schedule?: string },
  _context?: Context,
) =>
  withCorrelation(newCorrelationId(), async () => {
    const at =
      event.at && !Number.isNaN(Date.parse(event.at)) ? new Date(event.at).toISOString() : deps.now();
    const report = await sweep(deps, at);
    log.info('fulfilment sweep', { at, ...report });
    return report;
  });

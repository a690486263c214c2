import { tableName } from '#functions/adapters/dynamo.ts';
import { consumer, onAnyEvent } from '#functions/shared/consumer.ts';
import { EventLog } from './adapters/event-log.ts';
import { recordEvent } from './audit-trail.ts';

/**
 * Target of the `audit-trail` rule (infra/spec/rules.ts): every `comptoir.*` event into the audit trail.
 * Recording is idempotent by itself (puts of keys derived from the event id), so no marker is kept.
 */
let deps: { eventLog: EventLog } | undefined;

export const handler = consumer({ name: 'ops/record-event', idempotency: 'natural' }, [
  onAnyEvent(async (detail, event) => {
    deps ??= { eventLog: new EventLog(tableName('reporting')) };
    await recordEvent(deps, event, detail);
  }),
]);

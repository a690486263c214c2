import { tableName } from '#functions/adapters/dynamo.ts';
import { httpHandler, json } from '#functions/shared/http.ts';
import { EventLog } from './adapters/event-log.ts';
import { listEvents } from './audit-trail.ts';
import { eventsApi } from './event-schemas.ts';

let deps: { eventLog: EventLog } | undefined;

export const handler = httpHandler(eventsApi['GET /events'], async ({ query }) => {
  deps ??= { eventLog: new EventLog(tableName('reporting')) };
  return json(200, await listEvents(deps, query));
});

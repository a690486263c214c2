import * as z from 'zod/mini';
import { defineEvent } from './define.ts';

/**
 * An e-mail could not be sent on this attempt (SES refused it or was unavailable). The event is retried
 * by the bus; after the last retry it is dead-lettered (docs/events.md), `final: true` on that attempt.
 */
export const NotificationFailed = defineEvent({
  name: 'NotificationFailed',
  source: 'comptoir.notifications',
  version: 1,
  schema: z.object({
    notificationId: z.string(),
    kind: z.string(),
    subject: z.string(),
    recipient: z.string(),
    attempt: z.int(),
    error: z.string(),
    /** No retry is left: the event goes to the dead letters. */
    final: z.boolean(),
  }),
});

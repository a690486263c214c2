import * as z from 'zod/mini';
import { defineEvent } from './define.ts';

/** An e-mail was accepted by SES for its recipient (the address is not repeated: the user id, or `guest`). */
export const NotificationSent = defineEvent({
  name: 'NotificationSent',
  source: 'comptoir.notifications',
  version: 1,
  schema: z.object({
    notificationId: z.string(),
    kind: z.string(),
    /** The order, receipt or export it is about. */
    subject: z.string(),
    recipient: z.string(),
    locale: z.string(),
    messageId: z.string(),
    attempt: z.int(),
  }),
});

import { UserChanged } from '#functions/events/user-changed.ts';
import { consumer, on } from '#functions/shared/consumer.ts';
import { notificationDeps } from '../deps.ts';
import { rememberRecipient } from '../notifications-service.ts';

/** Consumer of rule `notifications-directory`: the e-mail address and language of each user, from UserChanged. */
const deps = notificationDeps();

export const handler = consumer({ name: 'notifications/remember-recipient', table: 'notifications' }, [
  on(UserChanged, (d) => rememberRecipient(deps, d)),
]);

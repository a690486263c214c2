import { EventBridgePublisher } from '#functions/adapters/eventbridge-publisher.ts';
import { SesMailer } from './adapters/mailer.ts';
import { DynamoNotificationStore } from './adapters/notification-store.ts';
import type { NotificationDeps } from './notifications-service.ts';

/** Wiring of the notifications consumers, once per cold start. */
export const notificationDeps = (): NotificationDeps => ({
  store: new DynamoNotificationStore(),
  mailer: new SesMailer(),
  events: new EventBridgePublisher(),
  now: () => new Date().toISOString(),
  shopUrl: process.env.COMPTOIR_PUBLIC_URL ?? 'http://localhost:3000',
});

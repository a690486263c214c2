import {
  mailLocaleOf,
  templateData,
  templateName,
  type MailFacts,
  type NotificationKind,
} from '#domain/notifications/notification.ts';
import type { EventPublisher } from '#functions/adapters/event-publisher.ts';
import { NotificationFailed } from '#functions/events/notification-failed.ts';
import { NotificationSent } from '#functions/events/notification-sent.ts';
import { log } from '#functions/shared/correlation.ts';
import { consumerRetryPolicy } from '#infra/spec/rules.ts';
import { permanentMailErrors, type Mailer } from './adapters/mailer.ts';
import type { NotificationStore } from './adapters/notification-store.ts';

/**
 * Notifications (a choreographed consumer, docs/events.md): e-mails to customers when their order is
 * confirmed, shipped, ready for pickup or cancelled, in their language. Each e-mail has one record
 * keyed by (kind, subject, recipient): sent once however often its event arrives. A send SES refuses
 * for a while (throttled, unavailable) throws, so the bus retries it; after the last retry the event
 * is dead-lettered (and `NotificationFailed` says `final: true`). A send SES refuses for good (an
 * address it will not send to) is recorded `failed`, announced and dead-lettered at once.
 */
export interface NotificationDeps {
  readonly store: NotificationStore;
  readonly mailer: Mailer;
  readonly events: EventPublisher;
  readonly now: () => string;
  /** The shop's address, for the links of the e-mails. */
  readonly shopUrl: string;
}

/** Attempts of one event by the bus: the first and its retries (as for every consumer). */
const maxAttempts = 1 + consumerRetryPolicy({ retryAttempts: 2, maxEventAgeSeconds: 21_600 }).retryAttempts;

/** A send SES will never accept: not retried, dead-lettered at once (the bus reads `retryable`). */
export class MailRefusedError extends Error {
  readonly retryable = false;
}

export async function rememberRecipient(
  deps: NotificationDeps,
  d: {
    userId: string;
    after: { displayName: string };
    contact?: { email?: string | undefined; locale?: string | undefined } | undefined;
    occurredAt: string;
  },
): Promise<void> {
  if (!d.contact?.email) return;
  await deps.store.remember({
    userId: d.userId,
    email: d.contact.email,
    ...(d.contact.locale ? { locale: d.contact.locale } : {}),
    displayName: d.after.displayName,
    asOf: d.occurredAt,
  });
}

export async function notify(
  deps: NotificationDeps,
  n: { kind: NotificationKind; subject: string; userId: string; facts: MailFacts },
  correlationId: string,
): Promise<'sent' | 'already-sent' | 'no-recipient'> {
  const notificationId = `${n.kind}:${n.subject}:${n.userId}`;
  const meta = () => ({ correlationId, occurredAt: deps.now() });
  const done = await deps.store.get(notificationId);
  if (done?.status === 'sent' || done?.status === 'failed') return 'already-sent';
  const recipient = await deps.store.recipient(n.userId);
  if (!recipient) {
    log.warn('no e-mail address known for the user: nothing sent', { userId: n.userId, kind: n.kind });
    return 'no-recipient';
  }
  const locale = mailLocaleOf(recipient.locale);
  const attempt = await deps.store.attempt(notificationId, n.kind, deps.now());
  let messageId: string;
  try {
    messageId = await deps.mailer.send({
      to: recipient.email,
      template: templateName(n.kind, locale),
      data: templateData(n.facts, locale, {
        recipientName: recipient.displayName,
        link: `${deps.shopUrl}/web/shop/`,
      }),
      tags: { kind: n.kind },
    });
  } catch (error) {
    const name = error instanceof Error ? error.name : 'Error';
    const permanent = permanentMailErrors.has(name);
    if (permanent) await deps.store.finish(notificationId, 'failed', deps.now());
    await deps.events.publish([
      NotificationFailed.make(
        {
          notificationId,
          kind: n.kind,
          subject: n.subject,
          recipient: n.userId,
          attempt,
          error: `${name}: ${error instanceof Error ? error.message : String(error)}`.slice(0, 500),
          final: permanent || attempt >= maxAttempts,
        },
        meta(),
      ),
    ]);
    if (permanent) throw new MailRefusedError(`SES refused the ${n.kind} e-mail for ${n.userId}: ${name}`);
    throw error;
  }
  await deps.store.finish(notificationId, 'sent', deps.now(), messageId);
  await deps.events.publish([
    NotificationSent.make(
      { notificationId, kind: n.kind, subject: n.subject, recipient: n.userId, locale, messageId, attempt },
      meta(),
    ),
  ]);
  return 'sent';
}

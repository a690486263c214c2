import { api, isMissingRoute } from '../lib/api.ts';
import { h, render } from '../lib/dom.ts';
import { formatDateTime, translator } from '../lib/i18n.ts';
import { describeError, mountLayout, requireRole } from '../lib/layout.ts';
import * as common from '../lib/messages.ts';
import * as messages from './messages.ts';

const t = translator(common, messages);

/**
 * The ops mailbox: every e-mail the local SES v2 endpoint accepted (local/ses.ts keeps each one —
 * headers, text and HTML parts — in the data folder), newest first, read from `GET /_local/mailbox`
 * (ops and managers, as every /_local/ endpoint). The text part is shown; the HTML part is never
 * rendered as markup here.
 */
interface MailMessage {
  readonly messageId: string;
  readonly at: string;
  readonly to: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly template?: string;
}

const layout = mountLayout('mailbox', t('mailbox.title'));
const session = requireRole(layout, ['ops', 'manager'], t('mailbox.title'));
const list = h('div', { id: 'mailbox', 'aria-live': 'polite' });

async function load(): Promise<void> {
  try {
    const { items } = await api.get<{ items: MailMessage[] }>('/_local/mailbox');
    render(
      list,
      items.length === 0
        ? h('p', { class: 'muted' }, t('mailbox.none'))
        : h(
            'ul',
            { class: 'mails' },
            items.map((m) =>
              h(
                'li',
                { class: 'card mail', 'data-message-id': m.messageId },
                h('h2', { class: 'mail-subject' }, m.subject),
                h(
                  'p',
                  { class: 'muted small' },
                  `${t('mailbox.to')} : ${m.to.join(', ')} · ${formatDateTime(m.at)}`,
                  m.template ? ` · ${t('mailbox.template')} : ${m.template}` : '',
                ),
                h(
                  'details',
                  {},
                  h('summary', {}, t('mailbox.show')),
                  h('pre', { class: 'mail-text' }, m.text),
                ),
              ),
            ),
          ),
    );
  } catch (error) {
    render(
      list,
      isMissingRoute(error)
        ? h('p', { class: 'muted' }, t('mailbox.unavailable'))
        : h('div', { class: 'alert alert-error' }, describeError(error)),
    );
  }
}

if (session) {
  render(layout.main, h('h1', {}, t('mailbox.heading')), h('p', { class: 'muted' }, t('mailbox.lead')), list);
  void load();
}

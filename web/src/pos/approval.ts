import { api } from '../lib/api.ts';
import { h, render } from '../lib/dom.ts';
import { translator } from '../lib/i18n.ts';
import { describeError } from '../lib/layout.ts';
import * as common from '../lib/messages.ts';
import * as messages from './messages.ts';

const t = translator(common, messages);

/** A manager's approval as identity answers it (POST /auth/approvals). */
export interface GivenApproval {
  readonly token: string;
  readonly by: string;
}

/**
 * The till's one manager-approval prompt (discounts, returns and voids above the till's limits): the
 * manager types their credentials at the till, identity answers an approval token for `action` up to
 * `amountCents` at the store; a wrong password is said in the prompt and signs nobody out. `idPrefix`
 * keeps the fields' ids apart when two prompts could show at once.
 */
export function approvalPrompt(options: {
  readonly idPrefix: string;
  readonly action: 'discount' | 'return';
  readonly amountCents: number;
  readonly storeId: string;
  /** Why the approval is asked (already translated). */
  readonly why: string;
  readonly onApproved: (approval: GivenApproval) => void | Promise<void>;
}): HTMLElement {
  const id = (name: string) => `${options.idPrefix}-${name}`;
  const username = h('input', { id: id('username'), autocomplete: 'off' });
  const password = h('input', { id: id('password'), type: 'password', autocomplete: 'off' });
  const result = h('div', { 'aria-live': 'assertive' });
  const approve = h('button', { type: 'button', id: id('submit') }, t('pos.approval.submit'));
  approve.addEventListener('click', () => {
    void (async () => {
      approve.disabled = true;
      try {
        const res = await api.post<{ approvalToken: string; approvedBy: { username: string } }>(
          '/auth/approvals',
          {
            username: username.value.trim(),
            password: password.value,
            action: options.action,
            amountCents: options.amountCents,
            storeId: options.storeId,
          },
          { checksCredentials: true },
        );
        await options.onApproved({ token: res.approvalToken, by: res.approvedBy.username });
      } catch (error) {
        password.value = '';
        approve.disabled = false;
        render(result, h('div', { class: 'alert alert-error', role: 'alert' }, describeError(error)));
      }
    })();
  });
  return h(
    'section',
    { class: 'approval', 'aria-labelledby': id('title') },
    h('h3', { id: id('title') }, t('pos.approval.title')),
    h('p', { class: 'small' }, options.why),
    h(
      'div',
      { class: 'discount-grid' },
      h('div', { class: 'field' }, h('label', { for: id('username') }, t('pos.approval.username')), username),
      h('div', { class: 'field' }, h('label', { for: id('password') }, t('pos.approval.password')), password),
    ),
    approve,
    result,
  );
}

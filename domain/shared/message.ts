/**
 * A message a person reads, kept translatable. Written with the `m` tag where it has values:
 *   m`quantity is a whole number from 0 to ${maxQuantity}`
 * gives the English `text` ("… from 0 to 50"), the `template` it was made from ("… from 0 to {0}")
 * and the `values`. The HTTP layer writes it in the caller's language from the catalogs of
 * functions/shared/messages/ (the English template is the key); plain strings are keys as they are.
 * A value may itself be a message, or a list of messages (written joined by ", ").
 */
export type MessageValue = string | number | Message | readonly Message[];

export interface Message {
  readonly template: string;
  readonly values: readonly MessageValue[];
  readonly text: string;
}

const textOfValue = (v: MessageValue): string =>
  typeof v === 'string' || typeof v === 'number'
    ? String(v)
    : 'template' in v
      ? v.text
      : v.map((x) => x.text).join(', ');

export function m(strings: TemplateStringsArray, ...values: MessageValue[]): Message {
  let template = strings[0] ?? '';
  let text = template;
  values.forEach((v, i) => {
    template += `{${i}}${strings[i + 1] ?? ''}`;
    text += `${textOfValue(v)}${strings[i + 1] ?? ''}`;
  });
  return { template, values, text };
}

/** A plain string is a message without values. */
export const asMessage = (message: string | Message): Message =>
  typeof message === 'string' ? { template: message, values: [], text: message } : message;

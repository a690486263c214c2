import { asMessage, m, type Message } from './message.ts';

/**
 * Domain errors carry a stable code that the HTTP layer maps to a problem type, and a message kept
 * translatable (`said`, see message.ts; `message` is its English text, for logs).
 * They never carry HTTP status codes themselves: the domain does not know about HTTP.
 */
export class DomainError extends Error {
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>>;
  readonly said: Message;
  constructor(code: string, message: string | Message, details: Record<string, unknown> = {}) {
    const said = asMessage(message);
    super(said.text);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
    this.said = said;
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id: string | Message) {
    super('not-found', m`${what} ${id} does not exist`, { what, id: asMessage(id).text });
    this.name = 'NotFoundError';
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, message: string | Message, details: Record<string, unknown> = {}) {
    super(code, message, details);
    this.name = 'ConflictError';
  }
}

export class RuleViolation extends DomainError {
  readonly field: string;
  constructor(field: string, message: string | Message) {
    super('rule-violation', message, { field });
    this.name = 'RuleViolation';
    this.field = field;
  }
}

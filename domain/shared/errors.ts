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
  /** What is wrong with the field itself, when it says less than the message (`invalid cursor`). */
  readonly fieldMessage: string | Message | undefined;
  constructor(field: string, message: string | Message, fieldMessage?: string | Message) {
    super('rule-violation', message, { field });
    this.name = 'RuleViolation';
    this.field = field;
    this.fieldMessage = fieldMessage;
  }
}

/** The caller could not be recognised (a wrong password, a refresh token that ended): HTTP 401. */
export class NotAuthenticated extends DomainError {
  constructor(code: string, message: string | Message, details: Record<string, unknown> = {}) {
    super(code, message, details);
    this.name = 'NotAuthenticated';
  }
}

/** The caller is known, and this is refused to them whatever they send (a disabled account): HTTP 403. */
export class NotAllowed extends DomainError {
  constructor(code: string, message: string | Message, details: Record<string, unknown> = {}) {
    super(code, message, details);
    this.name = 'NotAllowed';
  }
}

/**
 * The action needs a manager's approval the request does not carry (HTTP 403 `approval-required`):
 * the details say which action, for how much, above which limit.
 */
export class NeedsApproval extends DomainError {
  constructor(message: string | Message, details: Record<string, unknown> = {}) {
    super('approval-required', message, details);
    this.name = 'NeedsApproval';
  }
}

/** The payment was refused (declined, reversed): the client must change something (HTTP 402). */
export class PaymentRefused extends DomainError {
  constructor(code: string, message: string | Message, details: Record<string, unknown> = {}) {
    super(code, message, details);
    this.name = 'PaymentRefused';
  }
}

/**
 * Not now, but the same request will work later (a provider unavailable, an interrupted sale, a run
 * still in flight): the answer says when to retry, and is never kept as the key's final answer.
 * `conflict`: the request is being worked on (HTTP 409); otherwise the service is unavailable (503).
 */
export class TryLater extends DomainError {
  readonly retryAfterSeconds: number;
  readonly conflict: boolean;
  constructor(
    code: string,
    message: string | Message,
    retryAfterSeconds: number,
    details: Record<string, unknown> = {},
    conflict = false,
  ) {
    super(code, message, details);
    this.name = 'TryLater';
    this.retryAfterSeconds = retryAfterSeconds;
    this.conflict = conflict;
  }
}

/** Too many attempts from this caller: refused until `retryAfterSeconds` have passed (HTTP 429). */
export class TooManyAttempts extends TryLater {
  constructor(
    code: string,
    message: string | Message,
    retryAfterSeconds: number,
    details: Record<string, unknown> = {},
  ) {
    super(code, message, retryAfterSeconds, details);
    this.name = 'TooManyAttempts';
  }
}

/**
 * Domain errors carry a stable code that the HTTP layer maps to a problem type.
 * They never carry HTTP status codes themselves: the domain does not know about HTTP.
 */
export class DomainError extends Error {
  readonly code: string;
  readonly details: Readonly<Record<string, unknown>>;
  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
}

export class NotFoundError extends DomainError {
  constructor(what: string, id: string) {
    super('not-found', `${what} ${id} does not exist`, { what, id });
    this.name = 'NotFoundError';
  }
}

export class ConflictError extends DomainError {
  constructor(code: string, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
    this.name = 'ConflictError';
  }
}

export class RuleViolation extends DomainError {
  readonly field: string;
  constructor(field: string, message: string) {
    super('rule-violation', message, { field });
    this.name = 'RuleViolation';
    this.field = field;
  }
}

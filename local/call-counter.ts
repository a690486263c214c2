import { AsyncLocalStorage } from 'node:async_hooks';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * What each invocation costs in calls to DynamoDB, for the bench's per-sale figures (issue 14): the
 * local runtime runs every handler (route, saga task, event consumer, scheduled job, authorizer) inside
 * `wrap(kind, …)`, and a middleware on the handlers' shared DynamoDB client (the very client they use,
 * functions/adapters/dynamo.ts) records each call with the kind of invocation it was made in and its
 * start and end. Served at `GET /_local/calls`: counts since start and the last calls, so that a
 * client that sends one sale at a time can count that sale's calls and how many of them ran one after
 * the other (its round trips on the critical path). Costs a few microseconds per call; on AWS the same
 * figures come from X-Ray traces.
 */
export type InvocationKind = 'route' | 'task' | 'consumer' | 'schedule' | 'authorizer';

export interface CallRecord {
  readonly kind: InvocationKind | 'other';
  readonly operation: string;
  /** Epoch milliseconds (fractional). */
  readonly start: number;
  readonly end: number;
}

export interface InvocationRecord {
  readonly kind: InvocationKind;
  readonly name: string;
  readonly start: number;
}

export interface CallsSnapshot {
  readonly dynamodbCalls: Readonly<Record<string, number>>;
  readonly invocations: Readonly<Record<string, number>>;
  /** The last calls and invocations (bounded), oldest first. */
  readonly recentCalls: readonly CallRecord[];
  readonly recentInvocations: readonly InvocationRecord[];
}

const kept = 20_000;
const middlewareName = 'comptoirCallCounter';

export class CallCounter {
  private readonly scope = new AsyncLocalStorage<InvocationKind>();
  private readonly calls: CallRecord[] = [];
  private readonly invoked: InvocationRecord[] = [];
  private readonly callCounts: Record<string, number> = {};
  private readonly invocationCounts: Record<string, number> = {};

  /** Runs `fn` as an invocation of `kind`: every DynamoDB call it makes is counted under that kind. */
  wrap<A extends unknown[], R>(kind: InvocationKind, name: string, fn: (...args: A) => R): (...args: A) => R {
    return (...args: A) => {
      this.invocationCounts[kind] = (this.invocationCounts[kind] ?? 0) + 1;
      push(this.invoked, { kind, name, start: performance.timeOrigin + performance.now() });
      return this.scope.run(kind, () => fn(...args));
    };
  }

  /**
   * Counts the calls of `client` (a module singleton: a runtime started again in the same process,
   * as tests do, replaces the counter of the one before).
   */
  attach(client: DynamoDBDocumentClient): void {
    client.middlewareStack.remove(middlewareName);
    client.middlewareStack.add(
      (next, context) => async (args) => {
        const kind = this.scope.getStore() ?? 'other';
        const start = performance.timeOrigin + performance.now();
        try {
          return await next(args);
        } finally {
          this.callCounts[kind] = (this.callCounts[kind] ?? 0) + 1;
          push(this.calls, {
            kind,
            operation: (context.commandName ?? 'unknown').replace(/Command$/, ''),
            start,
            end: performance.timeOrigin + performance.now(),
          });
        }
      },
      { step: 'initialize', name: middlewareName },
    );
  }

  snapshot(): CallsSnapshot {
    return {
      dynamodbCalls: { ...this.callCounts },
      invocations: { ...this.invocationCounts },
      recentCalls: [...this.calls],
      recentInvocations: [...this.invoked],
    };
  }
}

function push<T>(list: T[], item: T) {
  list.push(item);
  if (list.length > kept) list.splice(0, list.length - kept);
}

/**
 * How many of `calls` ran one after the other: calls that overlap in time (sent side by side) count
 * as one round trip; a call that starts after every earlier one ended starts the next.
 */
export function sequentialRoundTrips(calls: readonly Pick<CallRecord, 'start' | 'end'>[]): number {
  const sorted = [...calls].sort((a, b) => a.start - b.start);
  let trips = 0;
  let busyUntil = -Infinity;
  for (const c of sorted) {
    if (c.start >= busyUntil) trips++;
    busyUntil = Math.max(busyUntil, c.end);
  }
  return trips;
}

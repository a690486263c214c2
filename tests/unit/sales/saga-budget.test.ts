import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { routes } from '#infra/spec/routes.ts';
import { checkoutBudget, stateMachineByName } from '#infra/spec/state-machines.ts';

/**
 * The checkout's timeouts nest (docs/checkout-saga.md, "Timeouts"), read from the ASL file and the
 * route table themselves: a change that makes the execution, with every retry on its longest path,
 * outlive its own timeout, the lease, the selling Lambda or API Gateway fails here. And every Task
 * ends, whatever happens, in a state the caller and the recovery understand.
 */
interface Retrier {
  ErrorEquals: string[];
  IntervalSeconds?: number;
  MaxAttempts?: number;
  BackoffRate?: number;
  MaxDelaySeconds?: number;
}
interface State {
  Type: string;
  Next?: string;
  End?: boolean;
  TimeoutSeconds?: number;
  Retry?: Retrier[];
  Catch?: { ErrorEquals: string[]; Next: string; ResultPath?: string }[];
  Choices?: { Next: string }[];
  Default?: string;
  OutputPath?: string;
  Parameters?: Record<string, unknown>;
}
const spec = stateMachineByName('checkout');
const asl = JSON.parse(readFileSync(spec.file, 'utf8')) as {
  StartAt: string;
  TimeoutSeconds: number;
  States: Record<string, State>;
};
const states = asl.States;

/** The longest a Task state can take: every retrier exhausted, each try to its timeout, each wait at its longest. */
export function worstCaseSeconds(state: State): number {
  if (state.Type !== 'Task') return 0;
  const timeout = state.TimeoutSeconds ?? 60;
  let total = timeout;
  for (const r of state.Retry ?? []) {
    const attempts = r.MaxAttempts ?? 3;
    for (let k = 0; k < attempts; k++) {
      const wait = (r.IntervalSeconds ?? 1) * (r.BackoffRate ?? 2) ** k;
      total += Math.min(wait, r.MaxDelaySeconds ?? Number.POSITIVE_INFINITY) + timeout;
    }
  }
  return total;
}

const successors = (s: State): string[] => [
  ...(s.Next ? [s.Next] : []),
  ...(s.Catch ?? []).map((c) => c.Next),
  ...(s.Choices ?? []).map((c) => c.Next),
  ...(s.Default ? [s.Default] : []),
];

/** Longest path (seconds) from `name` to an end; throws on a cycle. */
function longest(name: string, seen: readonly string[] = []): { seconds: number; path: string[] } {
  if (seen.includes(name)) throw new Error(`cycle through ${[...seen, name].join(' → ')}`);
  const s = states[name]!;
  const own = worstCaseSeconds(s);
  const next = successors(s).map((n) => longest(n, [...seen, name]));
  const worst = next.sort((a, b) => b.seconds - a.seconds)[0];
  return { seconds: own + (worst?.seconds ?? 0), path: [name, ...(worst?.path ?? [])] };
}

const terminals = Object.entries(states).filter(([, s]) => successors(s).length === 0);

describe('the checkout timeout budget', () => {
  it('every Task times out within the task budget (its Lambda times out with it)', () => {
    for (const [name, s] of Object.entries(states))
      if (s.Type === 'Task') {
        expect(s.TimeoutSeconds, name).toBeDefined();
        expect(s.TimeoutSeconds!, name).toBeLessThanOrEqual(checkoutBudget.taskTimeoutSeconds);
      }
  });

  it('the longest path, every retry included, ends within the execution timeout', () => {
    expect(asl.TimeoutSeconds).toBe(checkoutBudget.executionTimeoutSeconds);
    const { seconds, path } = longest(asl.StartAt);
    expect(seconds, path.join(' → ')).toBeLessThanOrEqual(asl.TimeoutSeconds);
  });

  it('the lease outlives the execution and a task still running at its end', () => {
    expect(checkoutBudget.leaseSeconds).toBeGreaterThanOrEqual(
      checkoutBudget.executionTimeoutSeconds + checkoutBudget.taskTimeoutSeconds,
    );
  });

  it('the selling Lambdas outlive the execution, and API Gateway outlives them', () => {
    const selling = routes.filter((r) => r.startsStateMachines?.includes('checkout'));
    expect(selling.map((r) => `${r.method} ${r.path}`).sort()).toEqual([
      'POST /carts/{cartId}/checkout',
      'POST /locations/{storeId}/sales',
    ]);
    for (const r of selling) {
      // The handler waits at most execution + 1 s (its SDK client's timeout), then answers.
      expect(r.timeoutSeconds!).toBeGreaterThan(checkoutBudget.executionTimeoutSeconds + 1);
      expect(r.timeoutSeconds!).toBeLessThan(checkoutBudget.apiGatewayTimeoutSeconds);
    }
    expect(checkoutBudget.apiGatewayTimeoutSeconds).toBe(30);
  });

  it('computes a Task worst case from its retriers (the rule the budget relies on)', () => {
    expect(worstCaseSeconds({ Type: 'Task', TimeoutSeconds: 2 })).toBe(2);
    expect(
      worstCaseSeconds({
        Type: 'Task',
        TimeoutSeconds: 2,
        Retry: [{ ErrorEquals: ['X'], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 2 }],
      }),
    ).toBe(2 + 1 + 2 + 2 + 2);
    expect(
      worstCaseSeconds({
        Type: 'Task',
        TimeoutSeconds: 1,
        Retry: [
          { ErrorEquals: ['X'], IntervalSeconds: 4, MaxAttempts: 2, BackoffRate: 3, MaxDelaySeconds: 5 },
        ],
      }),
    ).toBe(1 + 4 + 1 + 5 + 1);
  });
});

describe('every path ends in a state the caller and the recovery understand', () => {
  it('has no Fail state: an execution never fails raw', () => {
    expect(Object.values(states).filter((s) => s.Type === 'Fail')).toEqual([]);
  });

  it('ends only in Done (confirmed), Failed (failed) or Unsettled (left to the recovery)', () => {
    expect(terminals.map(([n]) => n).sort()).toEqual(['Done', 'Failed', 'Unsettled']);
    expect(states.Done).toMatchObject({ Type: 'Succeed', OutputPath: '$.result' });
    expect(states.Failed).toMatchObject({ Type: 'Succeed', OutputPath: '$.result' });
    expect(states.Unsettled).toMatchObject({ Type: 'Pass', End: true });
    expect(states.Unsettled!.Parameters).toMatchObject({ status: 'unsettled', 'orderId.$': '$.order.id' });
  });

  it('every Task catches every error (States.ALL), after the specific ones', () => {
    for (const [name, s] of Object.entries(states))
      if (s.Type === 'Task') {
        const last = s.Catch?.at(-1);
        expect(last?.ErrorEquals, name).toEqual(['States.ALL']);
      }
  });

  it('only ConfirmOrder reaches Done and only FailOrder reaches Failed', () => {
    const into = (target: string) =>
      Object.entries(states)
        .filter(([, s]) => successors(s).includes(target))
        .map(([n]) => n);
    expect(into('Done')).toEqual(['ConfirmOrder']);
    expect(into('Failed')).toEqual(['FailOrder']);
  });

  it('once money may have been taken, no path fails the order without the refund step', () => {
    // From TakePayment on, every way to FailOrder goes through RefundPayment (which also voids the key),
    // except a decline, which captured nothing.
    const paths = (from: string, to: string, seen: string[] = []): string[][] =>
      from === to ? [[...seen, to]] : successors(states[from]!).flatMap((n) => paths(n, to, [...seen, from]));
    for (const p of paths('TakePayment', 'FailOrder')) {
      const declined = p[1] === 'ReleaseStock';
      if (!declined) expect(p, p.join(' → ')).toContain('RefundPayment');
    }
    const decline = states.TakePayment!.Catch!.find((c) => c.ErrorEquals.includes('PaymentDeclined'));
    expect(decline?.Next).toBe('ReleaseStock');
  });

  it('every Task of the file is a task of the spec (so CDK and the local runtime both run it)', () => {
    const text = readFileSync(spec.file, 'utf8');
    const used = [...text.matchAll(/\$\{(\w+)\}/g)].map((m) => m[1]);
    expect(new Set(used)).toEqual(new Set(Object.keys(spec.tasks)));
  });
});

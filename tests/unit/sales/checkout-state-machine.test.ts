import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import aslValidator from 'asl-validator';
import { describe, expect, it } from 'vitest';
import { stateMachineByName, substitutionsIn } from '#infra/spec/state-machines.ts';
import { tables } from '#infra/spec/tables.ts';
import { localDefinition } from '#local/stepfunctions.ts';
import { repoRoot } from '#infra/paths.ts';

/** The checkout ASL file: valid, JSONPath only, fully mapped to local handlers, compensating in reverse. */
const spec = stateMachineByName('checkout');
const text = readFileSync(`${repoRoot}${spec.file}`, 'utf8');

type State = {
  Type: string;
  Next?: string;
  Resource?: string;
  Catch?: { ErrorEquals: string[]; Next: string }[];
  Retry?: { ErrorEquals: string[]; MaxAttempts?: number }[];
};
const { definition, handlerOfState } = localDefinition(spec, text);
const states = (definition as { States: Record<string, State> }).States;

describe('checkout state machine', () => {
  it('passes asl-validator', () => {
    const { isValid, errorsText } = aslValidator(definition);
    expect(errorsText('\n')).toBe('');
    expect(isValid).toBe(true);
  });

  it('uses JSONPath only (the local engine does not run JSONata)', () => {
    expect(text).not.toMatch(/JSONata|"Arguments"|"Output"|\{%/);
  });

  it('substitutes exactly the tasks of the spec', () => {
    expect(substitutionsIn(text).sort()).toEqual(Object.keys(spec.tasks).sort());
  });

  it('maps every Task state to a handler module that exports `handler`', async () => {
    for (const t of tables) process.env[t.envVar] ??= `unit-${t.name}`;
    const tasks = Object.entries(states).filter(([, s]) => s.Type === 'Task');
    expect(Object.keys(handlerOfState).sort()).toEqual(tasks.map(([name]) => name).sort());
    for (const module of new Set(Object.values(handlerOfState))) {
      const m = (await import(pathToFileURL(`${repoRoot}functions/${module}.ts`).href)) as {
        handler?: unknown;
      };
      expect(typeof m.handler, module).toBe('function');
    }
  });

  it('refuses a Task state without a local handler', () => {
    const broken = text.replace(
      '${ReserveStockFunctionArn}',
      'arn:aws:lambda:ca-central-1:000000000000:function:elsewhere',
    );
    expect(() => localDefinition(spec, broken)).toThrow(/ReserveStock .* has no local handler/);
    const unknown = text.replace('${ReserveStockFunctionArn}', '${NoSuchFunctionArn}');
    expect(() => localDefinition(spec, unknown)).toThrow(/NoSuchFunctionArn/);
  });

  /** Follows Next from a state to the end. */
  const path = (from: string): string[] => {
    const out: string[] = [];
    for (let name: string | undefined = from; name; name = states[name]?.Next) out.push(name);
    return out;
  };
  const caught = (state: string, error: string) =>
    states[state]!.Catch!.find((c) => c.ErrorEquals.includes(error) || c.ErrorEquals.includes('States.ALL'))!
      .Next;

  it('runs reserve → pay → commit → confirm, and compensates in reverse: refund, then release, then fail', () => {
    expect(path('ReserveStock')).toEqual([
      'ReserveStock',
      'TakePayment',
      'CommitStock',
      'ConfirmOrder',
      'Done',
    ]);
    expect(path(caught('TakePayment', 'PaymentReversed'))).toEqual([
      'RefundPayment',
      'ReleaseStock',
      'FailOrder',
      'Failed',
    ]);
    expect(caught('TakePayment', 'PaymentTimeout')).toBe('RefundPayment');
    expect(caught('TakePayment', 'PaymentDeclined')).toBe('ReleaseStock');
    expect(caught('ReserveStock', 'InsufficientStock')).toBe('FailOrder');
    expect(caught('CommitStock', 'ReservationReleased')).toBe('RefundPayment');
  });

  it('recovers an interrupted order: payment taken → commit and confirm, otherwise refund, release, fail', () => {
    const mode = states.Mode as unknown as {
      Choices: { StringEquals: string; Next: string }[];
      Default: string;
    };
    expect(mode.Choices).toEqual([{ Variable: '$.mode', StringEquals: 'recover', Next: 'AssessOrder' }]);
    expect(mode.Default).toBe('ReserveStock');
    const assessed = states.Assessed as unknown as { Choices: { Next: string }[]; Default: string };
    expect(path(assessed.Choices[0]!.Next)).toEqual(['CommitStock', 'ConfirmOrder', 'Done']);
    expect(path(assessed.Default)).toEqual([
      'Interrupted',
      'RefundPayment',
      'ReleaseStock',
      'FailOrder',
      'Failed',
    ]);
  });

  it('retries transient payment errors, never a decline nor a reversal; compensations go to the recovery', () => {
    const retried = (state: string) => (states[state]!.Retry ?? []).flatMap((r) => r.ErrorEquals);
    expect(retried('TakePayment')).toEqual(expect.arrayContaining(['PaymentTransient', 'PaymentTimeout']));
    expect(retried('TakePayment')).not.toContain('PaymentDeclined');
    expect(retried('TakePayment')).not.toContain('PaymentReversed');
    expect(retried('TakePayment')).not.toContain('States.ALL');
    expect(retried('ReserveStock')).not.toContain('InsufficientStock');
    // Within the budget a compensation gets one try; if it fails, Unsettled: the recovery finishes it.
    for (const compensation of ['RefundPayment', 'ReleaseStock', 'FailOrder']) {
      expect(retried(compensation)).toEqual([]);
      expect(caught(compensation, 'States.ALL')).toBe('Unsettled');
    }
  });
});

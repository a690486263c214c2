import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import type { Context } from 'aws-lambda';
import { StateMachine } from 'aws-local-stepfunctions';
import { substitutionsIn, type StateMachineSpec } from '#infra/spec/state-machines.ts';
import type { LocalCredentials } from './credentials.ts';
import { lambdaContext } from './gateway.ts';
import { closeServer, listen, localEndpoint } from './listen.ts';

/**
 * The local Step Functions: an HTTP endpoint speaking the AWS JSON 1.0 protocol for the call the
 * handlers make, `AWSStepFunctions.StartSyncExecution` (reached by the real SDK client through
 * AWS_ENDPOINT_URL_SFN), executing the SAME ASL file as AWS with aws-local-stepfunctions. Each
 * `${Substitution}` becomes a local Lambda ARN, and each Task state whose Resource is that ARN runs
 * the task's handler module in-process, its input and output passed through JSON as Lambda does.
 * Building the endpoint fails if a Task state has no local handler or a substitution no task.
 * Only requests signed with the install's credentials are served (local/listen.ts).
 */
type JSONValue = null | boolean | number | string | JSONValue[] | { [key: string]: JSONValue };

export type TaskHandler = (event: unknown, context: Context) => Promise<unknown>;

export interface LocalStepFunctionsOptions {
  readonly stateMachines: readonly StateMachineSpec[];
  readonly loadHandler: (handler: string) => Promise<TaskHandler>;
  readonly readFile?: (file: string) => string;
  /** The install's credentials: the only signature the endpoint accepts. */
  readonly credentials: LocalCredentials;
  readonly region?: string;
  readonly account?: string;
  /** Loopback port; 0 picks a free one. */
  readonly port?: number;
  /** Called when an execution ends (the local metrics collector; in AWS: the AWS/States metrics). */
  readonly onExecution?: (record: ExecutionRecord) => void;
  /**
   * Task `TimeoutSeconds` are multiplied by this (default 5). A task Lambda on AWS has a CPU of its
   * own; here every task of every execution shares this machine's cores with the gateway and the
   * database, so a burst of sales queues work that AWS would run side by side. The execution's own
   * `TimeoutSeconds` is kept as is: the timeout budget (checkoutBudget: the execution ends within the
   * lease) holds locally too, and the nesting is checked against the ASL file itself by the tests.
   */
  readonly taskTimeoutScale?: number;
  /**
   * Check each definition with asl-validator when the machine is built (default true): a broken ASL
   * file stops the start. It compiles its JSON schemas at each check, about 1 s of a core; test runtimes
   * skip it (tests/support/runtime.ts) — the unit test of the ASL file runs the same check.
   */
  readonly validateDefinitions?: boolean;
}

export interface ExecutionRecord {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT';
  readonly error?: string;
  readonly startDate: number;
  readonly stopDate: number;
}

export interface LocalStepFunctions {
  readonly endpoint: string;
  /** State machine ARN by name, as the stack would export it. */
  readonly arns: Readonly<Record<string, string>>;
  /** The last executions (bounded), oldest first. */
  executions(): ExecutionRecord[];
  stop(): Promise<void>;
}

interface LoadedMachine {
  readonly spec: StateMachineSpec;
  readonly arn: string;
  readonly machine: StateMachine;
  readonly handlers: Record<string, (input: JSONValue) => Promise<JSONValue>>;
}

type AslState = {
  Type: string;
  Resource?: string;
  TimeoutSeconds?: number;
  Branches?: { States: Record<string, AslState> }[];
  Iterator?: { States: Record<string, AslState> };
  ItemProcessor?: { States: Record<string, AslState> };
};

function taskStates(states: Record<string, AslState>): [string, AslState][] {
  return Object.entries(states).flatMap(([name, s]) => [
    ...(s.Type === 'Task' ? [[name, s] as [string, AslState]] : []),
    ...(s.Branches ?? []).flatMap((b) => taskStates(b.States)),
    ...(s.Iterator ? taskStates(s.Iterator.States) : []),
    ...(s.ItemProcessor ? taskStates(s.ItemProcessor.States) : []),
  ]);
}

export const localFunctionName = (handler: string) => `comptoir-${handler.replace(/\//g, '-')}`;

/**
 * Substitutes a spec's definition with local Lambda ARNs and maps every Task state to its handler
 * module; throws on a Task without a local handler. Exported for the tests of the spec.
 */
export function localDefinition(
  spec: StateMachineSpec,
  text: string,
  region = 'ca-central-1',
  account = '000000000000',
): { definition: Record<string, unknown>; handlerOfState: Record<string, string> } {
  const arnOf = (handler: string) =>
    `arn:aws:lambda:${region}:${account}:function:${localFunctionName(handler)}`;
  for (const name of substitutionsIn(text))
    if (!spec.tasks[name])
      throw new Error(`${spec.file}: \${${name}} is not a task of infra/spec/state-machines.ts`);
  const substituted = text.replace(/\$\{(\w+)\}/g, (_, name: string) => arnOf(spec.tasks[name]!.handler));
  const definition = JSON.parse(substituted) as { States: Record<string, AslState> };
  const byArn = new Map(Object.values(spec.tasks).map((t) => [arnOf(t.handler), t.handler]));
  const handlerOfState: Record<string, string> = {};
  for (const [name, state] of taskStates(definition.States)) {
    const handler = state.Resource ? byArn.get(state.Resource) : undefined;
    if (!handler)
      throw new Error(`${spec.file}: Task state ${name} (${state.Resource}) has no local handler`);
    handlerOfState[name] = handler;
  }
  return { definition, handlerOfState };
}

const maxBodyBytes = 1024 * 1024;
const logLimit = 1000;

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/x-amz-json-1.0' });
  res.end(JSON.stringify(body));
}

const awsError = (res: ServerResponse, status: number, type: string, message: string) =>
  send(res, status, { __type: `com.amazonaws.swf.service.v2.model#${type}`, message });

function parseJson(body: Buffer): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(body.toString('utf8') || '{}');
    return v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export async function startStepFunctions(options: LocalStepFunctionsOptions): Promise<LocalStepFunctions> {
  const region = options.region ?? 'ca-central-1';
  const account = options.account ?? '000000000000';
  const read = options.readFile ?? ((file: string) => readFileSync(file, 'utf8'));
  const machines = new Map<string, LoadedMachine>();
  const scale = options.taskTimeoutScale ?? 5;
  for (const spec of options.stateMachines) {
    const { definition, handlerOfState } = localDefinition(spec, read(spec.file), region, account);
    for (const [, state] of taskStates((definition as { States: Record<string, AslState> }).States))
      if (typeof state.TimeoutSeconds === 'number') state.TimeoutSeconds *= scale;
    const handlers: LoadedMachine['handlers'] = {};
    for (const [state, module] of Object.entries(handlerOfState)) {
      handlers[state] = async (input) => {
        const handler = await options.loadHandler(module);
        // Through JSON both ways, as a Lambda invocation would; errors keep their name (the ASL error).
        const result = await handler(
          JSON.parse(JSON.stringify(input ?? null)),
          lambdaContext(localFunctionName(module)),
        );
        return (result === undefined ? null : JSON.parse(JSON.stringify(result))) as JSONValue;
      };
    }
    const arn = `arn:aws:states:${region}:${account}:stateMachine:comptoir-${spec.name}`;
    machines.set(arn, {
      spec,
      arn,
      handlers,
      machine: new StateMachine(
        definition as unknown as ConstructorParameters<typeof StateMachine>[0],
        options.validateDefinitions === false ? { validationOptions: { noValidate: true } } : undefined,
      ),
    });
  }

  const log: ExecutionRecord[] = [];
  const handle = async (target: string, method: string | undefined, raw: Buffer, res: ServerResponse) => {
    try {
      const body = parseJson(raw);
      if (method !== 'POST' || !body)
        return awsError(res, 400, 'SerializationException', 'Malformed request');
      if (target !== 'AWSStepFunctions.StartSyncExecution')
        return awsError(
          res,
          400,
          'UnknownOperationException',
          `${target} is not served by the local Step Functions`,
        );
      const loaded = machines.get(String(body.stateMachineArn));
      if (!loaded)
        return awsError(
          res,
          400,
          'StateMachineDoesNotExist',
          `State machine does not exist: ${String(body.stateMachineArn)}`,
        );
      let input: unknown;
      try {
        input = JSON.parse(typeof body.input === 'string' ? body.input : '{}');
      } catch {
        return awsError(res, 400, 'InvalidExecutionInput', 'input is not valid JSON');
      }
      const name = typeof body.name === 'string' ? body.name : randomUUID();
      const executionArn = `${loaded.arn.replace(':stateMachine:', ':express:')}:${name}:${randomUUID()}`;
      const startDate = Date.now() / 1000;
      const common = {
        executionArn,
        stateMachineArn: loaded.arn,
        name,
        startDate,
        input: JSON.stringify(input),
      };
      let outcome: Record<string, unknown>;
      try {
        const execution = loaded.machine.run(input as Parameters<StateMachine['run']>[0], {
          overrides: { taskResourceLocalHandlers: loaded.handlers },
        });
        const output = await execution.result;
        outcome = { status: 'SUCCEEDED', output: JSON.stringify(output) };
      } catch (error) {
        // aws-local-stepfunctions wraps the error that ended the execution in an ExecutionError.
        const outer = error as Error;
        const e = (
          outer.name === 'ExecutionError' && outer.cause instanceof Error ? outer.cause : outer
        ) as Error;
        const timedOut = e.name === 'ExecutionTimeoutError' || e.name === 'States.Timeout';
        outcome = { status: timedOut ? 'TIMED_OUT' : 'FAILED', error: e.name, cause: e.message };
      }
      const stopDate = Date.now() / 1000;
      log.push({
        executionArn,
        stateMachineArn: loaded.arn,
        status: outcome.status as ExecutionRecord['status'],
        ...(typeof outcome.error === 'string' ? { error: outcome.error } : {}),
        startDate,
        stopDate,
      });
      if (log.length > logLimit) log.splice(0, log.length - logLimit);
      options.onExecution?.(log[log.length - 1]!);
      send(res, 200, {
        ...common,
        ...outcome,
        stopDate,
        billingDetails: {
          billedDurationInMilliseconds: Math.ceil((stopDate - startDate) * 1000),
          billedMemoryUsedInMB: 64,
        },
      });
    } catch (error) {
      awsError(res, 500, 'InternalServerError', String(error));
    }
  };
  const server = localEndpoint({
    service: 'states',
    credentials: options.credentials,
    maxBodyBytes,
    refuse: (res, refusal) => awsError(res, refusal.status, refusal.code, refusal.message),
    handle: (req, res, body) => handle(String(req.headers['x-amz-target'] ?? ''), req.method, body, res),
  });
  const port = await listen(server, options.port);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    arns: Object.fromEntries([...machines.values()].map((m) => [m.spec.name, m.arn])),
    executions: () => [...log],
    stop: () => closeServer(server),
  };
}

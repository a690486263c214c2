import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { tables } from '#infra/spec/tables.ts';
import { authorizerCacheSeconds, type RouteSpec } from '#infra/spec/routes.ts';
import { credentialsEnvironment, loadOrCreateCredentials, type LocalCredentials } from './credentials.ts';
import { ensureTables, startDynamo } from './dynamodb.ts';
import {
  caCertificatePath,
  createGateway,
  serveCaCertificate,
  type Authorizer,
  type AuthorizerResult,
  type Handler,
  type RequestRecord,
} from './gateway.ts';
import { startSecretsManager } from './secrets-manager.ts';
import type { SeedSnapshot } from './seed/snapshot.ts';
import { eventBusName, rules as eventRules } from '#infra/spec/rules.ts';
import { startEventBus, type EventHandler, type LocalBus, type LocalRule } from './eventbridge.ts';
import { stateMachines } from '#infra/spec/state-machines.ts';
import { startStepFunctions, type LocalStepFunctions, type TaskHandler } from './stepfunctions.ts';
import { captureEmf } from './emf-capture.ts';
import { buckets } from '#infra/spec/buckets.ts';
import { schedules } from '#infra/spec/schedules.ts';
import { startS3 } from './s3.ts';
import { startSes, type LocalSes } from './ses.ts';
import {
  configurationSetName,
  emailTemplates,
  mailIdentity,
  mailSender,
} from '#infra/spec/email-templates.ts';
import { startScheduler, type LocalScheduler, type ScheduledHandler } from './scheduler.ts';
import { CallCounter } from './call-counter.ts';
import { deadLetterView, MetricsCollector, type MetricsSnapshot } from './metrics-collector.ts';
import { listen } from './listen.ts';
import { loadOrCreateTls, machineNames, type LocalTls } from './tls.ts';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { isIP } from 'node:net';
import { join } from 'node:path';

/**
 * The embedded local runtime: the same handler modules and the same AWS SDK clients as in AWS,
 * pointed by the SDK's standard AWS_ENDPOINT_URL_* variables at local services built from real
 * libraries. The environment is adapted here; handlers never know they run locally.
 *
 * The local services listen on 127.0.0.1 only and serve only requests signed with the install's own
 * credentials (local/credentials.ts), which the handlers get as AWS_ACCESS_KEY_ID /
 * AWS_SECRET_ACCESS_KEY — as a Lambda gets its role's. dynalite runs in a worker thread.
 */
export interface RuntimeOptions {
  /** HTTP port; 0 picks a free one. */
  readonly port?: number;
  readonly host?: string;
  /** Folder for durable data; undefined keeps everything in memory (tests). */
  readonly dataDir?: string | undefined;
  readonly seed?: boolean;
  /**
   * With `seed`: the demo data as a snapshot of a seeded database (local/seed/snapshot.ts), loaded into
   * the empty tables instead of seeding them through the repositories (tests load one per test run).
   */
  readonly seedSnapshot?: SeedSnapshot;
  readonly onRequest?: (record: RequestRecord) => void;
  /** Extra event rules (tests only: consumers that are not part of the product), after infra/spec/rules.ts. */
  readonly extraEventRules?: readonly LocalRule[];
  /** Local bus retry timing (first delay, doubled per retry, capped). */
  readonly eventRetry?: { readonly delayMs?: number; readonly maxDelayMs?: number };
  /**
   * Check the state machines' ASL with asl-validator at start (default true). Tests skip it: about 1 s
   * of a core per start, and tests/unit/sales/checkout-state-machine.test.ts checks the ASL files.
   */
  readonly validateStateMachines?: boolean;
  /** How long the gateway keeps an authorizer answer (default: API Gateway's, `authorizerCacheSeconds`). */
  readonly authorizerCacheSeconds?: number;
  /**
   * HTTPS with the local CA (local/tls.ts: kept in `dir`, default `<dataDir>/tls`; in memory without
   * either), its server certificate valid for the machine's names and addresses and `names`; with
   * `httpPort`, plain HTTP there redirects to HTTPS (and offers the CA certificate).
   */
  readonly tls?: { readonly dir?: string; readonly names?: readonly string[]; readonly httpPort?: number };
}

export interface Runtime {
  readonly url: string;
  readonly port: number;
  readonly dataDir: string | undefined;
  readonly seeded: { seeded: boolean; products: number; stockLines: number } | undefined;
  /** The only credentials the local endpoints accept (kept in `<dataDir>/aws-credentials`). */
  readonly credentials: LocalCredentials;
  /** The local AWS endpoints, as the handlers' AWS_ENDPOINT_URL_* variables give them. */
  readonly endpoints: {
    readonly dynamodb: string;
    readonly eventbridge: string;
    readonly secretsManager: string;
    readonly stepFunctions: string;
    readonly s3: string;
  };
  /** Deliveries the bus took up again at start from its journal (events accepted before a crash). */
  readonly resumedDeliveries: number;
  /** The local EventBridge: `settled()`, `deadLetters()`, `published()`. */
  readonly bus: Omit<LocalBus, 'stop' | 'resume'>;
  /** The local S3 endpoint (AWS_ENDPOINT_URL_S3) holding the buckets of infra/spec/buckets.ts. */
  readonly s3: { readonly endpoint: string };
  /** The local SES v2 endpoint (AWS_ENDPOINT_URL_SESV2): the messages it kept, newest first; `failNext(n)`. */
  readonly ses: Pick<LocalSes, 'endpoint' | 'messages' | 'failNext'>;
  /**
   * Settles when the recovery jobs run at start (schedules with `runAtStart`) have finished: whatever
   * a previous run of the runtime on this data folder left half-done is then final.
   */
  readonly recovered: Promise<void>;
  /** The schedules of infra/spec/schedules.ts on croner; `trigger(name)` runs one now. */
  readonly scheduler: Pick<LocalScheduler, 'trigger' | 'nextRun'>;
  /** The local Step Functions endpoint and its recent executions. */
  readonly stepFunctions: Pick<LocalStepFunctions, 'endpoint' | 'executions'>;
  /** With `tls`: the CA's certificate and fingerprint, and the HTTP port that redirects (if any). */
  readonly tls?: Pick<LocalTls, 'caCert' | 'caFingerprint' | 'names'> & { readonly httpUrl?: string };
  /** What `GET /_local/metrics` answers: requests, sagas, events, EMF metrics (the local CloudWatch). */
  metrics(): MetricsSnapshot;
  stop(): Promise<void>;
}

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));
export const version = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
).version;
export const localTableName = (name: string) => `comptoir-${name}`;
export const localBucketName = (name: string) => `comptoir-${name}`;

/**
 * The environment the local runtime gives the handlers, as the CDK stack gives it to the Lambdas
 * (Lambda adds its role's credentials; here the install's). Also for scripts and bench loaders that
 * write into a runtime's DynamoDB with the handlers' own modules (credentials from `readCredentials`).
 */
export function localEnvironment(
  endpoints: {
    dynamodb: string;
    eventbridge?: string;
    secretsManager?: string;
    jwtSecretArn?: string;
    stepFunctions?: string;
    stateMachineArns?: Readonly<Record<string, string>>;
  },
  credentials: LocalCredentials,
): Record<string, string> {
  return {
    AWS_REGION: 'ca-central-1',
    ...credentialsEnvironment(credentials),
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb,
    ...(endpoints.eventbridge ? { AWS_ENDPOINT_URL_EVENTBRIDGE: endpoints.eventbridge } : {}),
    ...(endpoints.secretsManager ? { AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoints.secretsManager } : {}),
    ...(endpoints.jwtSecretArn ? { JWT_SECRET_ARN: endpoints.jwtSecretArn } : {}),
    ...(endpoints.stepFunctions ? { AWS_ENDPOINT_URL_SFN: endpoints.stepFunctions } : {}),
    ...Object.fromEntries(
      stateMachines
        .filter((m) => endpoints.stateMachineArns?.[m.name])
        .map((m) => [m.envVar, endpoints.stateMachineArns![m.name]!]),
    ),
    EVENT_BUS_NAME: eventBusName,
    COMPTOIR_VERSION: version,
    ...Object.fromEntries(tables.map((t) => [t.envVar, localTableName(t.name)])),
  };
}

/**
 * SDK clients keep the endpoint they first resolved: DynamoDB and the bus keep their ports across the
 * runtimes of a process (started one after the other, e.g. a restart on the same data folder in a test).
 */
let dynamoPort = 0;
let busPort = 0;
let s3Port = 0;
let sesPort = 0;
let secretsPort = 0;
let sfnPort = 0;

/** Starts what `start` returns; if any of them fails, stops those that started and throws. */
async function startAll<T extends readonly Promise<{ stop(): Promise<void> }>[]>(
  ...starting: T
): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const results = await Promise.allSettled(starting);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) {
    await Promise.all(results.map((r) => (r.status === 'fulfilled' ? r.value.stop() : undefined)));
    throw failed.reason;
  }
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as never;
}

export async function startRuntime(options: RuntimeOptions = {}): Promise<Runtime> {
  const startedAt = new Date().toISOString();
  // Event claims taken before this start were held by deliveries a crash cut short: take them over
  // at once (functions/adapters/processed-events.ts) rather than a lock time later.
  process.env.COMPTOIR_ORPHANED_BEFORE = String(Date.parse(startedAt));
  const credentials = loadOrCreateCredentials(options.dataDir);
  // The handlers (and anything else in this process) sign with the install's credentials; a profile or
  // session token (or expiration) of the developer's own AWS account must not take precedence.
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
  delete process.env.AWS_CREDENTIAL_EXPIRATION;
  Object.assign(process.env, credentialsEnvironment(credentials));
  // The browser clients (web/src → web/dist) are bundled at each start, meanwhile the services start.
  const webBuilt = import('./web-build.ts').then(({ buildWeb }) => buildWeb(`${repoRoot}web`));
  const targets = new Map<string, Promise<EventHandler>>();
  const collector = new MetricsCollector();
  const calls = new CallCounter();
  const [dynamo, bus, secrets, sfn, s3] = await startAll(
    startDynamo(options.dataDir, { port: dynamoPort, credentials }),
    startEventBus({
      credentials,
      onActivity: (activity) => collector.recordBusActivity({ ...activity, at: Date.now() }),
      rules: [...eventRules, ...(options.extraEventRules ?? [])],
      loadTarget: (target) => {
        let loaded = targets.get(target);
        if (!loaded) {
          const url = pathToFileURL(`${repoRoot}functions/${target}.ts`).href;
          loaded = import(url).then((m: { handler: EventHandler }) =>
            calls.wrap('consumer', target, m.handler),
          );
          targets.set(target, loaded);
        }
        return loaded;
      },
      busName: eventBusName,
      dataDir: options.dataDir,
      port: busPort,
      ...(options.eventRetry?.delayMs !== undefined ? { retryDelayMs: options.eventRetry.delayMs } : {}),
      ...(options.eventRetry?.maxDelayMs !== undefined
        ? { maxRetryDelayMs: options.eventRetry.maxDelayMs }
        : {}),
    }),
    startSecretsManager({ credentials, dataDir: options.dataDir, port: secretsPort }),
    // Step Functions: the same ASL files, each Task run by its handler module in this process.
    startStepFunctions({
      credentials,
      onExecution: (execution) => collector.recordExecution(execution),
      stateMachines,
      readFile: (file) => readFileSync(`${repoRoot}${file}`, 'utf8'),
      loadHandler: (handler) =>
        import(pathToFileURL(`${repoRoot}functions/${handler}.ts`).href).then((m: { handler: TaskHandler }) =>
          calls.wrap('task', handler, m.handler),
        ),
      port: sfnPort,
      ...(options.validateStateMachines === false ? { validateDefinitions: false } : {}),
    }),
    // S3 (report exports): a local endpoint over the data folder, reached through AWS_ENDPOINT_URL_S3.
    startS3({ credentials, dataDir: options.dataDir, port: s3Port }),
  );
  dynamoPort = dynamo.port;
  busPort = Number(new URL(bus.endpoint).port);
  secretsPort = secrets.port;
  sfnPort = Number(new URL(sfn.endpoint).port);
  s3Port = s3.port;
  Object.assign(
    process.env,
    localEnvironment(
      {
        dynamodb: dynamo.endpoint,
        eventbridge: bus.endpoint,
        secretsManager: secrets.endpoint,
        jwtSecretArn: secrets.jwtSecretArn,
        stepFunctions: sfn.endpoint,
        stateMachineArns: sfn.arns,
      },
      credentials,
    ),
  );
  process.env.POWERTOOLS_SERVICE_NAME ??= 'comptoir';
  // The handlers' DynamoDB client, now that its endpoint and credentials are in the environment.
  calls.attach((await import('#functions/adapters/dynamo.ts')).ddb);
  for (const b of buckets) s3.createBucket(localBucketName(b.name));
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_S3: s3.endpoint,
    ...Object.fromEntries(buckets.map((b) => [b.envVar, localBucketName(b.name)])),
  });
  // SES v2 (e-mails): a local endpoint keeping each message in <data>/mailbox, reached by the same
  // @aws-sdk/client-sesv2 client through AWS_ENDPOINT_URL_SESV2 (the SDK's variable for service id SESv2).
  const ses = await startSes({
    credentials,
    dataDir: options.dataDir,
    port: sesPort,
    templates: emailTemplates,
    identity: mailIdentity,
    configurationSets: [configurationSetName],
  });
  sesPort = ses.port;
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_SESV2: ses.endpoint,
    MAIL_FROM: mailSender,
    MAIL_CONFIGURATION_SET: configurationSetName,
  });
  // Handlers print CloudWatch EMF lines as in Lambda; the runtime diverts them from the console to its collector.
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
  const stopEmfCapture = captureEmf((metrics) => collector.recordEmf(metrics));
  collector.setDeadLetterSource(() => bus.deadLetters().map(deadLetterView));

  const admin = new DynamoDBClient({ endpoint: dynamo.endpoint });
  await ensureTables(admin, (t) => localTableName(t.name));

  let seeded: Runtime['seeded'];
  if ((options.seed ?? true) && options.seedSnapshot) {
    const { loadSnapshot } = await import('./seed/snapshot.ts');
    seeded = (await loadSnapshot(admin, options.seedSnapshot, localTableName))
      ? { ...options.seedSnapshot.seeded }
      : { seeded: false, products: 0, stockLines: 0 };
  } else if (options.seed ?? true) {
    const { seedDemoData } = await import('./seed/seed.ts');
    seeded = await seedDemoData();
  }
  admin.destroy();

  const handlers = new Map<string, Promise<Handler>>();
  const loadHandler = (route: RouteSpec): Promise<Handler> => {
    let loaded = handlers.get(route.handler);
    if (!loaded) {
      const url = pathToFileURL(`${repoRoot}functions/${route.handler}.ts`).href;
      loaded = import(url).then((m: { handler: Handler }) => calls.wrap('route', route.handler, m.handler));
      handlers.set(route.handler, loaded);
    }
    return loaded;
  };

  // Events accepted before a crash: delivered now that the consumers' tables and environment are ready.
  const resumedDeliveries = bus.resume();

  // A broken web bundle is reported, never fatal to the API.
  const web = await webBuilt;
  for (const e of web.errors) process.stderr.write(`web build error: ${e}\n`);

  // The same authorizer module as the API Gateway Lambda authorizer, loaded once like a handler, and its
  // answers cached per Authorization header for the same time as API Gateway's results cache.
  let authorizerModule: Promise<Authorizer> | undefined;
  const authorizerCache = new Map<string, { at: number; verdict: Promise<AuthorizerResult> }>();
  const authorizer: Authorizer = async (event) => {
    authorizerModule ??= import(pathToFileURL(`${repoRoot}functions/identity/authorizer.ts`).href).then(
      (m: { handler: Authorizer }) => calls.wrap('authorizer', 'identity/authorizer', m.handler),
    );
    const header = event.headers?.authorization;
    if (!header) return (await authorizerModule)(event);
    const now = Date.now();
    const cached = authorizerCache.get(header);
    const cacheMs = (options.authorizerCacheSeconds ?? authorizerCacheSeconds) * 1000;
    if (cached && now - cached.at < cacheMs) return cached.verdict;
    if (authorizerCache.size >= 10_000) authorizerCache.clear();
    const verdict = authorizerModule.then((authorize) => authorize(event));
    authorizerCache.set(header, { at: now, verdict });
    verdict.catch(() => authorizerCache.delete(header));
    return verdict;
  };

  // Scheduled jobs: the same schedule list, cron and time zone as EventBridge Scheduler in CDK.
  const scheduler = startScheduler({
    schedules,
    loadTarget: (target) =>
      import(pathToFileURL(`${repoRoot}functions/${target}.ts`).href).then(
        (m: { handler: ScheduledHandler }) => calls.wrap('schedule', target, m.handler),
      ),
  });

  // Once at start, the recovery jobs: no run from before this start can still be alive, so every
  // order, outbox and request it left unfinished is finished now (on AWS: one lease later).
  const recovered = Promise.all(
    schedules
      .filter((s) => s.runAtStart)
      .map((s) =>
        scheduler.trigger(s.name, { orphanedBefore: startedAt }).catch((error: unknown) => {
          process.stderr.write(`recovery at start (${s.name}) failed: ${String(error)}\n`);
        }),
      ),
  ).then(() => undefined);

  const tls = options.tls
    ? await loadOrCreateTls(
        options.tls.dir ?? (options.dataDir ? join(options.dataDir, 'tls') : undefined),
        machineNames([...(options.host ? [options.host] : []), ...(options.tls.names ?? [])]),
      )
    : undefined;
  const server = createGateway({
    ...(tls ? { tls: { cert: tls.cert, key: tls.key }, caCertificate: tls.caCert } : {}),
    loadHandler,
    authorizer,
    webDir: `${repoRoot}web`,
    onRequest: (record) => {
      collector.recordRequest(record);
      options.onRequest?.(record);
    },
    localEndpoints: {
      '/_local/metrics': () => collector.snapshot(),
      // The e-mails the local SES endpoint kept, newest first (ops and manager only, as every /_local/ endpoint).
      '/_local/mailbox': () => ({ items: ses.messages().slice(0, 200) }),
      '/_local/calls': () => calls.snapshot(),
    },
  });
  const port = await listen(server, options.port, options.host);
  server.keepAliveTimeout = 65_000;
  // Plain HTTP on the shop's network: a redirect to HTTPS, and the CA certificate to install first.
  let redirect: HttpServer | undefined;
  let httpUrl: string | undefined;
  if (tls && options.tls?.httpPort !== undefined) {
    redirect = createHttpServer((req, res) => {
      if (req.url === caCertificatePath) return serveCaCertificate(res, tls.caCert);
      const host = (req.headers.host ?? 'localhost').replace(/:\d+$/, '');
      res.writeHead(308, { location: `https://${host}:${port}${req.url ?? '/'}` });
      res.end();
    });
    const httpPort = await listen(redirect, options.tls.httpPort, options.host);
    httpUrl = `http://${urlHost(options.host)}:${httpPort}`;
  }

  return {
    url: tls ? `https://${urlHost(options.host)}:${port}` : `http://127.0.0.1:${port}`,
    ...(tls
      ? {
          tls: {
            caCert: tls.caCert,
            caFingerprint: tls.caFingerprint,
            names: tls.names,
            ...(httpUrl ? { httpUrl } : {}),
          },
        }
      : {}),
    port,
    dataDir: options.dataDir,
    seeded,
    credentials,
    endpoints: {
      dynamodb: dynamo.endpoint,
      eventbridge: bus.endpoint,
      secretsManager: secrets.endpoint,
      stepFunctions: sfn.endpoint,
      s3: s3.endpoint,
    },
    resumedDeliveries,
    bus: {
      endpoint: bus.endpoint,
      busName: bus.busName,
      settled: () => bus.settled(),
      deadLetters: () => bus.deadLetters(),
      published: () => bus.published(),
      rules: () => bus.rules(),
    },
    stepFunctions: { endpoint: sfn.endpoint, executions: () => sfn.executions() },
    recovered,
    metrics: () => collector.snapshot(),
    s3: { endpoint: s3.endpoint },
    ses: { endpoint: ses.endpoint, messages: () => ses.messages(), failNext: (n) => ses.failNext(n) },
    scheduler: {
      trigger: (name, extra) => scheduler.trigger(name, extra),
      nextRun: (name) => scheduler.nextRun(name),
    },
    async stop() {
      await recovered;
      stopEmfCapture();
      server.closeIdleConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      if (redirect) await new Promise<void>((resolve) => redirect.close(() => resolve()));
      scheduler.stop();
      await bus.stop();
      await Promise.all([sfn.stop(), secrets.stop(), s3.stop(), ses.stop()]);
      await dynamo.stop();
    },
  };
}

/** The host a URL names for `host` (a wildcard: this machine's name; an IPv6 address in brackets). */
function urlHost(host: string | undefined): string {
  if (!host || host === '0.0.0.0' || host === '::') return 'localhost';
  return isIP(host) === 6 ? `[${host}]` : host;
}

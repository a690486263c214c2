import { isIP } from 'node:net';
import { resolve } from 'node:path';
import { credentialsFileName } from './credentials.ts';
import { startRuntime, version } from './runtime.ts';
import { demoPassword, demoUsers } from './seed/demo-users.ts';

/** `npm start`: the whole system on this machine, with demo data, until Ctrl-C. */
const port = Number(process.env.PORT ?? 3000);
const dataDir = resolve(process.env.COMPTOIR_DATA_DIR ?? '.data');

const host = process.env.HOST ?? '127.0.0.1';
// On the shop's network (HOST not loopback) tokens must not cross in clear: HTTPS with the local CA
// (local/tls.ts, docs/operations.md), HTTP on HTTP_PORT redirecting to it. COMPTOIR_TLS=1/0 forces it.
const loopback = ['127.0.0.1', 'localhost', '::1'].includes(host);
const tls = process.env.COMPTOIR_TLS ? process.env.COMPTOIR_TLS !== '0' : !loopback;
const httpPort = Number(process.env.HTTP_PORT ?? port + 80);

const runtime = await startRuntime({
  port,
  host,
  dataDir,
  seed: true,
  ...(tls ? { tls: { httpPort } } : {}),
});

// Before the banner: whoever waits for it may signal as soon as it is printed.
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`\n${signal}: stopping, keeping data in ${dataDir}…\n`);
    runtime.stop().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`stop failed: ${String(e)}\n`);
        process.exit(1);
      },
    );
  });
}

const lines = [
  `Comptoir ${version} — local runtime`,
  `  Node        ${process.version}`,
  `  API         ${runtime.url}   (try ${runtime.url}/products?q=cafe)`,
  `  Web         ${runtime.url}/`,
  `  OpenAPI     ${runtime.url}/openapi.json`,
  `  Ops         ${runtime.url}/web/ops/  (sign in as ops: requests, latency, errors, sagas, events; JSON at /_local/metrics)`,
  `  DynamoDB    ${runtime.endpoints.dynamodb}  (dynalite, in a worker thread)`,
  `  Events      ${runtime.bus.endpoint}  (local EventBridge, ${runtime.bus.rules().length} rules; journal ${dataDir}/events-journal.jsonl${runtime.resumedDeliveries > 0 ? `, ${runtime.resumedDeliveries} deliveries resumed from before the last stop` : ''}; dead letters: ${runtime.bus.deadLetters().length}, in ${dataDir}/dead-letters.jsonl)`,
  `  Secrets     ${runtime.endpoints.secretsManager}  (JWT signing key in ${dataDir}/jwt-secret)`,
  `  S3          ${runtime.s3.endpoint}  (report exports in ${dataDir}/s3/)`,
  `  AWS access  local endpoints on 127.0.0.1 serve only requests signed with this install's credentials,`,
  `              ${dataDir}/${credentialsFileName} (mode 0600; AWS CLI: AWS_SHARED_CREDENTIALS_FILE=${dataDir}/${credentialsFileName} aws --region ca-central-1 --endpoint-url …); browsers are refused`,
  `  Schedules   daily-sales-export next at ${runtime.scheduler.nextRun('daily-sales-export')?.toISOString() ?? 'never'} (06:00 America/Montreal)`,
  `  Demo users  password "${demoPassword}" (demo data only) — POST /auth/login {username, password}`,
  ...demoUsers.map(
    (u) => `              ${u.username.padEnd(10)} ${u.role}${u.storeId ? ` at ${u.storeId}` : ''}`,
  ),
  `  Data        ${dataDir}${runtime.seeded?.seeded ? `  (demo data loaded: ${runtime.seeded.products} products, ${runtime.seeded.stockLines} stock lines)` : '  (existing data kept)'}`,
  ...(runtime.tls
    ? [
        `  HTTPS       local CA ${dataDir}/tls/ca.pem (key mode 0600), SHA-256 fingerprint`,
        `              ${runtime.tls.caFingerprint}`,
        `  Tablets     install the CA first: ${runtime.tls.httpUrl ?? runtime.url}/comptoir-ca.pem (check the fingerprint; docs/operations.md)`,
        ...runtime.tls.names
          .filter((n) => isIP(n) === 4 && !n.startsWith('127.'))
          .map((ip) => `              then open https://${ip}:${runtime.port}/web/pos/`),
      ]
    : []),
  `  Stop        Ctrl-C`,
];
process.stderr.write(`\n${lines.join('\n')}\n\n`);

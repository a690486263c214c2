import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SFNClient, StartSyncExecutionCommand } from '@aws-sdk/client-sfn';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { Sha256 } from '@smithy/core/checksum';
import { SignatureV4 } from '@smithy/signature-v4';
import { jwtVerify } from 'jose';
import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseKeyset } from '#domain/identity/keyset.ts';
import { newCredentials, type LocalCredentials } from '#local/credentials.ts';
import { localBucketName } from '#local/runtime.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

/**
 * The local AWS endpoints (DynamoDB, EventBridge, Secrets Manager, Step Functions, S3) serve the runtime
 * and nobody else: a web page (Origin header), an unsigned request, a request signed with other
 * credentials, a stale or tampered one are all refused; the runtime's own credentials are served.
 */
let api: TestRuntime;
beforeAll(async () => {
  api = await startTestRuntime();
});
afterAll(() => api.stop());

interface Service {
  readonly name: string;
  readonly endpoint: () => string;
  /** SigV4 signing name. */
  readonly signingName: string;
  /** A harmless call, as the raw HTTP request an SDK would send. */
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly body: string;
  /** The same call through the SDK, with these credentials. */
  call(credentials: LocalCredentials): Promise<unknown>;
  /** The error the SDK raises for an unknown access key (S3 has its own names). */
  readonly unknownKey: string;
  /** The status of the service's own answer to the raw call. */
  readonly served: number;
}

const json10 = (target: string) => ({ 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target });
const json11 = (target: string) => ({ 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target });
const sdk = { region: 'ca-central-1', maxAttempts: 1 } as const;

const services: readonly Service[] = [
  {
    name: 'DynamoDB (dynalite)',
    endpoint: () => api.runtime.endpoints.dynamodb,
    signingName: 'dynamodb',
    method: 'POST',
    path: '/',
    headers: json10('DynamoDB_20120810.ListTables'),
    body: '{}',
    unknownKey: 'UnrecognizedClientException',
    served: 200,
    call: (credentials) =>
      new DynamoDBClient({ ...sdk, endpoint: api.runtime.endpoints.dynamodb, credentials }).send(
        new ListTablesCommand({}),
      ),
  },
  {
    name: 'EventBridge',
    endpoint: () => api.runtime.endpoints.eventbridge,
    signingName: 'events',
    method: 'POST',
    path: '/',
    headers: json11('AWSEvents.PutEvents'),
    body: JSON.stringify({
      Entries: [{ Source: 'test.endpoints', DetailType: 'Probe', Detail: '{}', EventBusName: 'comptoir' }],
    }),
    unknownKey: 'UnrecognizedClientException',
    served: 200,
    call: (credentials) =>
      new EventBridgeClient({ ...sdk, endpoint: api.runtime.endpoints.eventbridge, credentials }).send(
        new PutEventsCommand({
          Entries: [
            { Source: 'test.endpoints', DetailType: 'Probe', Detail: '{}', EventBusName: 'comptoir' },
          ],
        }),
      ),
  },
  {
    name: 'Secrets Manager',
    endpoint: () => api.runtime.endpoints.secretsManager,
    signingName: 'secretsmanager',
    method: 'POST',
    path: '/',
    headers: json11('secretsmanager.GetSecretValue'),
    body: JSON.stringify({ SecretId: 'comptoir/jwt-signing-key' }),
    unknownKey: 'UnrecognizedClientException',
    served: 200,
    call: (credentials) =>
      new SecretsManagerClient({ ...sdk, endpoint: api.runtime.endpoints.secretsManager, credentials }).send(
        new GetSecretValueCommand({ SecretId: process.env.JWT_SECRET_ARN }),
      ),
  },
  {
    name: 'Step Functions',
    endpoint: () => api.runtime.endpoints.stepFunctions,
    signingName: 'states',
    method: 'POST',
    path: '/',
    headers: json10('AWSStepFunctions.StartSyncExecution'),
    body: JSON.stringify({ stateMachineArn: 'arn:aws:states:ca-central-1:000000000000:stateMachine:none' }),
    unknownKey: 'UnrecognizedClientException',
    served: 400,
    // An unknown state machine: served (the service's own answer), and nothing runs.
    call: (credentials) =>
      new SFNClient({
        ...sdk,
        endpoint: api.runtime.endpoints.stepFunctions,
        credentials,
        disableHostPrefix: true,
      })
        .send(
          new StartSyncExecutionCommand({
            stateMachineArn: 'arn:aws:states:ca-central-1:000000000000:stateMachine:none',
          }),
        )
        .catch((e: Error) => {
          if (e.name === 'StateMachineDoesNotExist') return 'served';
          throw e;
        }),
  },
  {
    name: 'S3',
    endpoint: () => api.runtime.endpoints.s3,
    signingName: 's3',
    method: 'GET',
    path: `/${localBucketName('reports')}?list-type=2`,
    headers: {},
    body: '',
    unknownKey: 'InvalidAccessKeyId',
    served: 200,
    call: (credentials) =>
      s3Client(credentials).send(new ListObjectsV2Command({ Bucket: localBucketName('reports') })),
  },
];

function s3Client(credentials: LocalCredentials): S3Client {
  return new S3Client({ ...sdk, endpoint: api.runtime.endpoints.s3, forcePathStyle: true, credentials });
}

/** Sends `service`'s raw call, optionally signed (with the SDK's signer) by `credentials` at `date`. */
async function raw(
  service: Service,
  options: {
    readonly credentials?: LocalCredentials;
    readonly date?: Date;
    readonly headers?: Record<string, string>;
    /** Replaces the body after signing (a tampered request). */
    readonly bodyAfterSigning?: string;
  } = {},
): Promise<{ status: number; text: string; headers: Headers }> {
  const url = new URL(`${service.endpoint()}${service.path}`);
  let headers: Record<string, string> = { ...service.headers, host: url.host };
  if (options.credentials) {
    const signer = new SignatureV4({
      credentials: options.credentials,
      region: 'ca-central-1',
      service: service.signingName,
      sha256: Sha256,
      uriEscapePath: service.signingName !== 's3',
      // As the SDK signs: the body's hash goes into the signature; only S3 also sends it as a header.
      applyChecksum: false,
    });
    const signed = await signer.sign(
      {
        method: service.method,
        protocol: 'http:',
        hostname: url.hostname,
        port: Number(url.port),
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: {
          ...headers,
          ...(service.signingName === 's3'
            ? { 'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' }
            : {}),
        },
        ...(service.body ? { body: service.body } : {}),
      },
      { signingDate: options.date ?? new Date() },
    );
    headers = signed.headers as Record<string, string>;
  }
  const { host: _host, ...sent } = { ...headers, ...options.headers };
  const body = options.bodyAfterSigning ?? service.body;
  const res = await fetch(url, { method: service.method, headers: sent, ...(body ? { body } : {}) });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

describe.each(services)('the local $name endpoint', (service) => {
  const external = Object.values(networkInterfaces())
    .flat()
    .find((i) => i?.family === 'IPv4' && !i.internal);
  it.skipIf(!external)(
    "listens on 127.0.0.1 only: the machine's network address refuses it (skipped without one)",
    async () => {
      const port = Number(new URL(service.endpoint()).port);
      const outcome = await new Promise<string>((resolve) => {
        const socket = connect(port, external!.address);
        socket.once('connect', () => {
          socket.destroy();
          resolve('connected');
        });
        socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      });
      expect(outcome).toBe('ECONNREFUSED');
    },
  );

  it("serves a request signed with the runtime's own credentials", async () => {
    await expect(service.call(api.runtime.credentials)).resolves.toBeDefined();
    expect((await raw(service, { credentials: api.runtime.credentials })).status).toBe(service.served);
  });

  it('refuses a request carrying an Origin header, even a signed one (a web page in a browser)', async () => {
    const res = await raw(service, {
      credentials: api.runtime.credentials,
      headers: { origin: 'https://some-web-page.example' },
    });
    expect(res.status).toBe(403);
    expect(res.text).toMatch(/AccessDenied/);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses a browser preflight (OPTIONS with an Origin) without any CORS permission', async () => {
    const res = await fetch(`${service.endpoint()}/`, {
      method: 'OPTIONS',
      headers: {
        origin: 'https://some-web-page.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'x-amz-target,content-type',
      },
    });
    await res.arrayBuffer();
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses an unsigned request', async () => {
    const res = await raw(service);
    expect(res.status).toBe(403);
    expect(res.text).toMatch(/Request is missing Authentication Token/);
  });

  it('refuses a request signed with other credentials', async () => {
    await expect(service.call(newCredentials())).rejects.toMatchObject({
      name: service.unknownKey,
      $metadata: { httpStatusCode: 403 },
    });
  });

  it("refuses a request signed with the runtime's key id but another secret", async () => {
    const forged = { ...newCredentials(), accessKeyId: api.runtime.credentials.accessKeyId };
    const res = await raw(service, { credentials: forged });
    expect(res.status).toBe(403);
    expect(res.text).toMatch(/signature we calculated does not match/);
  });

  it('refuses a signature made more than 15 minutes ago', async () => {
    const res = await raw(service, {
      credentials: api.runtime.credentials,
      date: new Date(Date.now() - 20 * 60_000),
    });
    expect(res.status).toBe(403);
    expect(res.text).toMatch(/Signature expired/);
  });

  // S3's calls here have no body (a PUT's body is covered by its x-amz-content-sha256 header).
  if (service.body !== '')
    it('refuses a signed request whose body was changed after signing', async () => {
      const res = await raw(service, {
        credentials: api.runtime.credentials,
        bodyAfterSigning: service.body.replace('}', ',"x":1}'),
      });
      expect(res.status).toBe(403);
      expect(res.text).toMatch(/signature we calculated does not match/);
    });
});

describe('presigned S3 links', () => {
  const bucket = localBucketName('reports');
  const key = 'exports/2026/report été.csv';
  let link: string;
  beforeAll(async () => {
    const s3 = s3Client(api.runtime.credentials);
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: 'day,total\n2026-12-01,4200\n' }));
    link = await getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key }), { expiresIn: 300 });
  });

  it('serve the object to anyone who has the link (a browser download sends no Origin)', async () => {
    const res = await fetch(link);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('day,total\n2026-12-01,4200\n');
  });

  it.each([
    [
      'the signature',
      (u: URL) => u.searchParams.set('X-Amz-Signature', flip(u.searchParams.get('X-Amz-Signature')!)),
    ],
    ['the object key', (u: URL) => (u.pathname = u.pathname.replace('2026', '2025'))],
    ['the expiry', (u: URL) => u.searchParams.set('X-Amz-Expires', '604800')],
    [
      'the signing date',
      (u: URL) => u.searchParams.set('X-Amz-Date', oneSecondLater(u.searchParams.get('X-Amz-Date')!)),
    ],
    ['a response header it asks for', (u: URL) => u.searchParams.set('response-content-type', 'text/html')],
  ])('refuse a link whose %s was changed, before serving a byte', async (_what, change) => {
    const url = new URL(link);
    change(url);
    expect(url.href).not.toBe(link);
    const res = await fetch(url);
    const text = await res.text();
    expect(res.status).toBe(403);
    expect(text).not.toContain('4200');
  });

  it('refuse a link past its expiry', async () => {
    const expired = await getSignedUrl(
      s3Client(api.runtime.credentials),
      new GetObjectCommand({ Bucket: bucket, Key: key }),
      {
        expiresIn: 60,
        signingDate: new Date(Date.now() - 5 * 60_000),
      },
    );
    const res = await fetch(expired);
    const text = await res.text();
    expect(res.status).toBe(403);
    expect(text).toMatch(/Request has expired/);
    expect(text).not.toContain('4200');
  });

  it('refuse a link signed with other credentials', async () => {
    const other = await getSignedUrl(
      s3Client(newCredentials()),
      new GetObjectCommand({ Bucket: bucket, Key: key }),
    );
    const res = await fetch(other);
    expect(res.status).toBe(403);
    expect(await res.text()).not.toContain('4200');
  });
});

/** Changes one hex digit. */
const flip = (hex: string) => `${hex.slice(0, -1)}${hex.endsWith('0') ? '1' : '0'}`;
/** `20261201T085854Z` → `20261201T085855Z`. */
const oneSecondLater = (amzDate: string) =>
  new Date(
    Date.parse(amzDate.replace(/^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/, '$1-$2-$3T$4:$5:$6Z')) +
      1000,
  )
    .toISOString()
    .replace(/[-:]|\.\d{3}/g, '');

describe('the JWT signing key', () => {
  it("cannot be read without the install's credentials", async () => {
    for (const credentials of [
      newCredentials(),
      { ...newCredentials(), accessKeyId: api.runtime.credentials.accessKeyId },
    ]) {
      const client = new SecretsManagerClient({
        ...sdk,
        endpoint: api.runtime.endpoints.secretsManager,
        credentials,
      });
      const read = client.send(new GetSecretValueCommand({ SecretId: process.env.JWT_SECRET_ARN }));
      await expect(read).rejects.toMatchObject({ $metadata: { httpStatusCode: 403 } });
      client.destroy();
    }
    const unsigned = await raw(services.find((s) => s.signingName === 'secretsmanager')!);
    expect(unsigned.status).toBe(403);
    expect(unsigned.text).not.toMatch(/SecretString/);
  });

  it('is the key that signs the tokens, for whoever holds the credentials (the runtime)', async () => {
    const client = new SecretsManagerClient({
      ...sdk,
      endpoint: api.runtime.endpoints.secretsManager,
      credentials: api.runtime.credentials,
    });
    const secret = await client.send(new GetSecretValueCommand({ SecretId: process.env.JWT_SECRET_ARN }));
    client.destroy();
    const login = await api.anon.post<{ token: string }>('/auth/login', {
      username: 'manager',
      password: 'comptoir-demo',
    });
    expect(login.status).toBe(200);
    const keyset = parseKeyset(secret.SecretString!);
    expect(keyset).toBeDefined();
    const verified = await jwtVerify(login.body.token, new TextEncoder().encode(keyset!.current.key));
    expect(verified.protectedHeader.kid).toBe(keyset!.current.kid);
    expect(verified.payload.sub).toBeDefined();
  });
});

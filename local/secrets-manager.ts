import type { ServerResponse } from 'node:http';
import { serializeKeyset } from '#domain/identity/keyset.ts';
import type { LocalCredentials } from './credentials.ts';
import { loadOrCreateJwtKeyset } from './jwt-keys.ts';
import { closeServer, listen, localEndpoint } from './listen.ts';

/**
 * A tiny Secrets Manager for the local runtime: `GetSecretValue` over the AWS JSON 1.1 protocol
 * (`POST /`, `X-Amz-Target: secretsmanager.GetSecretValue`), reached by the unchanged SDK client through
 * AWS_ENDPOINT_URL_SECRETS_MANAGER. It serves the JWT signing keys (local/jwt-keys.ts: kept in
 * `<dataDir>/jwt-secret`, mode 600, rotated at start when old; random and in memory without a data
 * folder). The name mirrors the CDK-created secret. Like every local
 * endpoint it answers only requests signed with the install's credentials (local/listen.ts): without
 * them, nobody can read the signing key and forge tokens.
 */
export interface LocalSecretsManager {
  readonly endpoint: string;
  readonly port: number;
  /** ARN of the signing secret, as JWT_SECRET_ARN. */
  readonly jwtSecretArn: string;
  stop(): Promise<void>;
}

export const jwtSecretName = 'comptoir/jwt-signing-key';
const region = 'ca-central-1';
const jwtSecretArn = `arn:aws:secretsmanager:${region}:000000000000:secret:${jwtSecretName}-local`;

interface Secret {
  readonly name: string;
  readonly arn: string;
  readonly value: string;
  readonly versionId: string;
  readonly createdDate: number;
}

function awsError(status: number, type: string, message: string) {
  return { status, headers: { 'x-amzn-errortype': type }, body: { __type: type, message } };
}

export async function startSecretsManager(options: {
  readonly credentials: LocalCredentials;
  readonly dataDir?: string | undefined;
  readonly port?: number;
}): Promise<LocalSecretsManager> {
  const secrets: Secret[] = [
    {
      name: jwtSecretName,
      arn: jwtSecretArn,
      value: serializeKeyset(loadOrCreateJwtKeyset(options.dataDir)),
      versionId: 'local-1',
      createdDate: Math.floor(Date.now() / 1000),
    },
  ];

  const answer = (target: string, input: Record<string, unknown>) => {
    if (target !== 'secretsmanager.GetSecretValue')
      return awsError(
        400,
        'InvalidRequestException',
        `${target} is not supported by the local Secrets Manager`,
      );
    const id = input.SecretId;
    const secret = secrets.find((s) => s.arn === id || s.name === id);
    if (typeof id !== 'string' || !secret)
      return awsError(400, 'ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    return {
      status: 200,
      headers: {},
      body: {
        ARN: secret.arn,
        Name: secret.name,
        VersionId: secret.versionId,
        SecretString: secret.value,
        VersionStages: ['AWSCURRENT'],
        CreatedDate: secret.createdDate,
      },
    };
  };

  const send = (
    res: ServerResponse,
    out: { status: number; headers: Record<string, string>; body: unknown },
  ) => {
    res.writeHead(out.status, { 'content-type': 'application/x-amz-json-1.1', ...out.headers });
    res.end(JSON.stringify(out.body));
  };
  const server = localEndpoint({
    service: 'secretsmanager',
    credentials: options.credentials,
    maxBodyBytes: 64 * 1024,
    refuse: (res, refusal) => send(res, awsError(refusal.status, refusal.code, refusal.message)),
    handle: (req, res, body) => {
      let input: Record<string, unknown>;
      try {
        const text = body.toString('utf8');
        input = text ? (JSON.parse(text) as Record<string, unknown>) : {};
      } catch {
        input = {};
      }
      const target = String(req.headers['x-amz-target'] ?? '');
      send(
        res,
        req.method === 'POST'
          ? answer(target, input)
          : awsError(400, 'InvalidRequestException', 'Only POST is supported'),
      );
    },
  });
  const port = await listen(server, options.port);
  return {
    endpoint: `http://127.0.0.1:${port}`,
    port,
    jwtSecretArn,
    stop: () => closeServer(server),
  };
}

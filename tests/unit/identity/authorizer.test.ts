import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { SignJWT } from 'jose';
import { beforeAll, describe, expect, it } from 'vitest';
import { issueToken } from '#functions/identity/adapters/tokens.ts';
import type * as Authorizer from '#functions/identity/authorizer.ts';

const secret = 'k'.repeat(20) + 'unit-test-signing-key-0123456789';
const key = new TextEncoder().encode(secret);
const sm = mockClient(SecretsManagerClient);
let handler: (typeof Authorizer)['handler'];
let anonymous: (typeof Authorizer)['anonymous'];

beforeAll(async () => {
  process.env.JWT_SECRET_ARN = 'arn:aws:secretsmanager:ca-central-1:000000000000:secret:test';
  sm.on(GetSecretValueCommand).resolves({ SecretString: secret });
  ({ handler, anonymous } = await import('#functions/identity/authorizer.ts'));
});

const cashier = { id: 'usr_c1', username: 'cashier1', role: 'cashier' as const, storeId: 'store-1' };
const withHeader = (authorization?: string) => ({ headers: authorization ? { authorization } : {} });

describe('the Lambda authorizer', () => {
  it('accepts a valid token and passes who is calling to the handlers', async () => {
    const { token } = await issueToken(key, cashier, Date.now(), 3600);
    const res = await handler(withHeader(`Bearer ${token}`));
    expect(res).toEqual({
      isAuthorized: true,
      context: {
        userId: 'usr_c1',
        username: 'cashier1',
        role: 'cashier',
        storeId: 'store-1',
        exp: expect.any(Number),
      },
    });
  });

  it('reads the signing secret once per cold start', async () => {
    const { token } = await issueToken(key, cashier, Date.now(), 3600);
    for (let i = 0; i < 3; i++) await handler({ identitySource: [`Bearer ${token}`] });
    expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it('refuses a request without an Authorization header', async () => {
    expect(await handler(withHeader(undefined))).toEqual({ isAuthorized: false });
  });

  it.each([
    ['not a bearer token', 'Basic bWFuYWdlcjpjb21wdG9pci1kZW1v'],
    ['garbage', 'Bearer not.a.token'],
  ])(
    'lets %s through as an anonymous caller, for the handler to answer 401 as problem+json',
    async (_, header) => {
      expect(await handler(withHeader(header))).toEqual({ isAuthorized: true, context: anonymous });
    },
  );

  it('refuses expired, foreign-key, wrong-audience and unsigned tokens', async () => {
    const expired = (await issueToken(key, cashier, Date.now() - 7200_000, 3600)).token;
    const foreign = (await issueToken(new TextEncoder().encode('x'.repeat(64)), cashier, Date.now(), 3600))
      .token;
    const wrongAudience = await new SignJWT({ username: 'cashier1', role: 'cashier', storeId: 'store-1' })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject('usr_c1')
      .setIssuer('comptoir')
      .setAudience('someone-else')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(key);
    const [h, p] = (await issueToken(key, cashier, Date.now(), 3600)).token.split('.');
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${p}.`;
    const tampered = `${h}.${Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), role: 'manager' }),
    ).toString('base64url')}.${(await issueToken(key, cashier, Date.now(), 3600)).token.split('.')[2]}`;
    for (const token of [expired, foreign, wrongAudience, none, tampered])
      expect(await handler(withHeader(`Bearer ${token}`))).toEqual({
        isAuthorized: true,
        context: anonymous,
      });
  });
});

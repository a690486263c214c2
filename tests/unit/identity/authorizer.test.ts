import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { DynamoDBDocumentClient, GetCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { SignJWT } from 'jose';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { SigningKey } from '#domain/identity/keyset.ts';
import { issueToken } from '#functions/identity/adapters/tokens.ts';
import type * as Authorizer from '#functions/identity/authorizer.ts';

const current: SigningKey = {
  kid: 'k-20261101-aaaaaa',
  key: 'c'.repeat(20) + 'current-signing-key-0123456789',
};
const previous: SigningKey = {
  kid: 'k-20261001-bbbbbb',
  key: 'p'.repeat(20) + 'previous-signing-key-012345678',
};
const sm = mockClient(SecretsManagerClient);
const ddb = mockClient(DynamoDBDocumentClient);
let handler: (typeof Authorizer)['handler'];
let anonymous: (typeof Authorizer)['anonymous'];

/** The user item the authorizer reads: active, token version 3. */
let userItem: Record<string, unknown> | undefined;

beforeAll(async () => {
  process.env.JWT_SECRET_ARN = 'arn:aws:secretsmanager:ca-central-1:000000000000:secret:test';
  process.env.IDENTITY_TABLE = 'identity-test';
  sm.on(GetSecretValueCommand).resolves({ SecretString: JSON.stringify({ current, previous }) });
  ddb.on(GetCommand).callsFake(() => ({ Item: userItem }));
  ({ handler, anonymous } = await import('#functions/identity/authorizer.ts'));
});

beforeEach(() => {
  userItem = {
    pk: 'USER#usr_c1',
    sk: 'USER',
    id: 'usr_c1',
    username: 'cashier1',
    displayName: 'Léa',
    role: 'cashier',
    storeId: 'store-1',
    createdAt: '2026-01-05T13:00:00.000Z',
    passwordHash: 'scrypt$…',
    status: 'active',
    tokenVersion: 3,
    revision: 4,
  };
});

const cashier = {
  id: 'usr_c1',
  username: 'cashier1',
  role: 'cashier' as const,
  storeId: 'store-1',
  tokenVersion: 3,
};
const withHeader = (authorization?: string) => ({ headers: authorization ? { authorization } : {} });
const tokenOf = async (key = current, user = cashier, at = Date.now()) =>
  (await issueToken(key, user, at, 900)).token;

describe('the Lambda authorizer', () => {
  it('accepts a valid token of an active user and passes who is calling to the handlers', async () => {
    const res = await handler(withHeader(`Bearer ${await tokenOf()}`));
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

  it('accepts a token signed with the previous key (rotation overlap), by its key id', async () => {
    const res = await handler(withHeader(`Bearer ${await tokenOf(previous)}`));
    expect(res.isAuthorized && res.context.userId).toBe('usr_c1');
  });

  it('reads the signing keys once, not per request', async () => {
    const calls = sm.commandCalls(GetSecretValueCommand).length;
    const token = await tokenOf();
    for (let i = 0; i < 3; i++) await handler({ identitySource: [`Bearer ${token}`] });
    expect(sm.commandCalls(GetSecretValueCommand).length - calls).toBeLessThanOrEqual(1);
  });

  it('refuses the token of a disabled user, of a user whose token version moved on, and of a deleted user', async () => {
    const token = await tokenOf();
    userItem = { ...userItem, status: 'disabled' };
    expect(await handler(withHeader(`Bearer ${token}`))).toEqual({ isAuthorized: true, context: anonymous });
    userItem = { ...userItem, status: 'active', tokenVersion: 4 };
    expect(await handler(withHeader(`Bearer ${token}`))).toEqual({ isAuthorized: true, context: anonymous });
    userItem = undefined;
    expect(await handler(withHeader(`Bearer ${token}`))).toEqual({ isAuthorized: true, context: anonymous });
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

  it('refuses expired, foreign-key, unknown-kid, wrong-audience, unversioned and unsigned tokens', async () => {
    const encoder = new TextEncoder();
    const expired = await tokenOf(current, cashier, Date.now() - 7200_000);
    const foreign = await tokenOf({ kid: current.kid, key: 'x'.repeat(64) });
    const unknownKid = await tokenOf({ kid: 'k-19990101-cccccc', key: current.key });
    const claims = { username: 'cashier1', role: 'cashier', storeId: 'store-1' };
    const wrongAudience = await new SignJWT({ ...claims, ver: 3 })
      .setProtectedHeader({ alg: 'HS256', kid: current.kid })
      .setSubject('usr_c1')
      .setIssuer('comptoir')
      .setAudience('someone-else')
      .setIssuedAt()
      .setExpirationTime('15m')
      .sign(encoder.encode(current.key));
    const unversioned = await new SignJWT(claims)
      .setProtectedHeader({ alg: 'HS256', kid: current.kid })
      .setSubject('usr_c1')
      .setIssuer('comptoir')
      .setAudience('comptoir-api')
      .setIssuedAt()
      .setExpirationTime('15m')
      .sign(encoder.encode(current.key));
    const [h, p, sig] = (await tokenOf()).split('.');
    const none = `${Buffer.from(`{"alg":"none","typ":"JWT","kid":"${current.kid}"}`).toString('base64url')}.${p}.`;
    const tampered = `${h}.${Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(p!, 'base64url').toString()), role: 'manager' }),
    ).toString('base64url')}.${sig}`;
    for (const token of [expired, foreign, unknownKid, wrongAudience, unversioned, none, tampered])
      expect(await handler(withHeader(`Bearer ${token}`))).toEqual({
        isAuthorized: true,
        context: anonymous,
      });
  });
});

import type { Template } from 'aws-cdk-lib/assertions';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { routeKey, routes } from '#infra/spec/routes.ts';
import { appStacks, templateOf } from './support/stacks.ts';

/** CloudFormation JSON, read loosely: the assertions below say what must be there. */

type Json = any;
type Resource = { Properties: Record<string, Json> };

let template: Template;
beforeAll(() => {
  template = templateOf(appStacks().api);
});

const resources = (type: string): Record<string, Resource> =>
  template.findResources(type) as Record<string, Resource>;

/** Logical id of the resource a `{Ref}` / `{Fn::GetAtt}` points at. */
const refOf = (value: Json): string | undefined => value?.Ref ?? value?.['Fn::GetAtt']?.[0];

function functionByHandler(handler: string): string {
  const entry = Object.entries(resources('AWS::Lambda::Function')).find(
    ([, r]) => r.Properties.Environment?.Variables?.COMPTOIR_HANDLER === handler,
  );
  if (!entry) throw new Error(`no function for ${handler}`);
  return entry[0];
}

function policiesOfFunction(logicalId: string): Json[] {
  const fn = resources('AWS::Lambda::Function')[logicalId]!;
  const role = refOf(fn.Properties.Role);
  return Object.values(resources('AWS::IAM::Policy')).filter((p) =>
    (p.Properties.Roles as Json[]).some((r) => refOf(r) === role),
  );
}

const secretId = () => Object.keys(resources('AWS::SecretsManager::Secret'))[0]!;

function canReadSecret(logicalId: string): boolean {
  return policiesOfFunction(logicalId).some((p) =>
    (p.Properties.PolicyDocument.Statement as Json[]).some(
      (s) => [s.Action].flat().includes('secretsmanager:GetSecretValue') && refOf(s.Resource) === secretId(),
    ),
  );
}

describe('identity infrastructure', () => {
  it('creates one generated signing secret whose first key has a key id', () => {
    template.resourceCountIs('AWS::SecretsManager::Secret', 1);
    template.hasResourceProperties('AWS::SecretsManager::Secret', {
      GenerateSecretString: Match.objectLike({
        PasswordLength: 64,
        ExcludePunctuation: true,
        SecretStringTemplate: JSON.stringify({ kid: 'k-initial' }),
        GenerateStringKey: 'key',
      }),
    });
  });

  it('rotates the signing secret every 30 days with the rotation function, which alone may write it', () => {
    template.resourceCountIs('AWS::SecretsManager::RotationSchedule', 1);
    const schedule = Object.values(resources('AWS::SecretsManager::RotationSchedule'))[0]!;
    expect(refOf(schedule.Properties.SecretId)).toBe(secretId());
    expect(schedule.Properties.RotationRules).toEqual({ ScheduleExpression: 'rate(30 days)' });
    const rotator = functionByHandler('identity/rotate-signing-key');
    expect(refOf(schedule.Properties.RotationLambdaARN)).toBe(rotator);
    const writers = Object.keys(resources('AWS::Lambda::Function')).filter((id) =>
      policiesOfFunction(id).some((p) =>
        (p.Properties.PolicyDocument.Statement as Json[]).some(
          (s) =>
            [s.Action].flat().some((a: string) => a === 'secretsmanager:PutSecretValue') &&
            refOf(s.Resource) === secretId(),
        ),
      ),
    );
    expect(writers).toEqual([rotator]);
    // Secrets Manager may invoke it.
    template.hasResourceProperties('AWS::Lambda::Permission', {
      Action: 'lambda:InvokeFunction',
      Principal: 'secretsmanager.amazonaws.com',
      FunctionName: Match.objectLike({ 'Fn::GetAtt': [rotator, 'Arn'] }),
    });
  });

  it('lets the authorizer read, and only read, the identity table (status and token version of users)', () => {
    const id = functionByHandler('identity/authorizer');
    const env = resources('AWS::Lambda::Function')[id]!.Properties.Environment.Variables;
    expect(env.IDENTITY_TABLE).toBeDefined();
    const actions = policiesOfFunction(id).flatMap((p) =>
      (p.Properties.PolicyDocument.Statement as Json[]).flatMap((s) => [s.Action].flat() as string[]),
    );
    expect(actions).toEqual(expect.arrayContaining(['dynamodb:GetItem']));
    expect(actions.filter((a) => /^dynamodb:(Put|Update|Delete|BatchWrite)/.test(a))).toEqual([]);
  });

  it('has a Lambda authorizer with simple responses, the Authorization header and a 5-minute cache', () => {
    template.resourceCountIs('AWS::ApiGatewayV2::Authorizer', 1);
    template.hasResourceProperties('AWS::ApiGatewayV2::Authorizer', {
      AuthorizerType: 'REQUEST',
      AuthorizerPayloadFormatVersion: '2.0',
      EnableSimpleResponses: true,
      IdentitySource: ['$request.header.Authorization'],
      AuthorizerResultTtlInSeconds: 300,
    });
  });

  it('gives the authorizer and the login function the secret ARN and read access to it', () => {
    for (const handler of ['identity/authorizer', 'identity/login']) {
      const id = functionByHandler(handler);
      const env = resources('AWS::Lambda::Function')[id]!.Properties.Environment.Variables;
      expect(refOf(env.JWT_SECRET_ARN), handler).toBe(secretId());
      expect(canReadSecret(id), handler).toBe(true);
    }
  });

  it('lets no other route function read the secret', () => {
    for (const route of routes.filter((r) => !r.signsTokens && !r.verifiesApprovals)) {
      expect(canReadSecret(functionByHandler(route.handler)), route.handler).toBe(false);
    }
  });

  it('attaches the authorizer to every non-public route and to none of the public ones', () => {
    const authorizerId = Object.keys(resources('AWS::ApiGatewayV2::Authorizer'))[0]!;
    const deployed = new Map(
      Object.values(resources('AWS::ApiGatewayV2::Route')).map((r) => [r.Properties.RouteKey as string, r]),
    );
    expect(routes.length).toBeGreaterThan(0);
    for (const route of routes) {
      const r = deployed.get(routeKey(route));
      expect(r, routeKey(route)).toBeDefined();
      if (route.access === 'public') {
        expect(r!.Properties.AuthorizerId, routeKey(route)).toBeUndefined();
        expect(r!.Properties.AuthorizationType ?? 'NONE', routeKey(route)).toBe('NONE');
      } else {
        expect(r!.Properties.AuthorizationType, routeKey(route)).toBe('CUSTOM');
        expect(refOf(r!.Properties.AuthorizerId), routeKey(route)).toBe(authorizerId);
      }
    }
  });
});

import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { CorsHttpMethod, HttpApi, HttpMethod } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { Construct } from 'constructs';
import { ComptoirFunction } from '../constructs/comptoir-function.ts';
import { routes } from '../spec/routes.ts';
import type { StatefulStack } from './stateful-stack.ts';

export interface ApiStackProps extends StackProps {
  readonly stateful: StatefulStack;
  readonly version: string;
}

const pascal = (s: string) => s.replace(/(^|[/-])(\w)/g, (_, __, c: string) => c.toUpperCase());

/** The HTTP API: one route and one Lambda function per entry of the route table. */
export class ApiStack extends Stack {
  readonly api: HttpApi;
  readonly functions: ReadonlyMap<string, ComptoirFunction>;

  constructor(scope: Construct, id: string, props: ApiStackProps) {
    super(scope, id, props);
    this.api = new HttpApi(this, 'HttpApi', {
      apiName: 'comptoir',
      corsPreflight: {
        allowOrigins: ['*'],
        allowHeaders: ['authorization', 'content-type', 'idempotency-key', 'x-correlation-id'],
        allowMethods: [CorsHttpMethod.ANY],
        exposeHeaders: ['x-correlation-id', 'idempotent-replayed', 'location'],
      },
    });

    const functions = new Map<string, ComptoirFunction>();
    for (const route of routes) {
      const fn = new ComptoirFunction(this, pascal(route.handler), {
        handler: route.handler,
        environment: { COMPTOIR_VERSION: props.version },
      });
      for (const name of route.tables) fn.bindTable(name, props.stateful.tables[name]);
      for (const name of route.buckets ?? []) fn.bindBucket(name, props.stateful.buckets[name]);
      this.api.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration: new HttpLambdaIntegration(`${pascal(route.handler)}Integration`, fn),
      });
      functions.set(route.handler, fn);
    }
    this.functions = functions;
    new CfnOutput(this, 'ApiUrl', { value: this.api.apiEndpoint });
  }
}

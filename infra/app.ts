import { readFileSync } from 'node:fs';
import { App, Tags, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { buildStacks } from './stacks/build.ts';

/** `npm run synth` / `cdk deploy`: synthesizes offline, with no AWS credentials needed, and runs cdk-nag. */
const app = new App();
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};
buildStacks(app, {
  version,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION ?? 'ca-central-1' },
});
Tags.of(app).add('app', 'comptoir');
// cdk-nag's AwsSolutions and Serverless packs: synth (and deploy) stop on any finding not
// acknowledged with its reason next to the resource (docs/operations.md#cdk-nag).
Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new ServerlessChecks(app));
app.synth();

import { readFileSync } from 'node:fs';
import { App, Tags } from 'aws-cdk-lib';
import { buildStacks } from './stacks/build.ts';

/** `npm run synth` / `cdk deploy`: synthesizes offline, with no AWS credentials needed. */
const app = new App();
const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};
buildStacks(app, {
  version,
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION ?? 'ca-central-1' },
});
Tags.of(app).add('app', 'comptoir');
app.synth();

import { App, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildStacks } from '#infra/stacks/build.ts';

/**
 * The app's stacks as `cdk synth` builds them (no asset bundling), built and synthesized once for all
 * the infra test files: they share one module graph (`isolate: false` in vitest.config.ts) and only read
 * the templates, so each file no longer pays a whole synth of its own (several seconds each). Files that
 * need another configuration (context, env) build their own App.
 */
let built: ReturnType<typeof buildStacks> | undefined;
const templates = new Map<Stack, Template>();

export function appStacks(): ReturnType<typeof buildStacks> {
  return (built ??= buildStacks(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), {
    version: 'test',
  }));
}

/** The synthesized template of one of `appStacks()` (the app is synthesized at the first call). */
export function templateOf(stack: Stack): Template {
  let template = templates.get(stack);
  if (!template) {
    template = Template.fromStack(stack);
    templates.set(stack, template);
  }
  return template;
}

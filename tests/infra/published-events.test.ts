import { readdirSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '#infra/paths.ts';
import { eventSources, type EventName } from '#infra/spec/events.ts';
import { functionSpecs } from './support/functions.ts';

/**
 * Each function's events:PutEvents is limited to the event types its spec declares (`publishes`),
 * so a declaration the code outgrows would fail in AWS only, at the first publish. This test reads
 * the code instead: it bundles every handler as esbuild does for Lambda (tree-shaken, so code the
 * handler cannot reach is gone), finds the event types defined with `defineEvent` in the bundle,
 * and counts as publishable every type the remaining code uses other than by subscribing to it
 * (`on(Type, …)` in a consumer). That set must equal the declaration: a type the code can publish
 * and the spec does not declare fails, and so does a declared type the code cannot reach (a grant
 * to remove). Events exist only as `defineEvent` types: the checks at the end fail on any other way.
 */
type Detected = { readonly defined: Set<string>; readonly publishable: Set<EventName> };

const bundles = new Map<string, string>();
const handlers = [...new Set(functionSpecs.map((f) => f.handler))];

beforeAll(async () => {
  await Promise.all(
    handlers.map(async (handler) => {
      const out = await build({
        entryPoints: [`${repoRoot}functions/${handler}.ts`],
        bundle: true,
        write: false,
        platform: 'node',
        format: 'esm',
        target: 'node24',
        packages: 'external',
        treeShaking: true,
        minify: false,
        logLevel: 'silent',
      });
      bundles.set(handler, out.outputFiles[0]!.text);
    }),
  );
});

const isDefineEvent = (e: ts.Expression) => ts.isIdentifier(e) && /^defineEvent\d*$/.test(e.text);
const isOn = (e: ts.Expression) => ts.isIdentifier(e) && /^on\d*$/.test(e.text);

function stringProperty(object: ts.ObjectLiteralExpression, key: string): string | undefined {
  for (const p of object.properties)
    if (ts.isPropertyAssignment(p) && p.name.getText() === key && ts.isStringLiteral(p.initializer))
      return p.initializer.text;
  return undefined;
}

/** The event types a bundle defines, and those its code can publish. */
function detect(code: string): Detected {
  const file = ts.createSourceFile('bundle.js', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const types = new Map<string, { name: string; declaration: ts.Identifier }>();
  const visitDefinitions = (node: ts.Node): void => {
    if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      node.initializer &&
      ts.isCallExpression(node.initializer) &&
      isDefineEvent(node.initializer.expression)
    ) {
      const arg = node.initializer.arguments[0];
      const name = arg && ts.isObjectLiteralExpression(arg) ? stringProperty(arg, 'name') : undefined;
      if (!name) throw new Error(`defineEvent without a literal name: ${node.getText().slice(0, 80)}`);
      types.set(node.name.text, { name, declaration: node.name });
    }
    ts.forEachChild(node, visitDefinitions);
  };
  visitDefinitions(file);

  const publishable = new Set<EventName>();
  const visitUses = (node: ts.Node): void => {
    if (ts.isIdentifier(node) && types.has(node.text)) {
      const type = types.get(node.text)!;
      const parent = node.parent;
      const declaration = node === type.declaration;
      const propertyName =
        (ts.isPropertyAssignment(parent) && parent.name === node) ||
        (ts.isPropertyAccessExpression(parent) && parent.name === node);
      const subscription =
        ts.isCallExpression(parent) && isOn(parent.expression) && parent.arguments[0] === node;
      if (!declaration && !propertyName && !subscription) publishable.add(type.name as EventName);
    }
    ts.forEachChild(node, visitUses);
  };
  visitUses(file);
  return { defined: new Set([...types.values()].map((t) => t.name)), publishable };
}

/** Object literals shaped like a DomainEvent ({ source, detailType, detail }) outside defineEvent. */
function handBuiltEvents(code: string): string[] {
  const file = ts.createSourceFile('bundle.js', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const found: string[] = [];
  const visit = (node: ts.Node, insideDefineEvent: boolean): void => {
    const inside =
      insideDefineEvent || (ts.isFunctionDeclaration(node) && !!node.name && isDefineEvent(node.name));
    if (ts.isObjectLiteralExpression(node) && !inside) {
      const keys = new Set(node.properties.map((p) => p.name?.getText()));
      if (keys.has('source') && keys.has('detailType') && keys.has('detail'))
        found.push(node.getText().slice(0, 120));
    }
    ts.forEachChild(node, (child) => visit(child, inside));
  };
  visit(file, false);
  return found;
}

describe('published events: the code against the declarations', () => {
  it('every function is declared once, by exactly one spec', () => {
    expect(handlers).toHaveLength(functionSpecs.length);
  });

  it('the detector sees what a handler publishes and ignores what a consumer subscribes to', () => {
    // Return units: the sales route publishes OrderReturned and PaymentRefunded ...
    expect([...detect(bundles.get('sales/return-order')!).publishable].sort()).toEqual([
      'OrderReturned',
      'PaymentRefunded',
    ]);
    // ... and the reporting consumer of those events publishes nothing, though its bundle defines them.
    const projection = detect(bundles.get('reporting/project-sales')!);
    expect([...projection.defined].sort()).toEqual(['OrderConfirmed', 'OrderReturned']);
    expect([...projection.publishable]).toEqual([]);
  });

  it.each(functionSpecs.map((f) => [`${f.handler} (${f.label})`, f] as const))(
    '%s: publishes exactly what it declares',
    (_label, spec) => {
      // Act
      const { publishable } = detect(bundles.get(spec.handler)!);
      // Assess
      expect(
        [...publishable].sort(),
        `functions/${spec.handler}.ts can publish these event types: declare them in its spec's \`publishes\` (and no others)`,
      ).toEqual([...new Set(spec.publishes)].sort());
    },
  );

  it('builds events only with defineEvent, and only the EventBridge publisher sends them', () => {
    for (const [handler, code] of bundles)
      expect(handBuiltEvents(code), `${handler}: a DomainEvent built by hand`).toEqual([]);
    const sources = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? sources(`${dir}/${e.name}`) : e.name.endsWith('.ts') ? [`${dir}/${e.name}`] : [],
      );
    const senders = sources(`${repoRoot}functions`)
      .filter((f) => readFileSync(f, 'utf8').includes('PutEventsCommand'))
      .map((f) => f.slice(repoRoot.length));
    expect(senders).toEqual(['functions/adapters/eventbridge-publisher.ts']);
  });

  it('infra/spec/events.ts names every event module of functions/events, with its source', async () => {
    const defined: Record<string, string> = {};
    for (const file of readdirSync(`${repoRoot}functions/events`).filter((f) => f.endsWith('.ts'))) {
      const mod = (await import(pathToFileURL(`${repoRoot}functions/events/${file}`).href)) as Record<
        string,
        unknown
      >;
      for (const value of Object.values(mod)) {
        const t = value as { name?: unknown; source?: unknown; make?: unknown };
        if (typeof t?.make === 'function' && typeof t.name === 'string') defined[t.name] = String(t.source);
      }
    }
    expect(Object.keys(defined).length).toBeGreaterThan(10);
    expect(defined).toEqual({ ...eventSources });
  });
});

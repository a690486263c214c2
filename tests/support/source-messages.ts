import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

/**
 * Reads the server code (domain/, functions/) with the TypeScript parser and lists the messages it
 * can put in a problem document, so a test can check each has its French text:
 * - the message arguments of `new RuleViolation / ConflictError / DomainError / TryLater / PaymentRefused /
 *   HttpProblem / SagaError`
 *   and of `badRequest / notFound / forbidden / unauthorized`,
 * - `message:` members (field errors, zod refinements) and the message arguments of zod checks,
 * - every m`…` template.
 * A message written as an untagged template with values (`${…}` without `m`) cannot be translated:
 * it is listed in `untagged` (SagaError's excepted: its text crosses the state machine as a string and
 * the API answers such failures with the French text of their code).
 */
export interface SourceMessages {
  readonly messages: Map<string, string>; // id → where
  readonly codes: Map<string, string>;
  readonly untagged: string[];
}

const root = join(import.meta.dirname, '..', '..');

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (entry.name.endsWith('.ts') && !path.includes(`${join('shared', 'messages')}`)) yield path;
  }
}

/** Argument positions of the message (and of the code) per constructor or function. */
const messageArg: Record<string, { message: number; code?: number }> = {
  RuleViolation: { message: 1 },
  ConflictError: { message: 1, code: 0 },
  DomainError: { message: 1, code: 0 },
  TryLater: { message: 1, code: 0 },
  PaymentRefused: { message: 1, code: 0 },
  HttpProblem: { message: 3, code: 1 },
  SagaError: { message: 1 },
  NotFoundError: { message: 1 },
  badRequest: { message: 0 },
  notFound: { message: 0 },
  forbidden: { message: 0 },
  unauthorized: { message: 0 },
};

const templateId = (node: ts.TemplateLiteral): string =>
  ts.isNoSubstitutionTemplateLiteral(node)
    ? node.text
    : node.head.text + node.templateSpans.map((s, i) => `{${i}}${s.literal.text}`).join('');

export function sourceMessages(): SourceMessages {
  const messages = new Map<string, string>();
  const codes = new Map<string, string>();
  const untagged: string[] = [];

  for (const dir of ['domain', 'functions']) {
    for (const file of sourceFiles(join(root, dir))) {
      const text = readFileSync(file, 'utf8');
      const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
      const where = (node: ts.Node) =>
        `${relative(root, file)}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`;

      const message = (node: ts.Expression | undefined, sagaText = false): void => {
        if (!node) return;
        if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node))
          messages.set(node.text, where(node));
        else if (ts.isTaggedTemplateExpression(node) && node.tag.getText() === 'm')
          messages.set(templateId(node.template), where(node));
        else if (ts.isTemplateExpression(node)) {
          if (!sagaText) untagged.push(`${where(node)}: ${node.getText()}`);
        } else if (ts.isConditionalExpression(node)) {
          message(node.whenTrue, sagaText);
          message(node.whenFalse, sagaText);
        } else if (ts.isParenthesizedExpression(node)) message(node.expression, sagaText);
      };
      const code = (node: ts.Expression | undefined): void => {
        if (node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)))
          codes.set(node.text, where(node));
      };

      const visit = (node: ts.Node): void => {
        if (ts.isTaggedTemplateExpression(node) && node.tag.getText() === 'm')
          messages.set(templateId(node.template), where(node));
        if ((ts.isNewExpression(node) || ts.isCallExpression(node)) && ts.isIdentifier(node.expression)) {
          const spec = messageArg[node.expression.text];
          if (spec) {
            message(node.arguments?.[spec.message], node.expression.text === 'SagaError');
            if (spec.code !== undefined) code(node.arguments?.[spec.code]);
          }
        }
        // zod checks: z.regex(re, 'message'), z.minimum(0, 'message'), z.refine(fn, 'message' | { message })
        if (
          ts.isCallExpression(node) &&
          ts.isPropertyAccessExpression(node.expression) &&
          node.expression.expression.getText() === 'z'
        )
          for (const arg of node.arguments.slice(1)) if (!ts.isObjectLiteralExpression(arg)) message(arg);
        if (ts.isPropertyAssignment(node) && node.name.getText() === 'message') message(node.initializer);
        // A default message: `unauthorized = (detail = 'A valid bearer token is required') => …`
        if (ts.isParameter(node) && node.name.getText() === 'detail') message(node.initializer);
        // A zod refinement's message built from a template: m`…`.text
        if (
          ts.isPropertyAccessExpression(node) &&
          node.name.text === 'text' &&
          ts.isTaggedTemplateExpression(node.expression)
        )
          ts.forEachChild(node, visit);
        ts.forEachChild(node, visit);
      };
      visit(source);
    }
  }
  return { messages, codes, untagged };
}

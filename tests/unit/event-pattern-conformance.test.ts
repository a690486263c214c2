import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidEventPatternError, matchesEventPattern, validateEventPattern } from '#local/event-pattern.ts';

/**
 * EventBridge parity: each case of event-pattern-cases.json comes from EventBridge's user guide,
 * from aws/event-ruler (AWS's rule engine: a test, or the source where no test pins the behaviour)
 * or from an AWS-validated LocalStack template (TestEventPattern's answer recorded against AWS), and
 * says what EventBridge does with it: the event matches, does not match, or the pattern is refused.
 * Where the sources disagree, the case's note says which one we follow and why.
 */
interface Case {
  readonly name: string;
  readonly source: string;
  readonly test?: string;
  readonly note?: string;
  readonly pattern: unknown;
  readonly event?: unknown;
  readonly expect: 'match' | 'no-match' | 'invalid';
  /** Part of the reason EventBridge gives for refusing the pattern. */
  readonly error?: string;
}

const cases = JSON.parse(
  readFileSync(new URL('./event-pattern-cases.json', import.meta.url), 'utf8'),
) as readonly Case[];

describe('EventBridge pattern conformance', () => {
  it('has at least 150 cases, each with its source', () => {
    expect(cases.length).toBeGreaterThanOrEqual(150);
    for (const c of cases) {
      expect(c.source, c.name).toMatch(/^https:\/\//);
      if (c.source.includes('/src/test/') || c.source.includes('localstack'))
        expect(c.test, c.name).toBeTruthy();
      expect(c.expect === 'invalid' ? c.error : c.event, c.name).toBeDefined();
    }
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  const valid = cases.filter((c) => c.expect !== 'invalid');
  const invalid = cases.filter((c) => c.expect === 'invalid');

  it.each(valid.map((c) => [c.name, c] as const))('%s', (_, c) => {
    expect(() => validateEventPattern(c.pattern)).not.toThrow();
    expect(matchesEventPattern(c.pattern, c.event)).toBe(c.expect === 'match');
  });

  it.each(invalid.map((c) => [c.name, c] as const))('refuses: %s', (_, c) => {
    expect(() => validateEventPattern(c.pattern)).toThrow(InvalidEventPatternError);
    expect(() => validateEventPattern(c.pattern)).toThrow(c.error);
    expect(() => matchesEventPattern(c.pattern, {})).toThrow(InvalidEventPatternError);
  });
});

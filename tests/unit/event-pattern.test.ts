import { describe, expect, it } from 'vitest';
import { rules } from '#infra/spec/rules.ts';
import { InvalidEventPatternError, matchesEventPattern, validateEventPattern } from '#local/event-pattern.ts';
import { startEventBus } from '#local/eventbridge.ts';
import { newCredentials } from '#local/credentials.ts';

/**
 * The examples of AWS's EventBridge user guide ("Creating event patterns", "Content filtering",
 * "Comparison operators", "Arrays in event patterns"): each documented pattern with an event it
 * matches and one it does not.
 */
const ec2Event = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated' },
};
const withDetail = (detail: Record<string, unknown>) => ({ ...ec2Event, detail });

interface Example {
  readonly name: string;
  readonly pattern: Record<string, unknown>;
  readonly matches: unknown;
  readonly doesNotMatch: unknown;
}

const examples: Example[] = [
  {
    name: 'exact values of source, detail-type and a detail field',
    pattern: {
      source: ['aws.ec2'],
      'detail-type': ['EC2 Instance State-change Notification'],
      detail: { state: ['terminated'] },
    },
    matches: ec2Event,
    doesNotMatch: withDetail({ 'instance-id': 'i-1', state: 'running' }),
  },
  {
    name: 'any of several values',
    pattern: { detail: { state: ['stopped', 'terminated'] } },
    matches: ec2Event,
    doesNotMatch: withDetail({ state: 'pending' }),
  },
  {
    name: 'prefix',
    pattern: { time: [{ prefix: '2017-10-02' }] },
    matches: { ...ec2Event, time: '2017-10-02T18:43:48Z' },
    doesNotMatch: ec2Event,
  },
  {
    name: 'prefix: Auto Scaling events from European regions',
    pattern: { source: ['aws.autoscaling'], region: [{ prefix: 'eu-' }] },
    matches: { ...ec2Event, source: 'aws.autoscaling', region: 'eu-west-1' },
    doesNotMatch: { ...ec2Event, source: 'aws.autoscaling', region: 'us-east-1' },
  },
  {
    name: 'prefix ignoring case',
    pattern: { service: [{ prefix: { 'equals-ignore-case': 'eventb' } }] },
    matches: { service: 'EventBridge' },
    doesNotMatch: { service: 'Lambda' },
  },
  {
    name: 'suffix',
    pattern: { FileName: [{ suffix: '.png' }] },
    matches: { FileName: 'photo.png' },
    doesNotMatch: { FileName: 'photo.PNG' },
  },
  {
    name: 'suffix ignoring case',
    pattern: { FileName: [{ suffix: { 'equals-ignore-case': '.png' } }] },
    matches: { FileName: 'photo.PNG' },
    doesNotMatch: { FileName: 'photo.jpg' },
  },
  {
    name: 'anything-but a string',
    pattern: { detail: { state: [{ 'anything-but': 'initializing' }] } },
    matches: withDetail({ state: 'running' }),
    doesNotMatch: withDetail({ state: 'initializing' }),
  },
  {
    name: 'anything-but a number',
    pattern: { detail: { 'x-limit': [{ 'anything-but': 123 }] } },
    matches: withDetail({ 'x-limit': 124 }),
    doesNotMatch: withDetail({ 'x-limit': 123 }),
  },
  {
    name: 'anything-but a list of strings',
    pattern: { detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } },
    matches: withDetail({ state: 'running' }),
    doesNotMatch: withDetail({ state: 'overloaded' }),
  },
  {
    name: 'anything-but a list of numbers',
    pattern: { detail: { 'x-limit': [{ 'anything-but': [100, 200, 300] }] } },
    matches: withDetail({ 'x-limit': 150 }),
    doesNotMatch: withDetail({ 'x-limit': 200 }),
  },
  {
    name: 'anything-but a prefix',
    pattern: { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } },
    matches: withDetail({ state: 'running' }),
    doesNotMatch: withDetail({ state: 'initializing' }),
  },
  {
    name: 'anything-but a suffix',
    pattern: { detail: { FileName: [{ 'anything-but': { suffix: '.txt' } }] } },
    matches: withDetail({ FileName: 'notes.md' }),
    doesNotMatch: withDetail({ FileName: 'notes.txt' }),
  },
  {
    name: 'anything-but ignoring case, with a list',
    pattern: { detail: { state: [{ 'anything-but': { 'equals-ignore-case': ['Stopped', 'OverLoaded'] } }] } },
    matches: withDetail({ state: 'running' }),
    doesNotMatch: withDetail({ state: 'STOPPED' }),
  },
  {
    name: 'anything-but a wildcard',
    pattern: { detail: { FilePath: [{ 'anything-but': { wildcard: '*/lib/*' } }] } },
    matches: withDetail({ FilePath: '/usr/bin/node' }),
    doesNotMatch: withDetail({ FilePath: '/usr/lib/node' }),
  },
  {
    name: 'numeric ranges and equality',
    pattern: {
      detail: {
        'c-count': [{ numeric: ['>', 0, '<=', 5] }],
        'd-count': [{ numeric: ['<', 10] }],
        'x-limit': [{ numeric: ['=', 3.018e2] }],
      },
    },
    matches: withDetail({ 'c-count': 5, 'd-count': 7, 'x-limit': 301.8 }),
    doesNotMatch: withDetail({ 'c-count': 0, 'd-count': 7, 'x-limit': 301.8 }),
  },
  {
    name: 'numeric does not match a string holding a number',
    pattern: { detail: { price: [{ numeric: ['>', 10, '<=', 20] }] } },
    matches: withDetail({ price: 20 }),
    doesNotMatch: withDetail({ price: '15' }),
  },
  {
    name: 'IPv4 address in a CIDR block',
    pattern: { detail: { sourceIPAddress: [{ cidr: '10.0.0.0/24' }] } },
    matches: withDetail({ sourceIPAddress: '10.0.0.255' }),
    doesNotMatch: withDetail({ sourceIPAddress: '10.0.1.1' }),
  },
  {
    name: 'IPv6 address in a CIDR block',
    pattern: { detail: { sourceIPAddress: [{ cidr: '2001:db8::/64' }] } },
    matches: withDetail({ sourceIPAddress: '2001:db8::ff:1' }),
    doesNotMatch: withDetail({ sourceIPAddress: '2001:db8:0:1::1' }),
  },
  {
    name: 'exists',
    pattern: { detail: { state: [{ exists: true }] } },
    matches: ec2Event,
    doesNotMatch: withDetail({ 'instance-id': 'i-1' }),
  },
  {
    name: 'does not exist',
    pattern: { detail: { 'c-count': [{ exists: false }] } },
    matches: ec2Event,
    doesNotMatch: withDetail({ 'c-count': 3 }),
  },
  {
    name: 'exists only matches leaf values, not an object',
    pattern: { detail: { 'c-count': [{ exists: true }] } },
    matches: withDetail({ 'c-count': 3 }),
    doesNotMatch: withDetail({ 'c-count': { c1: 100 } }),
  },
  {
    name: 'equals ignoring case',
    pattern: { 'detail-type': [{ 'equals-ignore-case': 'ec2 instance state-change notification' }] },
    matches: ec2Event,
    doesNotMatch: { ...ec2Event, 'detail-type': 'EC2 Spot Instance Interruption Warning' },
  },
  {
    name: 'wildcard',
    pattern: { EventBusArn: [{ wildcard: 'arn:aws:events:us-east-1:*:event-bus/*' }] },
    matches: { EventBusArn: 'arn:aws:events:us-east-1:123456789012:event-bus/comptoir' },
    doesNotMatch: { EventBusArn: 'arn:aws:events:us-west-2:123456789012:event-bus/comptoir' },
  },
  {
    name: 'wildcard with an escaped star',
    pattern: { detail: { name: [{ wildcard: 'dir/\\*.png' }] } },
    matches: withDetail({ name: 'dir/*.png' }),
    doesNotMatch: withDetail({ name: 'dir/a.png' }),
  },
  {
    name: 'null value',
    pattern: { detail: { responseElements: [null] } },
    matches: withDetail({ responseElements: null }),
    doesNotMatch: withDetail({ responseElements: { a: 1 } }),
  },
  {
    name: 'empty string',
    pattern: { detail: { eventVersion: [''] } },
    matches: withDetail({ eventVersion: '' }),
    doesNotMatch: withDetail({ eventVersion: '1.0' }),
  },
  {
    name: 'several filters together (the documented complex example)',
    pattern: {
      time: [{ prefix: '2017-10-02' }],
      detail: {
        state: [{ 'anything-but': 'initializing' }],
        'c-count': [{ numeric: ['>', 0, '<=', 5] }],
        'd-count': [{ numeric: ['<', 10] }],
        'x-limit': [{ 'anything-but': [100, 200, 300] }],
      },
    },
    matches: {
      ...ec2Event,
      time: '2017-10-02T18:43:48Z',
      detail: { state: 'running', 'c-count': 1, 'd-count': 9, 'x-limit': 301 },
    },
    doesNotMatch: {
      ...ec2Event,
      time: '2017-10-02T18:43:48Z',
      detail: { state: 'running', 'c-count': 1, 'd-count': 9, 'x-limit': 300 },
    },
  },
  {
    name: '$or of fields in detail',
    pattern: {
      detail: {
        $or: [
          { 'c-count': [{ numeric: ['>', 0, '<=', 5] }] },
          { 'd-count': [{ numeric: ['<', 10] }] },
          { 'x-limit': [{ numeric: ['=', 3.018e2] }] },
        ],
      },
    },
    matches: withDetail({ 'c-count': 9, 'd-count': 20, 'x-limit': 301.8 }),
    doesNotMatch: withDetail({ 'c-count': 9, 'd-count': 20, 'x-limit': 300 }),
  },
  {
    name: '$or at the top level with a nested field',
    pattern: {
      source: ['aws.cloudwatch'],
      $or: [
        { metrics: { metricName: ['CPUUtilization', 'ReadLatency'] } },
        { namespace: ['AWS/EC2', 'AWS/ES'] },
      ],
    },
    matches: { source: 'aws.cloudwatch', metrics: [{ metricName: 'ReadLatency' }], namespace: 'AWS/RDS' },
    doesNotMatch: {
      source: 'aws.cloudwatch',
      metrics: [{ metricName: 'WriteLatency' }],
      namespace: 'AWS/RDS',
    },
  },
  {
    name: 'arrays in the event: matches when any element matches',
    pattern: {
      resources: [
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
        'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f',
      ],
    },
    matches: {
      ...ec2Event,
      resources: [
        'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
        'arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f',
      ],
    },
    doesNotMatch: { ...ec2Event, resources: ['arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f'] },
  },
];

describe('EventBridge pattern matching (AWS documentation examples)', () => {
  it.each(examples)('$name', ({ pattern, matches, doesNotMatch }) => {
    expect(() => validateEventPattern(pattern)).not.toThrow();
    expect(matchesEventPattern(pattern, matches)).toBe(true);
    expect(matchesEventPattern(pattern, doesNotMatch)).toBe(false);
  });

  it('a missing field matches nothing but exists:false', () => {
    expect(matchesEventPattern({ detail: { nope: [{ 'anything-but': 'x' }] } }, ec2Event)).toBe(false);
    expect(matchesEventPattern({ detail: { nope: [{ prefix: '' }] } }, ec2Event)).toBe(false);
    expect(matchesEventPattern({ nested: { deeper: [{ exists: false }] } }, ec2Event)).toBe(true);
  });

  it('values are typed: a number does not match its string form', () => {
    expect(matchesEventPattern({ detail: { n: [5] } }, withDetail({ n: 5 }))).toBe(true);
    expect(matchesEventPattern({ detail: { n: ['5'] } }, withDetail({ n: 5 }))).toBe(false);
  });

  it.each([
    [{ detail: { state: [{ banana: 'x' }] } }],
    [{ detail: { state: 'terminated' } }],
    [{ detail: { n: [{ numeric: ['>>', 1] }] } }],
    [{ detail: { ip: [{ cidr: '10.0.0.0/33' }] } }],
    [{ $or: [{ a: ['x'] }] }],
    [{ detail: { state: [] } }],
  ])('rejects the malformed pattern %j', (pattern) => {
    expect(() => validateEventPattern(pattern)).toThrow(InvalidEventPatternError);
  });
});

describe('the local bus and its rules', () => {
  it('refuses at start-up a rule whose pattern EventBridge would refuse, naming the field', async () => {
    const bad = { ...rules[0]!, eventPattern: { detail: { file: [{ wildcard: 'dir/**.png' }] } } };
    await expect(
      startEventBus({
        rules: [bad],
        loadTarget: () => Promise.reject(new Error('unused')),
        credentials: newCredentials(),
      }),
    ).rejects.toThrow(
      'Event pattern is not valid. Reason: Consecutive wildcard characters at pos 5 (at "detail.file")',
    );
  });

  it("accepts every rule of the project's spec", () => {
    for (const rule of rules) expect(() => validateEventPattern(rule.eventPattern), rule.name).not.toThrow();
  });

  it('routes the events the rules are written for, and only those', () => {
    const event = (source: string, detailType: string) => ({
      ...ec2Event,
      source,
      'detail-type': detailType,
    });
    const matching = (e: object) =>
      rules.filter((r) => matchesEventPattern(r.eventPattern, e)).map((r) => r.name);
    expect(matching(event('comptoir.sales', 'OrderReturned'))).toEqual([
      'audit-trail',
      'reporting-sales',
      'inventory-restock-returns',
    ]);
    expect(matching(event('comptoir.inventory', 'StockLow'))).toEqual(['audit-trail', 'reporting-alerts']);
    expect(matching(event('aws.ec2', 'OrderReturned'))).toEqual([]);
  });

  it('an event that is not an object matches nothing', () => {
    expect(matchesEventPattern({ source: [{ exists: false }] }, [])).toBe(false);
    expect(matchesEventPattern({ source: [{ exists: false }] }, 'event')).toBe(false);
  });

  it('a pattern gives the same answers however many events it has seen', () => {
    const pattern = { detail: { items: { sku: ['A'], qty: [{ numeric: ['>', 1] }] } } };
    const yes = {
      detail: {
        items: [
          { sku: 'B', qty: 5 },
          { sku: 'A', qty: 2 },
        ],
      },
    };
    const no = {
      detail: {
        items: [
          { sku: 'A', qty: 1 },
          { sku: 'B', qty: 5 },
        ],
      },
    };
    for (let i = 0; i < 3; i++) {
      expect(matchesEventPattern(pattern, yes)).toBe(true);
      expect(matchesEventPattern(pattern, no)).toBe(false);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { InvalidEventPatternError, matchesEventPattern, validateEventPattern } from '#local/event-pattern.ts';

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

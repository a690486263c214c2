/**
 * EventBridge event-pattern matching and validation for the local bus. No maintained npm library does
 * it, so this follows what AWS's own rule engine, aws/event-ruler (JsonRuleCompiler + Machine's
 * rulesForJSONEvent), does, and EventBridge's user guide where the service documents something else.
 * The conformance suite (tests/unit/event-pattern-cases.json) holds the cases, each with its source;
 * docs/events.md summarises the rules and the choices.
 *
 * Model (event-ruler's): an event is flattened into leaf fields named by their dotted path
 * (`detail.state`; a key `"state.status"` and a nested `state: { status }` are the same field), each
 * leaf remembering which element of which array it sits in. A pattern is compiled into sub-rules
 * (one per combination of `$or` branches), each a list of fields sorted by path, each field a list
 * of alternatives. A sub-rule matches when every field has a value matching one of its alternatives
 * and all the values chosen sit in the same element of any array they share (fields are never
 * matched across elements of one array). `exists: false` holds when no value of the field sits in
 * the elements chosen by the fields before it in path order — event-ruler's order, kept on purpose.
 * Only leaves are fields: an object or an empty array is no value at all.
 *
 * Validation (compile) refuses what EventBridge refuses, with its messages: wrong shapes, unknown
 * or malformed filters, bad numeric ranges (and numbers outside the documented ±5e9 / 6 decimals),
 * empty anything-but prefix/suffix, wildcard escapes and consecutive `*`, over-complex wildcards,
 * more than 1000 `$or` combinations, patterns over 2048 characters.
 */
type Leaf = null | boolean | number | string;
type Json = Leaf | Json[] | { [key: string]: Json };

export class InvalidEventPatternError extends Error {
  override name = 'InvalidEventPatternError';
}

const invalid = (reason: string, path?: string): never => {
  throw new InvalidEventPatternError(
    `Event pattern is not valid. Reason: ${reason}${path ? ` (at "${path}")` : ''}`,
  );
};

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Characters of the pattern's JSON, EventBridge's default quota (adjustable up to 4096). */
const maxPatternLength = 2048;
/** `$or` combinations (product of the lengths of every `$or` array) EventBridge accepts. */
const maxOrCombinations = 1000;
/**
 * Wildcard complexity (event-ruler's MachineComplexityEvaluator: most wildcard-pattern states one
 * value can keep alive at once) EventBridge accepts. AWS does not publish it: it accepts 9 and refuses
 * 11 (cases in the suite); 10 is event-ruler's README example of a per-rule limit.
 */
const maxWildcardComplexity = 10;
/** EventBridge's documented numeric range: ±5.0e9, six digits after the decimal point. */
const maxNumber = 5e9;
const maxDecimals = 6;

/** Keys refused inside `$or` branches (event-ruler's Constants.RESERVED_FIELD_NAMES_IN_OR_RELATIONSHIP). */
const reservedInOr = new Set(
  [
    'exactly equals-ignore-case prefix suffix anything-but exists wildcard numeric cidr = < <= > >= regex',
    'not-wildcard not-equals-ignore-case date-after date-on-or-after date-before date-on-or-before',
    'in-date-range ip-address-in-range ip-address-not-in-range',
  ]
    .join(' ')
    .split(' '),
);

// ---------------------------------------------------------------------------------------------
// Compiling

type Test = (value: Leaf) => boolean;
interface FieldRule {
  readonly path: string;
  /** Alternatives that a value of the field may match. */
  readonly tests: readonly Test[];
  /** `exists: false` is one of the alternatives. */
  readonly absent: boolean;
}
type SubRule = readonly FieldRule[];
type Branch = Map<string, FieldRule>;

interface Context {
  combinations: number;
  /** Wildcard and anything-but wildcard patterns by field path, for the complexity check. */
  readonly wildcards: Map<string, Map<string, number[]>>;
}

interface Compiled {
  readonly subRules: readonly SubRule[];
  /** Every path of the pattern and each of its dotted prefixes: the parts of an event worth reading. */
  readonly steps: ReadonlySet<string>;
}

const compiled = new WeakMap<object, Compiled>();

/** Checks a pattern without an event (bus start-up, rule-spec test). Throws InvalidEventPatternError. */
export function validateEventPattern(pattern: unknown): void {
  compile(pattern);
}

/** True when `event` matches `pattern`. Throws InvalidEventPatternError on a malformed pattern. */
export function matchesEventPattern(pattern: unknown, event: unknown): boolean {
  const { subRules, steps } = compile(pattern);
  if (!isObject(event)) return false;
  const fields = flatten(event, steps);
  return subRules.some((rule) => matchFrom(rule, 0, fields, noConstraints));
}

/** Patterns are specs (module constants): compiled once, then reused for every event. */
function compile(pattern: unknown): Compiled {
  if (!isObject(pattern)) return invalid('Filter is not an object');
  const known = compiled.get(pattern);
  if (known) return known;
  if (JSON.stringify(pattern).length > maxPatternLength)
    invalid(`Event pattern is longer than ${maxPatternLength} characters`);
  const context: Context = { combinations: 1, wildcards: new Map() };
  const branches = compileObject(pattern, '', [new Map()], false, context);
  for (const [path, patterns] of context.wildcards) {
    if (wildcardComplexity([...patterns.values()]) > maxWildcardComplexity)
      invalid(
        'Rule is too complex - try using fewer wildcard characters or fewer repeating character sequences after a wildcard character',
        path,
      );
  }
  const subRules = branches.map((b) => [...b.values()].sort((x, y) => (x.path < y.path ? -1 : 1)));
  const steps = new Set<string>();
  for (const { path } of subRules.flat()) {
    steps.add(path);
    for (let dot = path.indexOf('.'); dot >= 0; dot = path.indexOf('.', dot + 1))
      steps.add(path.slice(0, dot));
  }
  const result = { subRules, steps };
  compiled.set(pattern, result);
  return result;
}

/** event-ruler's JsonRuleCompiler.parseObject: a later field with the same path replaces an earlier one. */
function compileObject(
  object: Record<string, unknown>,
  prefix: string,
  branches: Branch[],
  insideOr: boolean,
  context: Context,
): Branch[] {
  const entries = Object.entries(object);
  if (entries.length === 0) invalid('Empty objects are not allowed', prefix.slice(0, -1));
  for (const [key, value] of entries) {
    if (key === '$or') {
      branches = compileOr(value, prefix, branches, context);
      continue;
    }
    const path = prefix + key;
    if (insideOr && reservedInOr.has(key))
      invalid(`${key} is Ruler reserved fieldName which cannot be used inside $or.`, path);
    if (isObject(value)) branches = compileObject(value, `${path}.`, branches, insideOr, context);
    else if (Array.isArray(value)) {
      const field = compileField(path, value, context);
      for (const branch of branches) branch.set(path, field);
    } else invalid(`"${key}" must be an object or an array`, path);
  }
  return branches;
}

function compileOr(value: unknown, prefix: string, branches: Branch[], context: Context): Branch[] {
  const at = `${prefix}$or`;
  if (!Array.isArray(value)) return invalid('It must be an Array followed with $or.', at);
  context.combinations *= value.length;
  if (context.combinations > maxOrCombinations)
    invalid(`The use of $or results in over ${maxOrCombinations} rule combinations`, at);
  const expanded: Branch[] = [];
  for (const sub of value as unknown[]) {
    if (!isObject(sub)) invalid('Only JSON object is allowed in array of $or relationship.', at);
    const copies = branches.map((b) => new Map(b));
    expanded.push(...compileObject(sub as Record<string, unknown>, prefix, copies, true, context));
  }
  if (value.length < 2) invalid('There must have at least 2 Objects in $or relationship.', at);
  return expanded;
}

function compileField(path: string, values: readonly unknown[], context: Context): FieldRule {
  if (values.length === 0) invalid('Empty arrays are not allowed', path);
  const tests: Test[] = [];
  let absent = false;
  for (const value of values) {
    if (isObject(value)) {
      const test = compileFilter(value, path, context);
      if (test === 'absent') absent = true;
      else tests.push(test);
    } else if (typeof value === 'string') tests.push(exactString(value));
    else if (typeof value === 'number' && Number.isFinite(value)) tests.push((v) => v === value);
    else if (value === null || typeof value === 'boolean') tests.push((v) => v === value);
    else invalid('Match value must be String, number, true, false, or null', path);
  }
  return { path, tests, absent };
}

/** One `{ filter: argument }` object (event-ruler's processMatchExpression). */
function compileFilter(filter: Record<string, unknown>, path: string, context: Context): Test | 'absent' {
  const entries = Object.entries(filter);
  if (entries.length === 0) return invalid('Match expression name not found', path);
  const [[op, arg], ...others] = entries as [[string, unknown], ...[string, unknown][]];
  const fail = (reason: string): never => invalid(reason, path);
  const text = (what: string): string => (typeof arg === 'string' ? arg : fail(`${what} must be a string`));
  let test: Test | 'absent';
  switch (op) {
    case 'exactly': {
      const want = text('exact match pattern');
      test = (v) => v === want;
      break;
    }
    case 'prefix':
    case 'suffix':
      test = isObject(arg)
        ? onStrings(caseless(affixIgnoringCase(op, arg, fail), op))
        : onStrings(affix(op, text(`${op} match pattern`)));
      break;
    case 'equals-ignore-case':
      test = onStrings(caseless(text('equals-ignore-case match pattern'), 'equals'));
      break;
    case 'wildcard': {
      const glob = text('wildcard match pattern');
      test = onStrings(wildcard(glob, fail));
      noteWildcard(context, path, `w:${glob}`, glob, fail);
      break;
    }
    case 'numeric':
      test = numeric(arg, fail);
      break;
    case 'anything-but':
      test = anythingBut(arg, fail, (glob) => noteWildcard(context, path, `a:${glob}`, glob, fail));
      break;
    case 'exists':
      if (typeof arg !== 'boolean') return fail('exists match pattern must be either true or false.');
      test = arg ? () => true : 'absent';
      break;
    case 'cidr': {
      const inBlock = cidr(text('prefix match pattern'), fail);
      test = (v) => typeof v === 'string' && inBlock(v);
      break;
    }
    default:
      return fail(`Unrecognized match type ${op}`);
  }
  if (others.length > 0)
    fail(
      op === 'anything-but' || op === 'numeric' // event-ruler's tooManyElements, whatever the filter
        ? 'Too many elements in numeric expression'
        : 'Only one key allowed in match expression',
    );
  return test;
}

const onStrings =
  (test: (s: string) => boolean): Test =>
  (v) =>
    typeof v === 'string' && test(v);

const affix = (op: string, part: string) =>
  op === 'prefix' ? (s: string) => s.startsWith(part) : (s: string) => s.endsWith(part);

/** `{ prefix: { equals-ignore-case: "…" } }` and the suffix form. */
function affixIgnoringCase(op: string, arg: Record<string, unknown>, fail: (r: string) => never): string {
  const entries = Object.entries(arg);
  const name = op === 'prefix' ? 'Prefix' : 'Suffix';
  if (entries.length === 0) fail(`${name} expression name not found`);
  const [[inner, value], ...others] = entries as [[string, unknown], ...[string, unknown][]];
  if (inner !== 'equals-ignore-case') fail(`Unsupported ${op} pattern: ${inner}`);
  if (typeof value !== 'string') fail('equals-ignore-case match pattern must be a string');
  if (others.length > 0) fail('Only one key allowed in match expression');
  return value as string;
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * Case-insensitive comparison as event-ruler's EqualsIgnoreCaseParser: each character of the
 * pattern matches its lower-case or its upper-case form (so `ß` matches `SS`).
 */
function caseless(text: string, anchor: 'prefix' | 'suffix' | 'equals'): (s: string) => boolean {
  const source = [...text]
    .map((c) => {
      const lower = c.toLowerCase();
      const upper = c.toUpperCase();
      return lower === upper ? escapeRegExp(lower) : `(?:${escapeRegExp(lower)}|${escapeRegExp(upper)})`;
    })
    .join('');
  const regex = new RegExp(
    `${anchor === 'suffix' ? '' : '^'}${source}${anchor === 'prefix' ? '' : '$'}`,
    'u',
  );
  return (s) => regex.test(s);
}

// Wildcards -----------------------------------------------------------------------------------

/** The literal parts between unescaped `*` (event-ruler's WildcardParser, positions as it counts them). */
function wildcardParts(text: string, fail: (r: string) => never): string[] {
  const parts = [''];
  // event-ruler counts UTF-8 bytes of the value with its opening quote.
  const position = (i: number) => new TextEncoder().encode(text.slice(0, i)).length + 1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '*') {
      if (text[i + 1] === '*') fail(`Consecutive wildcard characters at pos ${position(i)}`);
      parts.push('');
    } else if (c === '\\') {
      const next = text[i + 1];
      if (next !== '*' && next !== '\\') fail(`Invalid escape character at pos ${position(i)}`);
      parts[parts.length - 1] += next;
      i++;
    } else parts[parts.length - 1] += c;
  }
  return parts;
}

/** `*` matches any run of characters: first and last parts anchor, the middle ones are found leftmost. */
function wildcard(text: string, fail: (r: string) => never): (s: string) => boolean {
  const parts = wildcardParts(text, fail);
  if (parts.length === 1) return (s) => s === parts[0];
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  const middle = parts.slice(1, -1);
  return (s) => {
    if (s.length < first.length + last.length || !s.startsWith(first) || !s.endsWith(last)) return false;
    const end = s.length - last.length;
    let at = first.length;
    for (const part of middle) {
      const found = s.indexOf(part, at);
      if (found < 0 || found + part.length > end) return false;
      at = found + part.length;
    }
    return true;
  };
}

const star = -1;

/** Records a wildcard pattern as event-ruler's byte machine sees it: `"`, UTF-8 bytes and stars, `"`. */
function noteWildcard(context: Context, path: string, key: string, text: string, fail: (r: string) => never) {
  const quote = 0x22;
  const tokens = [quote];
  wildcardParts(text, fail).forEach((part, i) => {
    if (i > 0) tokens.push(star);
    tokens.push(...new TextEncoder().encode(part));
  });
  tokens.push(quote);
  const byKey = context.wildcards.get(path) ?? new Map<string, number[]>();
  byKey.set(key, tokens);
  context.wildcards.set(path, byKey);
}

/**
 * The largest number of wildcard-pattern states one input can keep active at once (event-ruler's
 * MachineComplexityEvaluator; a state is "pattern p has consumed i tokens", a star keeping its
 * state alive on any byte). Breadth-first over the reachable state sets; stops above the limit.
 */
function wildcardComplexity(patterns: readonly (readonly number[])[]): number {
  const other = -2;
  const state = (p: number, i: number) => p * 65_536 + i;
  const close = (states: Set<number>) => {
    for (const s of states) if (patterns[Math.floor(s / 65_536)]![s % 65_536] === star) states.add(s + 1);
    return states;
  };
  const bytes = new Set([other, ...patterns.flat().filter((t) => t !== star)]);
  const seen = new Set<string>();
  const queue = [close(new Set(patterns.map((_, p) => state(p, 0))))];
  let most = 0;
  for (let current = queue.shift(); current; current = queue.shift()) {
    for (const byte of bytes) {
      const next = new Set<number>();
      for (const s of current) {
        const tokens = patterns[Math.floor(s / 65_536)]!;
        const i = s % 65_536;
        if (tokens[i - 1] === star) next.add(s);
        if (tokens[i] === byte) next.add(s + 1);
      }
      close(next);
      if (next.size > maxWildcardComplexity || seen.size > 100_000) return Infinity;
      const key = [...next].sort((a, b) => a - b).join();
      if (next.size === 0 || seen.has(key)) continue;
      seen.add(key);
      most = Math.max(most, next.size);
      queue.push(next);
    }
  }
  return most;
}

// Numbers -------------------------------------------------------------------------------------

/** Digits after the decimal point of a number as JSON writes it (1e-7 has 7). */
function decimals(n: number): number {
  const [, fraction = '', exponent = '0'] = /^-?\d+(?:\.(\d+))?(?:e([+-]\d+))?$/.exec(String(n)) ?? [];
  return Math.max(0, fraction.length - Number(exponent));
}

function comparable(value: unknown, fail: (r: string) => never, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fail(`Value of ${what} must be numeric`);
  if (Math.abs(value) > maxNumber) fail(`Value must be between -${maxNumber} and ${maxNumber}, inclusive`);
  if (decimals(value) > maxDecimals) fail(`Only values upto ${maxDecimals} decimals are supported`);
  return value;
}

/** `numeric: [op, n]` or `[">"|">=", low, "<"|"<=", high]` (event-ruler's processNumericMatchExpression). */
function numeric(arg: unknown, fail: (r: string) => never): Test {
  if (!Array.isArray(arg)) return fail('Value of numeric must be an array.');
  const [op, first, op2, second, ...rest] = arg as unknown[];
  if (typeof op !== 'string') return fail(`Invalid member in numeric match: ${JSON.stringify(op) ?? ']'}`);
  const n = (v: unknown, what: string) => comparable(v, fail, what);
  const onNumbers =
    (test: (x: number) => boolean): Test =>
    (v) =>
      typeof v === 'number' && test(v);
  switch (op) {
    case '=':
    case '<':
    case '<=': {
      const x = n(first, op === '=' ? 'equals' : op);
      if (arg.length > 2) fail('Too many elements in numeric expression');
      return onNumbers(op === '=' ? (v) => v === x : op === '<' ? (v) => v < x : (v) => v <= x);
    }
    case '>':
    case '>=': {
      const low = n(first, op);
      const above = op === '>' ? (v: number) => v > low : (v: number) => v >= low;
      if (arg.length === 2) return onNumbers(above);
      if (typeof op2 !== 'string') return fail(`Bad value in numeric range: ${JSON.stringify(op2)}`);
      if (op2 !== '<' && op2 !== '<=') return fail(`Bad numeric range operator: ${op2}`);
      const high = n(second, op2);
      if (rest.length > 0) fail('Too many terms in numeric range expression');
      if (!(low < high)) fail('Bottom must be less than top');
      return onNumbers(op2 === '<' ? (v) => above(v) && v < high : (v) => above(v) && v <= high);
    }
    default:
      return fail(`Unrecognized numeric range operator: ${op}`);
  }
}

// anything-but --------------------------------------------------------------------------------

/**
 * `anything-but`: a value, a list of strings or of numbers, or `{ prefix | suffix |
 * equals-ignore-case | wildcard: one or a list of strings }`. It matches any present value that is
 * not excluded — also null, booleans, and values of the other type (a number is never an excluded
 * string, and no prefix excludes a number).
 */
function anythingBut(arg: unknown, fail: (r: string) => never, onWildcard: (text: string) => void): Test {
  const valueRule = 'Value of anything-but must be an array or single string/number value.';
  if (isObject(arg)) {
    const entries = Object.entries(arg);
    if (entries.length === 0) return fail('Anything-But expression name not found');
    const [[inner, value], ...others] = entries as [[string, unknown], ...[string, unknown][]];
    if (!['equals-ignore-case', 'prefix', 'suffix', 'wildcard'].includes(inner))
      fail(`Unsupported anything-but pattern: ${inner}`);
    if (!Array.isArray(value) && typeof value !== 'string' && typeof value !== 'number') fail(valueRule);
    const list = Array.isArray(value) ? (value as unknown[]) : [value];
    const excluded = list.map((text) => {
      if (typeof text !== 'string')
        return fail(
          inner === 'equals-ignore-case'
            ? 'Inside anything-but/equals-ignore-case list, number|start|null|boolean is not supported.'
            : inner === 'wildcard'
              ? 'wildcard match pattern must be a string'
              : 'prefix/suffix match pattern must be a string',
        );
      if ((inner === 'prefix' || inner === 'suffix') && text === '') fail('Null prefix/suffix not allowed');
      if (inner === 'wildcard') onWildcard(text);
      return inner === 'equals-ignore-case'
        ? caseless(text, 'equals')
        : inner === 'wildcard'
          ? wildcard(text, fail)
          : affix(inner, text);
    });
    if (others.length > 0) fail('Too many elements in numeric expression');
    return (v) => typeof v !== 'string' || !excluded.some((t) => t(v));
  }
  let list: unknown[];
  if (typeof arg === 'string' || typeof arg === 'number') list = [arg];
  else if (Array.isArray(arg)) {
    if (arg.some((x) => typeof x !== 'string' && typeof x !== 'number'))
      fail('Inside anything but list, start|null|boolean is not supported.');
    list = arg;
  } else return fail(valueRule);
  const numbers = list.filter((x) => typeof x === 'number').length;
  if ((numbers > 0 && numbers < list.length) || list.length === 0)
    fail('Inside anything but list, either all values are number or string, mixed type is not supported');
  for (const x of list) if (typeof x === 'number') comparable(x, fail, 'anything-but');
  const excluded = new Set(list as Leaf[]);
  return (v) => !excluded.has(v);
}

// IP addresses --------------------------------------------------------------------------------

interface Ip {
  readonly bits: 32 | 128;
  readonly value: bigint;
}

/** event-ruler's CIDR.isIPv4OrIPv6: what it hands to java.net.InetAddress at all. */
const looksLikeIp = (s: string) => /^\d+\.\d+\.\d+\.\d+$/.test(s) || /^[0-9a-fA-F:]*:[0-9a-fA-F:]*$/.test(s);

/**
 * An IPv4 or IPv6 literal as java.net.InetAddress reads it (event-ruler's CIDR.ipToBytes): no
 * leading zeros in IPv4 octets, and an IPv4-mapped IPv6 address (::ffff:a.b.c.d) is IPv4.
 */
function parseIp(s: string): Ip | undefined {
  if (s.includes('.')) {
    const octets = s.split('.');
    if (octets.length !== 4 || !octets.every((o) => /^(0|[1-9]\d{0,2})$/.test(o) && Number(o) <= 255))
      return undefined;
    return { bits: 32, value: octets.reduce((acc, o) => acc * 256n + BigInt(o), 0n) };
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const left = groups(halves[0]!);
  const right = halves.length === 2 ? groups(halves[1]!) : [];
  const missing = 8 - left.length - right.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const all = [...left, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...right];
  if (!all.every((g) => /^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  const value = all.reduce((acc, g) => acc * 65_536n + BigInt(parseInt(g, 16)), 0n);
  return value >> 32n === 0xffffn ? { bits: 32, value: value & 0xffff_ffffn } : { bits: 128, value };
}

const sameIp = (a: Ip | undefined, b: Ip) => a !== undefined && a.bits === b.bits && a.value === b.value;

/** A string value; one that is an IP address literal matches the same address written otherwise. */
function exactString(want: string): Test {
  const ip = looksLikeIp(want) ? parseIp(want) : undefined;
  if (!ip) return (v) => v === want;
  return (v) => v === want || (typeof v === 'string' && looksLikeIp(v) && sameIp(parseIp(v), ip));
}

/** A CIDR block (event-ruler's CIDR.cidr, with its limits: IPv4 masks below 32, IPv6 below 128). */
function cidr(block: string, fail: (r: string) => never): (s: string) => boolean {
  const parts = block.split('/');
  while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop(); // as Java's split
  if (parts.length !== 2) return fail("Malformed CIDR, one '/' required");
  const [address, maskText] = parts as [string, string];
  if (!/^[+-]?\d{1,10}$/.test(maskText) || Math.abs(Number(maskText)) > 2 ** 31 - 1)
    return fail('Malformed CIDR, mask bits must be an integer');
  const mask = Number(maskText);
  if (mask < 0) fail('Malformed CIDR, mask bits must not be negative');
  if (!looksLikeIp(address)) fail(`Nonstandard IP address: ${address}`);
  const base = parseIp(address) ?? fail(`Invalid IP address: ${address}`);
  if (base.bits === 32 && mask > 31) fail('IPv4 mask bits must be < 32');
  if (base.bits === 128 && mask > 127) fail('IPv6 mask bits must be < 128');
  const shift = BigInt(base.bits - mask);
  const network = base.value >> shift;
  return (s) => {
    const ip = looksLikeIp(s) ? parseIp(s) : undefined;
    return ip !== undefined && ip.bits === base.bits && ip.value >> shift === network;
  };
}

// Matching ------------------------------------------------------------------------------------

/** Where a value sits: [array id, element index] for every array of objects it is inside. */
type Membership = readonly (readonly [number, number])[];
interface Value {
  readonly value: Leaf;
  readonly within: Membership;
}
type Constraints = ReadonlyMap<number, number>;
const noConstraints: Constraints = new Map();
const noValues: readonly Value[] = [];

/**
 * The event's leaves by dotted path (event-ruler's Event), reading only the parts whose path is one
 * of `steps`: an element of an array that is an object or an array records its position; a scalar
 * element does not (it constrains nothing).
 */
function flatten(event: Record<string, unknown>, steps: ReadonlySet<string>): Map<string, Value[]> {
  const fields = new Map<string, Value[]>();
  let arrays = 0;
  const visit = (value: unknown, path: string, within: Membership): void => {
    if (Array.isArray(value)) {
      const id = arrays++;
      for (let index = 0; index < value.length; index++) {
        const element: unknown = value[index];
        visit(
          element,
          path,
          typeof element === 'object' && element !== null ? [...within, [id, index]] : within,
        );
      }
    } else if (typeof value === 'object' && value !== null) {
      for (const key in value) {
        const child = `${path}.${key}`;
        if (steps.has(child) && Object.hasOwn(value, key))
          visit((value as Record<string, unknown>)[key], child, within);
      }
    } else if (value !== undefined) {
      const entry = { value: value as Leaf, within };
      const list = fields.get(path);
      if (list) list.push(entry);
      else fields.set(path, [entry]);
    }
  };
  for (const key in event) if (steps.has(key) && Object.hasOwn(event, key)) visit(event[key], key, []);
  return fields;
}

/** The constraints once `within` is added, or undefined when it sits in another element of an array. */
function merge(constraints: Constraints, within: Membership): Constraints | undefined {
  let merged: Map<number, number> | undefined;
  for (const [array, index] of within) {
    const chosen = constraints.get(array);
    if (chosen === undefined) (merged ??= new Map(constraints)).set(array, index);
    else if (chosen !== index) return undefined;
  }
  return merged ?? constraints;
}

/** Depth-first over the sub-rule's fields in path order, choosing one consistent value per field. */
function matchFrom(
  rule: SubRule,
  i: number,
  fields: Map<string, Value[]>,
  constraints: Constraints,
): boolean {
  const field = rule[i];
  if (!field) return true;
  let present = false;
  for (const { value, within } of fields.get(field.path) ?? noValues) {
    const merged = merge(constraints, within);
    if (!merged) continue;
    present = true;
    if (field.tests.some((t) => t(value)) && matchFrom(rule, i + 1, fields, merged)) return true;
  }
  return field.absent && !present && matchFrom(rule, i + 1, fields, constraints);
}

export type { Json as EventJson };

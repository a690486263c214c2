/**
 * EventBridge event-pattern matching, for the local bus (AWS evaluates the same patterns itself).
 * No maintained npm library implements it, so this follows the EventBridge user guide
 * ("Event patterns" and "Content filtering"):
 *
 * - a pattern is an object whose keys must all match (AND); nested objects match nested fields;
 * - a leaf is an array of alternatives (OR): literal values (string, number, boolean, null) or
 *   filters: `prefix`, `suffix` (optionally `{equals-ignore-case: ...}` inside), `anything-but`
 *   (value, list, `prefix`, `suffix`, `equals-ignore-case`, `wildcard`), `numeric` ranges,
 *   `exists`, `equals-ignore-case`, `wildcard`, `cidr` (IPv4 and IPv6);
 * - `$or: [pattern, ...]` matches when one of the sub-patterns matches;
 * - when the event holds an array where the pattern expects a value (or an object), the field
 *   matches if any element matches; a missing field matches nothing but `exists: false`.
 *
 * Invalid patterns (unknown filter, wrong operand) throw, so a bad rule fails at start-up and in
 * the rule-spec test rather than silently matching nothing.
 */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Leaf = null | boolean | number | string;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The leaf values reached at `key` of `value`, looking through arrays at every level. */
function childValues(values: readonly unknown[], key: string): unknown[] {
  const out: unknown[] = [];
  const visit = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (isObject(v) && key in v) out.push(v[key]);
  };
  values.forEach(visit);
  return out;
}

/** Flattens arrays into their elements (the values a leaf filter is tried on). */
function leaves(values: readonly unknown[]): unknown[] {
  const out: unknown[] = [];
  const visit = (v: unknown) => (Array.isArray(v) ? v.forEach(visit) : out.push(v));
  values.forEach(visit);
  return out;
}

export class InvalidEventPatternError extends Error {
  override name = 'InvalidEventPatternError';
}

const invalid = (message: string): never => {
  throw new InvalidEventPatternError(message);
};

/** True when `event` matches `pattern`. Throws InvalidEventPatternError on a malformed pattern. */
export function matchesEventPattern(pattern: unknown, event: unknown): boolean {
  if (!isObject(pattern)) return invalid('an event pattern must be a JSON object');
  return matchObject(pattern, [event]);
}

/** Checks a pattern's syntax without an event (rule spec tests, bus start-up). */
export function validateEventPattern(pattern: unknown): void {
  if (!isObject(pattern)) invalid('an event pattern must be a JSON object');
  // Matching against an empty event walks every key; filters are validated on use, so run each
  // leaf against a probe value of every type.
  const walk = (p: Record<string, unknown>) => {
    for (const [key, value] of Object.entries(p)) {
      if (key === '$or') {
        if (!Array.isArray(value) || value.length < 2) invalid('$or needs an array of at least two patterns');
        (value as unknown[]).forEach((sub) => (isObject(sub) ? walk(sub) : invalid('$or takes patterns')));
      } else if (isObject(value)) walk(value);
      else if (Array.isArray(value)) {
        if (value.length === 0) invalid(`empty array of values for "${key}"`);
        for (const probe of ['', 0, true, null, 'x'] as Leaf[]) matchLeaf(value, [probe], true);
      } else invalid(`"${key}" must be an object or an array of values`);
    }
  };
  walk(pattern as Record<string, unknown>);
}

function matchObject(pattern: Record<string, unknown>, values: readonly unknown[]): boolean {
  for (const [key, sub] of Object.entries(pattern)) {
    if (key === '$or') {
      if (!Array.isArray(sub)) return invalid('$or needs an array of patterns');
      if (!sub.some((p) => (isObject(p) ? matchObject(p, values) : invalid('$or takes patterns'))))
        return false;
      continue;
    }
    const children = childValues(values, key);
    if (isObject(sub)) {
      if (!matchObject(sub, children)) return false;
    } else if (Array.isArray(sub)) {
      if (!matchLeaf(sub, children, children.length > 0)) return false;
    } else return invalid(`"${key}" must be an object or an array of values`);
  }
  return true;
}

/** A leaf: the alternatives of `pattern` tried on each leaf value found (`present`: field exists). */
function matchLeaf(pattern: readonly unknown[], found: readonly unknown[], present: boolean): boolean {
  const values = leaves(found).filter((v) => !isObject(v)) as Leaf[];
  return pattern.some((alternative) => {
    if (isObject(alternative)) {
      const entries = Object.entries(alternative);
      if (entries.length !== 1) return invalid('a filter object must have exactly one key');
      const [op, arg] = entries[0]!;
      if (op === 'exists') {
        if (typeof arg !== 'boolean') return invalid('exists takes true or false');
        return arg ? present && values.length > 0 : !present || values.length === 0;
      }
      const test = filter(op, arg);
      return values.some(test);
    }
    if (alternative !== null && typeof alternative === 'object')
      return invalid('nested arrays are not allowed');
    return values.some((v) => v === alternative);
  });
}

type Test = (value: Leaf) => boolean;

const str = (arg: unknown, op: string): string =>
  typeof arg === 'string' ? arg : invalid(`${op} takes a string`);

function filter(op: string, arg: unknown): Test {
  switch (op) {
    case 'prefix':
    case 'suffix': {
      const at = (s: string, part: string) => (op === 'prefix' ? s.startsWith(part) : s.endsWith(part));
      if (isObject(arg)) {
        const part = str(arg['equals-ignore-case'], `${op} equals-ignore-case`).toLowerCase();
        return (v) => typeof v === 'string' && at(v.toLowerCase(), part);
      }
      const part = str(arg, op);
      return (v) => typeof v === 'string' && at(v, part);
    }
    case 'equals-ignore-case': {
      const want = str(arg, op).toLowerCase();
      return (v) => typeof v === 'string' && v.toLowerCase() === want;
    }
    case 'wildcard': {
      const regex = wildcardRegex(str(arg, op));
      return (v) => typeof v === 'string' && regex.test(v);
    }
    case 'numeric':
      return numeric(arg);
    case 'cidr':
      return cidr(str(arg, op));
    case 'anything-but': {
      if (isObject(arg)) {
        const [inner, innerArg] = Object.entries(arg)[0] ?? [];
        if (Object.keys(arg).length !== 1 || !inner) return invalid('anything-but takes one filter');
        if (!['prefix', 'suffix', 'equals-ignore-case', 'wildcard'].includes(inner))
          return invalid(`anything-but does not take ${inner}`);
        const tests = (Array.isArray(innerArg) ? innerArg : [innerArg]).map((a) =>
          filter(inner, str(a, inner)),
        );
        return (v) => typeof v === 'string' && !tests.some((t) => t(v));
      }
      const list = Array.isArray(arg) ? arg : [arg];
      if (list.some((x) => typeof x !== 'string' && typeof x !== 'number'))
        return invalid('anything-but takes strings or numbers');
      return (v) => v !== null && !list.includes(v as string | number);
    }
    default:
      return invalid(`unknown filter "${op}"`);
  }
}

function wildcardRegex(pattern: string): RegExp {
  if (pattern.includes('**')) invalid('wildcard does not allow consecutive *');
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\' && (pattern[i + 1] === '*' || pattern[i + 1] === '\\')) source += `\\${pattern[++i]}`;
    else if (c === '*') source += '.*';
    else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 's');
}

const comparisons: Record<string, (a: number, b: number) => boolean> = {
  '=': (a, b) => a === b,
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
};

function numeric(arg: unknown): Test {
  if (!Array.isArray(arg) || arg.length === 0 || arg.length % 2 !== 0 || arg.length > 4)
    return invalid('numeric takes one or two [operator, number] pairs');
  const checks: ((n: number) => boolean)[] = [];
  for (let i = 0; i < arg.length; i += 2) {
    const op = arg[i] as unknown;
    const bound = arg[i + 1] as unknown;
    const compare = typeof op === 'string' ? comparisons[op] : undefined;
    if (!compare || typeof bound !== 'number') return invalid(`numeric: bad comparison ${String(op)}`);
    checks.push((n) => compare(n, bound));
  }
  return (v) => typeof v === 'number' && checks.every((c) => c(v));
}

function ipv4(s: string): bigint | undefined {
  const parts = s.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((acc, p) => acc * 256n + BigInt(p), 0n);
}

function ipv6(s: string): bigint | undefined {
  if (!s.includes(':') || s.split('::').length > 2) return undefined;
  const [head = '', tail] = s.split('::');
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return undefined;
  const all = [...left, ...Array<string>(tail === undefined ? 0 : missing).fill('0'), ...right];
  if (all.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return undefined;
  return all.reduce((acc, g) => acc * 65536n + BigInt(parseInt(g, 16)), 0n);
}

/** IPv4 or IPv6 CIDR block; a value matches when it is an address of the same family inside it. */
function cidr(block: string): Test {
  const [address = '', bitsText] = block.split('/');
  const v4 = ipv4(address);
  const parse = v4 !== undefined ? ipv4 : ipv6;
  const base = v4 ?? ipv6(address);
  const width = v4 !== undefined ? 32 : 128;
  const bits = Number(bitsText);
  if (base === undefined || !Number.isInteger(bits) || bits < 0 || bits > width)
    return invalid(`cidr: ${block} is not a CIDR block`);
  const shift = BigInt(width - bits);
  const network = base >> shift;
  return (v) => {
    const ip = typeof v === 'string' ? parse(v) : undefined;
    return ip !== undefined && ip >> shift === network;
  };
}

export type { Json as EventJson };

import { describe, expect, it } from 'vitest';
import {
  addressGate,
  addressKey,
  addressWindow,
  defaultAddressPolicy,
} from '#domain/identity/login-throttle.ts';

const policy = { maxFailures: 30, windowMs: 300_000 };
const t = Date.UTC(2026, 10, 26, 14, 2, 30);

describe('login throttling per client address', () => {
  it('defaults to 30 failed attempts per 5 minutes', () => {
    expect(defaultAddressPolicy).toEqual(policy);
  });

  it('counts in fixed windows', () => {
    const w = addressWindow(t, policy);
    expect(w.start).toBe(Date.UTC(2026, 10, 26, 14, 0, 0));
    expect(w.end).toBe(Date.UTC(2026, 10, 26, 14, 5, 0));
    expect(addressWindow(w.end, policy).start).toBe(w.end);
  });

  it('lets attempts through below the limit and refuses at it until the window ends', () => {
    expect(addressGate(29, t, policy)).toEqual({ allowed: true });
    const refused = addressGate(30, t, policy);
    expect(refused).toEqual({
      allowed: false,
      lockedUntil: Date.UTC(2026, 10, 26, 14, 5, 0),
      retryAfterSeconds: 150,
    });
    // Never "retry in 0 s".
    expect(addressGate(30, Date.UTC(2026, 10, 26, 14, 4, 59, 900), policy)).toMatchObject({
      retryAfterSeconds: 1,
    });
  });

  it.each([
    ['127.0.0.1', '127.0.0.1'],
    [' 203.0.113.9 ', '203.0.113.9'],
    ['::ffff:203.0.113.9', '203.0.113.9'],
    ['2001:db8:1:2:3:4:5:6', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:ffff::1', '2001:db8:1:2::/64'],
    ['2001:DB8:1:2::', '2001:db8:1:2::/64'],
    ['::1', '0:0:0:0::/64'],
    ['fe80::1', 'fe80:0:0:0::/64'],
    ['not an address', 'not an address'],
  ])('throttles %s as %s', (ip, key) => {
    expect(addressKey(ip)).toBe(key);
  });

  it('gives every address of one IPv6 /64 the same budget, and another /64 its own', () => {
    expect(addressKey('2001:db8:1:2::a')).toBe(addressKey('2001:db8:1:2:ffff:ffff:ffff:ffff'));
    expect(addressKey('2001:db8:1:3::a')).not.toBe(addressKey('2001:db8:1:2::a'));
  });
});

import { describe, expect, it } from 'vitest';
import {
  keyById,
  legacyKid,
  newKid,
  parseKeyset,
  rotateKeyset,
  rotationDue,
  serializeKeyset,
} from '#domain/identity/keyset.ts';

const a = { kid: 'k-20261001-aaaaaa', key: 'a'.repeat(64), createdAt: '2026-10-01T00:00:00.000Z' };
const b = { kid: 'k-20261031-bbbbbb', key: 'b'.repeat(64), createdAt: '2026-10-31T00:00:00.000Z' };
const c = { kid: 'k-20261130-cccccc', key: 'c'.repeat(64), createdAt: '2026-11-30T00:00:00.000Z' };

describe('signing keysets', () => {
  it('read back what they write', () => {
    const keyset = { current: b, previous: a };
    expect(parseKeyset(serializeKeyset(keyset))).toEqual(keyset);
  });

  it('read the first key CloudFormation generates and a bare key from before key ids', () => {
    expect(parseKeyset(JSON.stringify({ kid: 'k-initial', key: 'x'.repeat(64) }))).toEqual({
      current: { kid: 'k-initial', key: 'x'.repeat(64) },
    });
    expect(parseKeyset(`${'y'.repeat(64)}\n`)).toEqual({ current: { kid: legacyKid, key: 'y'.repeat(64) } });
  });

  it.each([
    ['empty', ''],
    ['a short bare key', 'short'],
    ['a short key', JSON.stringify({ current: { kid: 'k1', key: 'short' } })],
    ['a bad key id', JSON.stringify({ current: { kid: 'k 1', key: 'x'.repeat(64) } })],
    ['a broken previous key', JSON.stringify({ current: a, previous: { kid: 'k2' } })],
    ['twice the same key id', JSON.stringify({ current: a, previous: { ...b, kid: a.kid } })],
    ['not an object', '[1,2]'],
  ])('refuse %s', (_, text) => {
    expect(parseKeyset(text)).toBeUndefined();
  });

  it('rotate: the new key signs, the replaced one still verifies, the one before is gone', () => {
    const once = rotateKeyset({ current: a }, b);
    expect(once).toEqual({ current: b, previous: a });
    const twice = rotateKeyset(once, c);
    expect(twice).toEqual({ current: c, previous: b });
    expect(keyById(twice, c.kid)).toBe(c);
    expect(keyById(twice, b.kid)).toBe(b);
    expect(keyById(twice, a.kid)).toBeUndefined();
    expect(() => rotateKeyset(twice, c)).toThrow();
  });

  it('are due for rotation once the current key is old enough, or of unknown age', () => {
    const day = 86_400_000;
    const made = Date.parse(b.createdAt);
    expect(rotationDue({ current: b }, made + 29 * day, 30)).toBe(false);
    expect(rotationDue({ current: b }, made + 30 * day, 30)).toBe(true);
    expect(rotationDue({ current: { kid: legacyKid, key: 'y'.repeat(64) } }, made, 30)).toBe(true);
  });

  it('name a key by the day it was made', () => {
    expect(newKid('2026-11-26T10:11:12.000Z', '3fa9c1')).toBe('k-20261126-3fa9c1');
  });
});

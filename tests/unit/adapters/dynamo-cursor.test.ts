import { describe, expect, it } from 'vitest';
import { decodeStartKey, encodeCursor } from '#functions/adapters/dynamo.ts';

const shape = { gsi1pk: 'EXPORTS', gsi1sk: undefined, pk: undefined, sk: undefined };
const key = { gsi1pk: 'EXPORTS', gsi1sk: '2026-11-25T12:00:00.000Z#exp-1', pk: 'EXPORT#exp-1', sk: 'EXPORT' };

describe('decodeStartKey: a cursor read back as a DynamoDB start key', () => {
  it('gives back a key of the expected shape', () => {
    expect(decodeStartKey(encodeCursor(key), shape)).toEqual(key);
  });

  it.each([
    ['another partition', { ...key, gsi1pk: 'ALERT#out' }],
    ['a missing attribute', { gsi1pk: 'EXPORTS', pk: 'EXPORT#exp-1', sk: 'EXPORT' }],
    ['an extra attribute', { ...key, other: 'x' }],
    ['a number where a string goes', { ...key, gsi1sk: 7 }],
    ['an empty key attribute', { ...key, sk: '' }],
    ['an object where a string goes', { ...key, sk: { S: 'EXPORT' } }],
    ['an array', [key]],
    ['a string', 'EXPORTS'],
  ])('refuses %s', (_, forged) => {
    expect(decodeStartKey(encodeCursor(forged), shape)).toBeUndefined();
  });

  it('refuses text that is not base64url JSON', () => {
    expect(decodeStartKey('%%%', shape)).toBeUndefined();
    expect(decodeStartKey('', shape)).toBeUndefined();
  });
});

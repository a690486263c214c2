import { describe, expect, it } from 'vitest';
import { ScryptPasswordHasher } from '#functions/identity/adapters/password-hasher.ts';

// Cheap parameters keep the unit tests fast; the format and the comparison are the same.
const hasher = new ScryptPasswordHasher({ N: 1024, r: 8, p: 1, keyLength: 32 });

describe('scrypt password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hasher.hash('comptoir-demo');
    expect(hash).toMatch(/^scrypt\$N=1024,r=8,p=1,l=32\$[\w-]{22}\$[\w-]{43}$/);
    expect(hash).not.toContain('comptoir-demo');
    await expect(hasher.verify('comptoir-demo', hash)).resolves.toBe(true);
    await expect(hasher.verify('comptoir-demO', hash)).resolves.toBe(false);
    await expect(hasher.verify('', hash)).resolves.toBe(false);
  });

  it('salts every hash: the same password never gives the same hash', async () => {
    const [a, b] = await Promise.all([hasher.hash('same password'), hasher.hash('same password')]);
    expect(a).not.toBe(b);
    await expect(hasher.verify('same password', b)).resolves.toBe(true);
  });

  it('verifies with the parameters stored in the hash, and asks for a rehash of weaker ones', async () => {
    const old = await hasher.hash('a-long-secret-9');
    const stronger = new ScryptPasswordHasher({ N: 2048, r: 8, p: 1, keyLength: 32 });
    await expect(stronger.verify('a-long-secret-9', old)).resolves.toBe(true);
    expect(stronger.needsRehash(old)).toBe(true);
    expect(stronger.needsRehash(await stronger.hash('a-long-secret-9'))).toBe(false);
  });

  it('refuses anything that is not one of its hashes', async () => {
    for (const stored of ['', 'plain-text', 'scrypt$N=x$abc$def', '$2b$10$abcdefghijklmnopqrstuv'])
      await expect(hasher.verify('plain-text', stored)).resolves.toBe(false);
  });

  it('has a decoy hash that no password matches, made once', async () => {
    const decoy = await hasher.decoyHash();
    expect(await hasher.decoyHash()).toBe(decoy);
    await expect(hasher.verify('', decoy)).resolves.toBe(false);
  });
});

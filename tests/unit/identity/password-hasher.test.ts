import { describe, expect, it } from 'vitest';
import {
  HashQueue,
  HasherBusyError,
  ScryptPasswordHasher,
  sharedHashQueue,
} from '#functions/identity/adapters/password-hasher.ts';

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

describe('the hashing queue (bounded concurrency)', () => {
  /** A task that finishes when told to, recording how many ran at once. */
  function gate() {
    let running = 0;
    let most = 0;
    const finish: (() => void)[] = [];
    const task = (label: string, order: string[]) => () =>
      new Promise<string>((resolve) => {
        running++;
        most = Math.max(most, running);
        order.push(label);
        finish.push(() => {
          running--;
          resolve(label);
        });
      });
    return { task, finish, most: () => most };
  }
  const tick = () => new Promise((r) => setTimeout(r, 0));

  it('runs at most `concurrency` tasks at once, the others in arrival order', async () => {
    const queue = new HashQueue(2, 10);
    const g = gate();
    const order: string[] = [];
    const all = ['a', 'b', 'c', 'd', 'e'].map((l) => queue.run(g.task(l, order)));
    await tick();
    expect(order).toEqual(['a', 'b']);
    expect(queue.pending).toBe(5);
    while (g.finish.length > 0) {
      g.finish.shift()!();
      await tick();
    }
    await expect(Promise.all(all)).resolves.toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(order).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(g.most()).toBe(2);
    expect(queue.pending).toBe(0);
  });

  it('refuses at once when the queue is full, and says so beforehand', async () => {
    const queue = new HashQueue(1, 2);
    const g = gate();
    const order: string[] = [];
    const accepted = [
      queue.run(g.task('a', order)),
      queue.run(g.task('b', order)),
      queue.run(g.task('c', order)),
    ];
    expect(queue.available()).toBe(false);
    await expect(queue.run(g.task('d', order))).rejects.toBeInstanceOf(HasherBusyError);
    g.finish.shift()!();
    await tick();
    expect(queue.available()).toBe(true);
    while (g.finish.length > 0) {
      g.finish.shift()!();
      await tick();
    }
    await expect(Promise.all(accepted)).resolves.toEqual(['a', 'b', 'c']);
    expect(order).not.toContain('d');
  });

  it('frees the slot of a task that fails', async () => {
    const queue = new HashQueue(1, 1);
    await expect(queue.run(() => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    await expect(queue.run(() => Promise.resolve('next'))).resolves.toBe('next');
    expect(queue.pending).toBe(0);
  });

  it('is what the scrypt hasher runs on: one hash at a time by default, the rest refused past the queue', async () => {
    expect(sharedHashQueue.concurrency).toBe(1);
    const narrow = new ScryptPasswordHasher({ N: 1024, r: 8, p: 1, keyLength: 32 }, new HashQueue(1, 1));
    const results = await Promise.allSettled([
      narrow.hash('one-password'),
      narrow.hash('two-password'),
      narrow.hash('three-password'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'rejected']);
    expect((results[2] as PromiseRejectedResult).reason).toBeInstanceOf(HasherBusyError);
  });
});

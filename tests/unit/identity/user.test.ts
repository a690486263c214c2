import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RuleViolation } from '#domain/shared/errors.ts';
import {
  changeUser,
  checkPassword,
  createUser,
  emailKey,
  usernameKey,
  type User,
  type UserDraft,
} from '#domain/identity/user.ts';

const now = '2026-03-01T10:00:00.000Z';
const password = 'a-long-secret-9';
const draft = (over: Partial<UserDraft> = {}): UserDraft => ({
  username: 'camille',
  email: 'camille@example.com',
  role: 'customer',
  ...over,
});

function violation(fn: () => unknown): RuleViolation {
  try {
    fn();
  } catch (e) {
    if (e instanceof RuleViolation) return e;
    throw e;
  }
  throw new Error('expected a RuleViolation');
}

describe('createUser', () => {
  it('makes a user that keeps the username case and defaults the display name to it', () => {
    const user = createUser('usr_1', draft({ username: 'Camille.B' }), password, now);
    expect(user).toEqual({
      id: 'usr_1',
      username: 'Camille.B',
      displayName: 'Camille.B',
      email: 'camille@example.com',
      role: 'customer',
      status: 'active',
      createdAt: now,
    });
    expect(usernameKey(user.username)).toBe('camille.b');
  });

  it.each([
    ['too short', 'ab'],
    ['too long', 'a'.repeat(33)],
    ['a space', 'jean paul'],
    ['a leading dash', '-camille'],
    ['an at sign', 'cam@ille'],
    ['an accent', 'élodie'],
  ])('refuses a username with %s', (_, username) => {
    expect(violation(() => createUser('u', draft({ username }), password, now)).field).toBe('username');
  });

  it('accepts usernames of 3 and 32 characters', () => {
    expect(createUser('u', draft({ username: 'abc' }), password, now).username).toBe('abc');
    expect(createUser('u', draft({ username: 'a'.repeat(32) }), password, now).username).toHaveLength(32);
  });

  it.each(['camille', 'camille@', '@example.com', 'camille@example', 'a b@example.com', 'a@b..com'])(
    'refuses the email %j',
    (email) => {
      expect(violation(() => createUser('u', draft({ email }), password, now)).field).toBe('email');
    },
  );

  it('compares emails without case', () => {
    expect(emailKey(' Camille@Example.COM ')).toBe('camille@example.com');
  });

  it('binds a cashier to one of the five stores', () => {
    const user = createUser('u', draft({ role: 'cashier', storeId: 'store-3' }), password, now);
    expect(user.storeId).toBe('store-3');
    expect(violation(() => createUser('u', draft({ role: 'cashier' }), password, now)).field).toBe('storeId');
    for (const storeId of ['warehouse', 'head-office', 'store-6', 'store-0'])
      expect(violation(() => createUser('u', draft({ role: 'cashier', storeId }), password, now)).field).toBe(
        'storeId',
      );
  });

  it.each(['customer', 'manager', 'ops'] as const)('gives a %s no store', (role) => {
    expect(createUser('u', draft({ role }), password, now).storeId).toBeUndefined();
    expect(violation(() => createUser('u', draft({ role, storeId: 'store-1' }), password, now)).field).toBe(
      'storeId',
    );
  });

  it('refuses an unknown role', () => {
    const bad = draft({ role: 'admin' as UserDraft['role'] });
    expect(violation(() => createUser('u', bad, password, now)).field).toBe('role');
  });
});

describe('checkPassword', () => {
  it('accepts the demo password and a long passphrase', () => {
    expect(() => checkPassword('comptoir-demo', 'manager')).not.toThrow();
    expect(() => checkPassword('correct horse battery staple', 'camille')).not.toThrow();
  });

  it.each([
    ['shorter than 10 characters', 'short-pw1', 'camille'],
    ['the username, whatever the case', 'CamilleTremblay', 'camilletremblay'],
    ['a common password', 'Password123', 'camille'],
    ['a common password of the shop', 'comptoir2026', 'camille'],
    ['one repeated character', 'aaaaaaaaaaaa', 'camille'],
    ['longer than 128 characters', 'x1-'.repeat(50), 'camille'],
  ])('refuses a password that is %s', (_, pw, username) => {
    expect(violation(() => checkPassword(pw, username)).field).toBe('password');
  });

  it('accepts any password of 10+ characters that is not the username, common or repetitive', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 10, maxLength: 60 }), (pw) => {
        fc.pre(new Set(pw).size >= 3 && pw.toLowerCase() !== 'someone');
        fc.pre(!['1234567890', '0123456789', '0987654321'].includes(pw));
        expect(() => checkPassword(pw, 'someone')).not.toThrow();
      }),
    );
  });
});

describe('changeUser (a manager changes a user)', () => {
  const later = '2026-03-02T09:00:00.000Z';
  const cashier: User = createUser(
    'usr_c',
    draft({ username: 'lea', role: 'cashier', storeId: 'store-1' }),
    password,
    now,
  );
  const manager: User = createUser(
    'usr_m',
    draft({ username: 'mireille', role: 'manager', email: undefined }),
    password,
    now,
  );

  it('disables a cashier: their sessions end', () => {
    const change = changeUser(cashier, { status: 'disabled' }, 'usr_m', later);
    expect(change.user).toMatchObject({
      status: 'disabled',
      role: 'cashier',
      storeId: 'store-1',
      updatedAt: later,
    });
    expect(change.fields).toEqual(['status']);
    expect(change.revokesSessions).toBe(true);
  });

  it('enables a disabled user without ending anything more', () => {
    const disabled = changeUser(cashier, { status: 'disabled' }, 'usr_m', later).user;
    const change = changeUser(disabled, { status: 'active' }, 'usr_m', later);
    expect(change.user.status).toBe('active');
    expect(change.revokesSessions).toBe(false);
  });

  it('moves a cashier to another store: their tokens (which name the store) end', () => {
    const change = changeUser(cashier, { storeId: 'store-3' }, 'usr_m', later);
    expect(change.user.storeId).toBe('store-3');
    expect(change.fields).toEqual(['storeId']);
    expect(change.revokesSessions).toBe(true);
  });

  it('makes a cashier a manager: the store goes with the cashier role', () => {
    const change = changeUser(cashier, { role: 'manager' }, 'usr_m', later);
    expect(change.user.role).toBe('manager');
    expect(change.user.storeId).toBeUndefined();
    expect('storeId' in change.user).toBe(false);
    expect(change.fields).toEqual(['role', 'storeId']);
    expect(change.revokesSessions).toBe(true);
  });

  it('makes a manager a cashier only with a store', () => {
    const other = createUser(
      'usr_o',
      draft({ username: 'olivier', role: 'manager', email: undefined }),
      password,
      now,
    );
    expect(violation(() => changeUser(other, { role: 'cashier' }, 'usr_m', later)).field).toBe('storeId');
    expect(changeUser(other, { role: 'cashier', storeId: 'store-2' }, 'usr_m', later).user).toMatchObject({
      role: 'cashier',
      storeId: 'store-2',
    });
  });

  it("refuses a store for a role that has none, an unknown store, and removing a cashier's store", () => {
    expect(violation(() => changeUser(manager, { storeId: 'store-1' }, 'usr_x', later)).field).toBe(
      'storeId',
    );
    expect(violation(() => changeUser(cashier, { storeId: 'warehouse' }, 'usr_m', later)).field).toBe(
      'storeId',
    );
    expect(violation(() => changeUser(cashier, { storeId: null }, 'usr_m', later)).field).toBe('storeId');
  });

  it('renames without ending sessions; an empty name falls back to the username', () => {
    const change = changeUser(cashier, { displayName: '  Léa Gagnon ' }, 'usr_m', later);
    expect(change.user.displayName).toBe('Léa Gagnon');
    expect(change.revokesSessions).toBe(false);
    expect(changeUser(cashier, { displayName: ' ' }, 'usr_m', later).user.displayName).toBe('lea');
    expect(violation(() => changeUser(cashier, { displayName: 'x'.repeat(81) }, 'usr_m', later)).field).toBe(
      'displayName',
    );
  });

  it('keeps a manager from disabling themselves or taking away their own manager role', () => {
    expect(violation(() => changeUser(manager, { status: 'disabled' }, 'usr_m', later)).field).toBe('status');
    expect(violation(() => changeUser(manager, { role: 'ops' }, 'usr_m', later)).field).toBe('role');
    // Another manager may.
    expect(changeUser(manager, { status: 'disabled' }, 'usr_other', later).user.status).toBe('disabled');
  });

  it('changes nothing (and ends nothing) when the patch repeats the user', () => {
    const change = changeUser(
      cashier,
      { status: 'active', role: 'cashier', storeId: 'store-1' },
      'usr_m',
      later,
    );
    expect(change.fields).toEqual([]);
    expect(change.user).toBe(cashier);
    expect(change.revokesSessions).toBe(false);
  });
});

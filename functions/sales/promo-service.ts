import {
  checkTerms,
  checkedCode,
  normaliseCode,
  promoExhausted,
  unknownPromo,
  type PromoCode,
  type PromoTerms,
  type UseState,
} from '#domain/sales/promo.ts';
import { ConflictError, TryLater } from '#domain/shared/errors.ts';
import { m } from '#domain/shared/message.ts';

/**
 * Promo codes: head office's use cases (create, change or deactivate, list) and the exactly-once
 * counting of their uses by the orders (docs/taxes.md, "Promo codes"; the table layout in
 * infra/spec/tables.ts). No transactions: a use is a claim item per order attempt (`use#<runId>`,
 * the run id derived from the order id, itself derived from the Idempotency-Key) and a counter on
 * the code's item changed only together with the run id in a string set of that item (`counting`,
 * `returning`), so a repeated call finds its own effect and never counts twice. The claim's state
 * says where a crashed count or give-back stands; the next call resumes it.
 */
export interface PromoStore {
  get(code: string): Promise<PromoCode | undefined>;
  /** Creates the code; false if it exists. */
  create(promo: PromoCode): Promise<boolean>;
  /** Replaces the code's terms if its revision is still `expectedRevision` (uses are never written here). */
  update(promo: PromoCode, expectedRevision: number): Promise<boolean>;
  /** Every code, by code (head office's list: a few hundred at most). */
  list(): Promise<PromoCode[]>;
  /** Writes the claim of `runId` in `state` if it has none; returns the state it had (undefined: written now). */
  claim(
    code: string,
    runId: string,
    orderId: string,
    state: UseState,
    at: string,
  ): Promise<UseState | undefined>;
  /** Moves the claim from `from` to `to`; false if it was not in `from`. */
  moveClaim(code: string, runId: string, from: UseState, to: UseState, at: string): Promise<boolean>;
  /**
   * uses + 1 with `runId` added to the code's `counting` set, only if uses < usageLimit and the run is
   * not in the set: `counted`; the run already in it: `already`; the limit reached: `exhausted`.
   */
  count(code: string, runId: string): Promise<'counted' | 'already' | 'exhausted'>;
  /** uses − 1 with `runId` added to the code's `returning` set, only if it is not there yet. */
  uncount(code: string, runId: string): Promise<void>;
  /** Removes `runId` from both sets (once its claim says the count or the give-back is done). */
  forget(code: string, runId: string): Promise<void>;
}

// ---- head office ----

export interface PromoInput extends Omit<PromoTerms, 'active' | 'minimumCents'> {
  readonly code: string;
  readonly minimumCents?: number | undefined;
}

export async function createPromo(
  store: PromoStore,
  input: PromoInput,
  by: string | undefined,
  now: string,
): Promise<PromoCode> {
  const promo: PromoCode = {
    code: checkedCode(input.code),
    kind: input.kind,
    ...(input.percent !== undefined ? { percent: input.percent } : {}),
    ...(input.amountCents !== undefined ? { amountCents: input.amountCents } : {}),
    validFrom: input.validFrom,
    validUntil: input.validUntil,
    minimumCents: input.minimumCents ?? 0,
    ...(input.usageLimit !== undefined ? { usageLimit: input.usageLimit } : {}),
    description: input.description.trim(),
    active: true,
    uses: 0,
    createdAt: now,
    updatedAt: now,
    ...(by ? { createdBy: by } : {}),
    revision: 0,
  };
  checkTerms(promo);
  if (!(await store.create(promo)))
    throw new ConflictError('duplicate-promo-code', m`The promo code ${promo.code} already exists`, {
      promoCode: promo.code,
    });
  return promo;
}

export type PromoChange = Partial<Omit<PromoTerms, 'kind' | 'percent' | 'amountCents'>>;

/** Changes a code's dates, minimum, limit, description, or deactivates it (`active: false`). */
export async function updatePromo(
  store: PromoStore,
  rawCode: string,
  change: PromoChange,
  now: string,
): Promise<PromoCode> {
  const code = normaliseCode(rawCode);
  for (let attempt = 0; ; attempt++) {
    const current = await store.get(code);
    if (!current) throw unknownPromo(code);
    const defined = Object.fromEntries(Object.entries(change).filter(([, v]) => v !== undefined));
    const next: PromoCode = {
      ...current,
      ...defined,
      ...(change.description !== undefined ? { description: change.description.trim() } : {}),
      updatedAt: now,
      revision: current.revision + 1,
    };
    checkTerms(next);
    if (await store.update(next, current.revision)) return { ...next, uses: current.uses };
    if (attempt >= 4)
      throw new ConflictError('concurrent-update', m`The promo code ${code} was changed meanwhile; retry`);
  }
}

export const listPromos = async (store: PromoStore): Promise<PromoCode[]> => store.list();

/** The code a customer typed, as stored; an unknown one is 422 promo-unknown. */
export async function findPromo(store: PromoStore, raw: string): Promise<PromoCode> {
  const code = normaliseCode(raw);
  const promo = await store.get(code);
  if (!promo) throw unknownPromo(code);
  return promo;
}

// ---- uses, exactly once ----

/**
 * Counts the use of `code` by one order attempt (`runId`), once however often it is called: before
 * the attempt runs (docs/checkout-saga.md). Above the limit it throws `promo-exhausted` and the claim
 * is closed (`returned`: nothing was counted). A claim already given back (the attempt failed
 * meanwhile) is `interrupted`: the attempt must not run.
 */
export async function countUse(
  store: PromoStore,
  promo: Pick<PromoCode, 'code'>,
  runId: string,
  orderId: string,
  now: () => string,
): Promise<void> {
  const { code } = promo;
  const found = await store.claim(code, runId, orderId, 'counting', now());
  if (found === 'counted') return store.forget(code, runId);
  if (found === 'returning' || found === 'returned')
    throw new TryLater('interrupted', m`The order ${orderId} was interrupted`, 1, { orderId });
  const outcome = await store.count(code, runId);
  if (outcome === 'exhausted') {
    await store.moveClaim(code, runId, 'counting', 'returned', now());
    throw promoExhausted(promo);
  }
  await store.moveClaim(code, runId, 'counting', 'counted', now());
  await store.forget(code, runId);
}

/**
 * Gives back the use an order attempt counted (the order failed), once however often it is called;
 * nothing if it counted none — then the claim is left `returned`, a tombstone no late count can pass.
 * A count interrupted half-way (`counting`) is finished first, so that what it did is undone exactly.
 */
export async function giveBackUse(
  store: PromoStore,
  code: string,
  runId: string,
  orderId: string,
  now: () => string,
): Promise<void> {
  let state = await store.claim(code, runId, orderId, 'returned', now());
  if (state === undefined) return;
  if (state === 'counting') {
    const outcome = await store.count(code, runId);
    if (outcome === 'exhausted') {
      await store.moveClaim(code, runId, 'counting', 'returned', now());
      return store.forget(code, runId);
    }
    await store.moveClaim(code, runId, 'counting', 'returning', now());
    state = 'returning';
  }
  if (state === 'counted') {
    await store.moveClaim(code, runId, 'counted', 'returning', now());
    state = 'returning';
  }
  if (state === 'returning') {
    await store.uncount(code, runId);
    await store.moveClaim(code, runId, 'returning', 'returned', now());
  }
  await store.forget(code, runId);
}

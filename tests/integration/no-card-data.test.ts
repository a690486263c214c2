import { createHash, randomUUID } from 'node:crypto';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ddb } from '#functions/adapters/dynamo.ts';
import { testCards } from '#functions/sales/adapters/simulated-payment-provider.ts';
import { tables } from '#infra/spec/tables.ts';
import { localTableName } from '#local/runtime.ts';
import { startTestRuntime, type TestRuntime } from '../support/runtime.ts';

/**
 * No card number, nor anything it can be recovered from, is ever stored: after sales and web checkouts
 * with every test card (approved, declined, transient, timeout, reversed) and one more valid number, no
 * item of any table, no event on the bus and no execution the local Step Functions kept holds the
 * digits of a card beyond its last four — nor an unsalted hash of one (the old idempotency fingerprint).
 */
let api: TestRuntime;
beforeAll(async () => {
  api = await startTestRuntime();
});
afterAll(() => api.stop());

const otherValid = '5555555555554444';
const cards = [...Object.values(testCards), otherValid];

/** Every string in a value, however deep. */
function* strings(value: unknown): Generator<string> {
  if (typeof value === 'string') yield value;
  else if (Array.isArray(value)) for (const v of value) yield* strings(v);
  else if (value && typeof value === 'object') for (const v of Object.values(value)) yield* strings(v);
}

/** Forms a card number could be stored in: whole, its first or last 12 digits, or hashed. */
const forms = cards.map((c) => ({
  card: c,
  needles: [
    c,
    c.slice(0, 12),
    c.slice(-12),
    createHash('sha256').update(c).digest('hex'),
    createHash('sha256').update(c).digest('base64url'),
  ],
}));
const leaks = (text: string): string[] =>
  forms.flatMap((f) => (f.needles.some((n) => text.includes(n)) ? [f.card] : []));

describe('no card data at rest', () => {
  it('keeps the last four digits and a provider token only, in every table, event and execution', async () => {
    const cashier = api.as('cashier3');
    for (const cardNumber of cards) {
      const res = await cashier.post(
        '/locations/store-3/sales',
        { lines: [{ productId: 'muffin', quantity: 1 }], payment: { method: 'card', cardNumber } },
        { idempotencyKey: randomUUID() },
      );
      expect([201, 402, 503]).toContain(res.status);
      // The answer shows the last four digits, never more.
      expect(JSON.stringify(res.body)).not.toContain(cardNumber.slice(0, 8));
    }
    const customer = api.as('customer');
    const cart = await customer.post('/carts');
    await customer.put(`/carts/${cart.body.cartId}/items/muffin`, { quantity: 1 });
    const checkout = await customer.post(
      `/carts/${cart.body.cartId}/checkout`,
      { payment: { method: 'card', cardNumber: otherValid }, shippingAddress: '1 rue Test, Montréal' },
      { idempotencyKey: randomUUID() },
    );
    expect(checkout.status).toBe(201);
    expect(checkout.body.payment.cardLast4).toBe('4444');
    await api.runtime.bus.settled();

    const found: string[] = [];
    for (const t of tables) {
      let start: Record<string, unknown> | undefined;
      do {
        // A test may Scan: it reads everything that was stored.
        const page = await ddb.send(
          new ScanCommand({ TableName: localTableName(t.name), ExclusiveStartKey: start }),
        );
        for (const item of page.Items ?? [])
          for (const s of strings(item))
            for (const c of leaks(s)) found.push(`${t.name} ${String(item.pk)}: ${c}`);
        start = page.LastEvaluatedKey;
      } while (start);
    }
    for (const e of api.runtime.bus.published())
      for (const s of strings(e)) for (const c of leaks(s)) found.push(`event ${e['detail-type']}: ${c}`);
    for (const x of api.runtime.stepFunctions.executions())
      for (const s of strings(x)) for (const c of leaks(s)) found.push(`execution ${x.executionArn}: ${c}`);
    expect(found).toEqual([]);
  });
});

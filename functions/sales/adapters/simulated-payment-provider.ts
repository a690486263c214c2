import { randomUUID } from 'node:crypto';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { SagaError } from '#domain/sales/saga.ts';
import { ddb, isConditionFailure, tableName } from '#functions/adapters/dynamo.ts';
import type { Capture, CaptureRequest, CardToken, PaymentGateway, RefundResult } from './payment-gateway.ts';

/**
 * A simulated PSP behind the PaymentGateway port, with its own ledger in the sales table
 * (pk=PSP#<idempotency key>): sk=CAPTURE is the capture, sk=ATTEMPTS counts tries of a key.
 * Refunds are recorded on the capture item itself as `refund#<refundKey>` = cents, added together with
 * `refundedCents` in one conditional update, so a refund retried with its key never applies twice
 * and refunds never exceed the capture.
 *
 * A refund under a key with no capture voids the key (a `psp-void` item), so a capture arriving
 * later with it is declined.
 *
 * Cash is always approved. Test cards (docs/checkout-saga.md, ../shared/docs/api.md):
 *   4242424242424242 approved
 *   4000000000000002 declined (not retried)
 *   4000000000000119 fails transiently on the first two tries of a key, then approved
 *   4000000000000259 the provider times out on every try (nothing is captured)
 *   4000000000000341 approved, then reversed by the provider's risk review when the sale is confirmed
 * Any other number passing the Luhn check is approved; one failing it is declined.
 */
export const testCards = {
  approved: '4242424242424242',
  declined: '4000000000000002',
  transient: '4000000000000119',
  timeout: '4000000000000259',
  reversedAfterCapture: '4000000000000341',
} as const;

/**
 * Tokens: `tok_<behaviour>_<last4>_<nonce>`. The behaviour is what the test card stands for, read at
 * tokenization; nothing of the card number but its last four digits is in the token.
 */
type Behaviour = 'approved' | 'declined' | 'transient' | 'timeout' | 'reversed';
const behaviourOf = (card: string): Behaviour =>
  card === testCards.declined || !luhnValid(card)
    ? 'declined'
    : card === testCards.transient
      ? 'transient'
      : card === testCards.timeout
        ? 'timeout'
        : card === testCards.reversedAfterCapture
          ? 'reversed'
          : 'approved';
const tokenPattern = /^tok_(approved|declined|transient|timeout|reversed)_(\d{4})_[A-Za-z0-9]+$/;

/** How long the simulated provider takes to "time out" (kept short: the saga retries it). */
const simulatedTimeoutMs = 50;

export function luhnValid(digits: string): boolean {
  if (!/^\d{12,19}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

const captureKey = (key: string) => ({ pk: `PSP#${key}`, sk: 'CAPTURE' });

function toCapture(item: Record<string, unknown>): Capture {
  return {
    captureId: item.captureId as string,
    idempotencyKey: item.idempotencyKey as string,
    method: item.method as Capture['method'],
    amountCents: item.amountCents as number,
    refundedCents: (item.refundedCents as number | undefined) ?? 0,
    ...(typeof item.cardLast4 === 'string' ? { cardLast4: item.cardLast4 } : {}),
  };
}

export class SimulatedPaymentProvider implements PaymentGateway {
  private readonly table: string;
  constructor(table = tableName('sales')) {
    this.table = table;
  }

  private async countAttempt(key: string): Promise<number> {
    const out = await ddb.send(
      new UpdateCommand({
        TableName: this.table,
        Key: { pk: `PSP#${key}`, sk: 'ATTEMPTS' },
        UpdateExpression: 'ADD attempts :one',
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'UPDATED_NEW',
      }),
    );
    return out.Attributes?.attempts as number;
  }

  async tokenize(cardNumber: string): Promise<CardToken> {
    const last4 = cardNumber.slice(-4);
    return { token: `tok_${behaviourOf(cardNumber)}_${last4}_${randomUUID().slice(0, 8)}`, last4 };
  }

  /** A capture retried with its key returns the first one (the conditional put below finds it). */
  async capture(request: CaptureRequest): Promise<Capture> {
    let last4: string | undefined;
    let behaviour: Behaviour = 'approved';
    if (request.method === 'card') {
      const token = tokenPattern.exec(request.cardToken ?? '');
      if (!token) throw new SagaError('PaymentDeclined', 'The card token is not valid');
      behaviour = token[1] as Behaviour;
      last4 = token[2];
      if (behaviour === 'declined')
        throw new SagaError('PaymentDeclined', 'The card was declined by the issuer');
      if (behaviour === 'transient' && (await this.countAttempt(request.idempotencyKey)) <= 2)
        throw new SagaError('PaymentTransient', 'The payment provider is temporarily unavailable');
      if (behaviour === 'timeout') {
        await new Promise((r) => setTimeout(r, simulatedTimeoutMs));
        throw new SagaError('PaymentTimeout', 'The payment provider did not answer in time');
      }
    }
    const item = {
      ...captureKey(request.idempotencyKey),
      type: 'psp-capture',
      captureId: `cap_${request.idempotencyKey}`,
      idempotencyKey: request.idempotencyKey,
      orderId: request.orderId,
      method: request.method,
      amountCents: request.amountCents,
      refundedCents: 0,
      ...(last4 ? { cardLast4: last4 } : {}),
      reverseOnVerify: behaviour === 'reversed',
    };
    try {
      await ddb.send(
        new PutCommand({
          TableName: this.table,
          Item: item,
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return toCapture(item);
    } catch (e) {
      if (!isConditionFailure(e)) throw e;
      const first = await this.find(request.idempotencyKey);
      if (!first) throw new SagaError('PaymentVoided', 'This payment was cancelled before it was taken');
      return first;
    }
  }

  async find(key: string): Promise<Capture | undefined> {
    const out = await ddb.send(
      new GetCommand({ TableName: this.table, Key: captureKey(key), ConsistentRead: true }),
    );
    return out.Item && out.Item.voided !== true ? toCapture(out.Item) : undefined;
  }

  async verify(key: string): Promise<'ok' | 'reversed'> {
    const out = await ddb.send(
      new GetCommand({ TableName: this.table, Key: captureKey(key), ConsistentRead: true }),
    );
    if (!out.Item || out.Item.voided === true) throw new Error(`no capture under key ${key}`);
    return out.Item.reverseOnVerify === true ? 'reversed' : 'ok';
  }

  async refund(key: string, refundKey: string, amountCents?: number): Promise<RefundResult> {
    const attr = `refund#${refundKey}`;
    for (let attempt = 0; attempt < 10; attempt++) {
      const out = await ddb.send(
        new GetCommand({ TableName: this.table, Key: captureKey(key), ConsistentRead: true }),
      );
      const item = out.Item;
      if (!item || item.voided === true) {
        // Nothing captured: void the key, so a capture still in flight with it is declined.
        if (!item)
          await ddb
            .send(
              new PutCommand({
                TableName: this.table,
                Item: { ...captureKey(key), type: 'psp-void', voided: true, refundedCents: 0 },
                ConditionExpression: 'attribute_not_exists(pk)',
              }),
            )
            .catch((e: unknown) => {
              if (!isConditionFailure(e)) throw e;
            });
        const again = item
          ? item
          : (
              await ddb.send(
                new GetCommand({ TableName: this.table, Key: captureKey(key), ConsistentRead: true }),
              )
            ).Item;
        if (again && again.voided !== true) continue;
        return { refundedCents: 0, captureFound: false };
      }
      if (typeof item[attr] === 'number') return { refundedCents: item[attr] as number, captureFound: true };
      const captured = item.amountCents as number;
      const refunded = (item.refundedCents as number | undefined) ?? 0;
      const amount = Math.min(amountCents ?? captured - refunded, captured - refunded);
      if (amount <= 0) return { refundedCents: 0, captureFound: true };
      try {
        await ddb.send(
          new UpdateCommand({
            TableName: this.table,
            Key: captureKey(key),
            UpdateExpression: 'SET refundedCents = refundedCents + :a, #r = :a',
            ConditionExpression: 'attribute_not_exists(#r) AND refundedCents = :seen',
            ExpressionAttributeNames: { '#r': attr },
            ExpressionAttributeValues: { ':a': amount, ':seen': refunded },
          }),
        );
        return { refundedCents: amount, captureFound: true };
      } catch (e) {
        if (!isConditionFailure(e)) throw e;
      }
    }
    throw new SagaError('TransientError', `refund ${refundKey} kept conflicting with other refunds`);
  }
}

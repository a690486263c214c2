import { randomUUID } from 'node:crypto';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultThresholds } from '#domain/inventory/stock.ts';
import { orderNumber } from '#domain/notifications/notification.ts';
import { DynamoStockRepository } from '#functions/inventory/adapters/stock-repository.ts';
import { testCards } from '#functions/sales/adapters/simulated-payment-provider.ts';
import { configurationSetName, mailSender } from '#infra/spec/email-templates.ts';
import { demoPassword, startTestRuntime, type Client, type TestRuntime } from '../support/runtime.ts';

const key = () => `test-${randomUUID()}`;

/**
 * E-mails (issue 16): the notifications consumer sends them through the local SES v2 endpoint with the
 * same @aws-sdk/client-sesv2 client the Lambda uses; the endpoint keeps each message (headers, text
 * and HTML parts). A send that keeps failing is retried by the bus and dead-lettered, visibly.
 */
let api: TestRuntime;
let stock: DynamoStockRepository;

beforeAll(async () => {
  api = await startTestRuntime({ runtime: { eventRetry: { delayMs: 5, maxDelayMs: 20 } } });
  stock = new DynamoStockRepository();
});
afterAll(() => api.stop());

const address = {
  name: 'Jean Roy',
  street: '10 rue King',
  city: 'Sherbrooke',
  province: 'QC',
  postalCode: 'J1H 1A1',
};

/** A new customer who signed up with `email` (identity announces it; notifications keeps it). */
async function customerWith(email: string, locale?: 'en-CA'): Promise<{ client: Client; userId: string }> {
  const username = `mail${randomUUID().slice(0, 8)}`;
  const res = await api.anon.post('/auth/register', { username, password: demoPassword, email });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  const client = api.as(username);
  if (locale) expect((await client.patch('/me', { locale })).status).toBe(200);
  await api.runtime.bus.settled();
  return { client, userId: (await client.get('/me')).body.id as string };
}

async function shippedOrder(customer: Client): Promise<string> {
  const sku = `M-${randomUUID().slice(0, 8).toUpperCase()}`;
  const p = await api
    .as('manager')
    .post('/products', { sku, name: `Confiture ${sku}`, category: 'epicerie', priceCents: 1200 });
  await stock.putStock({
    locationId: 'warehouse',
    productId: p.body.id,
    name: p.body.name,
    onHand: 5,
    reserved: 0,
    thresholds: defaultThresholds,
  });
  const cartId = (await customer.post('/carts')).body.cartId as string;
  await customer.put(`/carts/${cartId}/items/${p.body.id}`, { quantity: 1 });
  const order = await customer.post(
    `/carts/${cartId}/checkout`,
    { payment: { method: 'card', cardNumber: testCards.approved }, delivery: { method: 'ship', address } },
    { idempotencyKey: randomUUID() },
  );
  expect(order.status, JSON.stringify(order.body)).toBe(201);
  await api.runtime.bus.settled();
  return order.body.id as string;
}

const mailTo = (email: string) => api.runtime.ses.messages().filter((m) => m.to.includes(email));
const eventsOf = (type: string, orderId: string) =>
  api.runtime.bus
    .published()
    .filter((e) => e['detail-type'] === type && String(e.detail.subject) === orderId);

describe('the local SES v2 endpoint', () => {
  it('takes SendEmail from the SDK client, renders the stored template and keeps the message', async () => {
    const client = new SESv2Client({});
    const out = await client.send(
      new SendEmailCommand({
        FromEmailAddress: mailSender,
        Destination: { ToAddresses: ['direct@example.com'] },
        ConfigurationSetName: configurationSetName,
        Content: {
          Template: {
            TemplateName: 'comptoir-order-cancelled-fr-CA',
            TemplateData: JSON.stringify({
              t: {
                recipientName: 'Zoé',
                orderNumber: 'ABC12345',
                reason: 'à votre demande',
                refund: '12,00 $',
                link: 'x',
              },
              h: {
                recipientName: 'Zoé',
                orderNumber: 'ABC12345',
                reason: 'à votre demande',
                refund: '12,00 $',
                link: 'x',
              },
            }),
          },
        },
      }),
    );
    expect(out.MessageId).toBeTruthy();
    const [kept] = mailTo('direct@example.com');
    expect(kept).toMatchObject({ messageId: out.MessageId, subject: 'Comptoir — commande ABC12345 annulée' });
    expect(kept!.text).toContain('Bonjour Zoé,');
    expect(kept!.html).toContain('Zoé');
    expect(kept!.headers['X-SES-CONFIGURATION-SET']).toBe(configurationSetName);
    // An unverified sender is refused as SES does.
    await expect(
      client.send(
        new SendEmailCommand({
          FromEmailAddress: 'someone@elsewhere.example',
          Destination: { ToAddresses: ['direct@example.com'] },
          Content: { Simple: { Subject: { Data: 's' }, Body: { Text: { Data: 't' } } } },
        }),
      ),
    ).rejects.toMatchObject({ name: 'MessageRejected' });
    client.destroy();
  });

  it('refuses unsigned requests and requests from a web page', async () => {
    const body = JSON.stringify({
      FromEmailAddress: mailSender,
      Destination: { ToAddresses: ['x@example.com'] },
    });
    const unsigned = await fetch(`${api.runtime.ses.endpoint}/v2/email/outbound-emails`, {
      method: 'POST',
      body,
    });
    expect(unsigned.status).toBe(403);
    const fromPage = await fetch(`${api.runtime.ses.endpoint}/v2/email/outbound-emails`, {
      method: 'POST',
      body,
      headers: { origin: 'http://evil.example' },
    });
    expect(fromPage.status).toBe(403);
  });
});

describe('e-mails to the customer', () => {
  it('sends the confirmation and the shipping notice once each, in the customer language, with the figures', async () => {
    const email = `en-${randomUUID().slice(0, 8)}@example.com`;
    const { client } = await customerWith(email, 'en-CA');
    const orderId = await shippedOrder(client);
    const manager = api.as('manager');
    for (const action of ['start-picking', 'pack'])
      await manager.post(`/fulfilments/${orderId}/steps`, { action }, { idempotencyKey: key() });
    const ship = { action: 'ship', carrier: 'Purolator', trackingNumber: 'PUR-778899' };
    expect(
      (await manager.post(`/fulfilments/${orderId}/steps`, ship, { idempotencyKey: key() })).status,
    ).toBe(200);
    expect(
      (await manager.post(`/fulfilments/${orderId}/steps`, ship, { idempotencyKey: key() })).status,
    ).toBe(200);
    await api.runtime.bus.settled();

    const mails = mailTo(email);
    expect(mails.map((m) => m.subject).sort()).toEqual([
      `Comptoir — order ${orderNumber(orderId)} confirmed`,
      `Comptoir — order ${orderNumber(orderId)} shipped`,
    ]);
    const confirmed = mails.find((m) => m.subject.endsWith('confirmed'))!;
    // 12.00 $ + 9.95 $ shipping, GST 1.10 $ and QST 2.19 $ on both: in the English format.
    expect(confirmed.text).toContain('$25.24');
    expect(confirmed.text).toContain('Sherbrooke');
    expect(confirmed.html).toContain('<');
    const shipped = mails.find((m) => m.subject.endsWith('shipped'))!;
    expect(shipped.text).toContain('PUR-778899');
    expect(shipped.text).toContain('Purolator');
    expect(
      eventsOf('NotificationSent', orderId)
        .map((e) => e.detail.kind)
        .sort(),
    ).toEqual(['order-confirmed', 'order-shipped']);
  });

  it('writes to a French customer in French and tells a cancellation with its refund', async () => {
    const email = `fr-${randomUUID().slice(0, 8)}@example.com`;
    const { client } = await customerWith(email);
    const orderId = await shippedOrder(client);
    expect(
      (await client.post(`/fulfilments/${orderId}/cancel`, undefined, { idempotencyKey: key() })).status,
    ).toBe(200);
    await api.runtime.bus.settled();
    const cancelled = mailTo(email).find(
      (m) => m.subject === `Comptoir — commande ${orderNumber(orderId)} annulée`,
    );
    expect(cancelled, JSON.stringify(mailTo(email).map((m) => m.subject))).toBeDefined();
    expect(cancelled!.text).toContain('à votre demande');
    expect(cancelled!.text).toMatch(/\d+,\d\d\s\$/);
  });

  it('retries a send SES refuses for a while, and dead-letters it visibly when it keeps failing', async () => {
    const email = `retry-${randomUUID().slice(0, 8)}@example.com`;
    const { client } = await customerWith(email);
    // Throttled once: the SDK's own retry gets it through.
    api.runtime.ses.failNext(1);
    const first = await shippedOrder(client);
    expect(mailTo(email).some((m) => m.subject.includes(orderNumber(first)))).toBe(true);

    // Throttled on every try: the consumer fails, the bus retries it twice, then dead-letters the event.
    api.runtime.ses.failNext(1000);
    let second: string;
    try {
      second = await shippedOrder(client);
    } finally {
      api.runtime.ses.failNext(0);
    }
    expect(mailTo(email).some((m) => m.subject.includes(orderNumber(second)))).toBe(false);
    const letters = api.runtime.bus
      .deadLetters()
      .filter((d) => d.rule === 'notifications-email' && d.event.detail.orderId === second);
    expect(letters).toHaveLength(1);
    expect(letters[0]!.attempts).toBe(3);
    const failed = eventsOf('NotificationFailed', second);
    expect(failed.map((e) => [e.detail.attempt, e.detail.final])).toEqual([
      [1, false],
      [2, false],
      [3, true],
    ]);
    expect(eventsOf('NotificationSent', second)).toEqual([]);
  });

  it('dead-letters at once a send SES refuses for good', async () => {
    const { client } = await customerWith(`nobody@${randomUUID().slice(0, 8)}.invalid`);
    const orderId = await shippedOrder(client);
    const letters = api.runtime.bus
      .deadLetters()
      .filter((d) => d.rule === 'notifications-email' && d.event.detail.orderId === orderId);
    expect(letters).toHaveLength(1);
    expect(letters[0]!.attempts).toBe(1);
    expect(eventsOf('NotificationFailed', orderId).map((e) => e.detail.final)).toEqual([true]);
  });
});

import { storeLabel } from '#domain/shared/chain.ts';
import { OrderCancelled } from '#functions/events/order-cancelled.ts';
import { OrderConfirmed } from '#functions/events/order-confirmed.ts';
import { OrderReadyForPickup } from '#functions/events/order-ready-for-pickup.ts';
import { OrderShipped } from '#functions/events/order-shipped.ts';
import { consumer, on } from '#functions/shared/consumer.ts';
import { notificationDeps } from '../deps.ts';
import { notify } from '../notifications-service.ts';

/**
 * Consumer of rule `notifications-email`: tells the customer of a web order, by e-mail in their
 * language, that it is confirmed, shipped (tracking number), ready for pickup (code, deadline) or
 * cancelled (refund). POS sales and orders without a customer send nothing.
 */
const deps = notificationDeps();

export const handler = consumer({ name: 'notifications/send-email', table: 'notifications' }, [
  on(OrderConfirmed, async (d) => {
    if (d.channel !== 'web' || !d.customerId) return;
    const delivery =
      d.delivery?.method === 'ship' && d.delivery.address
        ? { method: 'ship' as const, address: d.delivery.address }
        : { method: 'pickup' as const, storeName: storeLabel(d.locationId) };
    await notify(
      deps,
      {
        kind: 'order-confirmed',
        subject: d.orderId,
        userId: d.customerId,
        facts: {
          kind: 'order-confirmed',
          order: {
            orderId: d.orderId,
            lines: d.lines,
            subtotalCents: d.subtotalCents,
            shippingCents: d.delivery?.shippingCents,
            gstCents: d.gstCents,
            qstCents: d.qstCents,
            roundingCents: d.roundingCents,
            totalCents: d.totalCents,
          },
          delivery,
        },
      },
      d.correlationId,
    );
  }),
  on(OrderShipped, async (d) => {
    if (!d.customerId) return;
    await notify(
      deps,
      {
        kind: 'order-shipped',
        subject: d.orderId,
        userId: d.customerId,
        facts: {
          kind: 'order-shipped',
          orderId: d.orderId,
          carrier: d.carrier,
          trackingNumber: d.trackingNumber,
          address: d.address,
        },
      },
      d.correlationId,
    );
  }),
  on(OrderReadyForPickup, async (d) => {
    if (!d.customerId) return;
    await notify(
      deps,
      {
        kind: 'order-ready-for-pickup',
        subject: d.orderId,
        userId: d.customerId,
        facts: {
          kind: 'order-ready-for-pickup',
          orderId: d.orderId,
          storeName: storeLabel(d.locationId),
          pickupCode: d.pickupCode,
          deadline: d.pickupDeadline,
        },
      },
      d.correlationId,
    );
  }),
  on(OrderCancelled, async (d) => {
    if (!d.customerId) return;
    await notify(
      deps,
      {
        kind: 'order-cancelled',
        subject: d.orderId,
        userId: d.customerId,
        facts: { kind: 'order-cancelled', orderId: d.orderId, reason: d.reason, totalCents: d.totalCents },
      },
      d.correlationId,
    );
  }),
]);

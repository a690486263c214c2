import type { Order } from '#domain/sales/order.ts';

/** The public shape of an order (api.md): storage fields left out (no lease, fingerprint nor card token). */
export function orderView(o: Order) {
  const {
    version: _version,
    createdBy: _createdBy,
    lease: _lease,
    fingerprint: _fingerprint,
    attempt: _attempt,
    announced: _announced,
    ...view
  } = o;
  const { token: _token, ...payment } = o.payment;
  return { ...view, payment };
}

export type OrderView = ReturnType<typeof orderView>;

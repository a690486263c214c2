import * as z from 'zod/mini';

/**
 * What every fulfilment event says (functions/events/order-*.ts of source `comptoir.fulfilment`): the
 * order, how it is delivered, where it is served from, its customer, and who made the change.
 * Consumers (notifications, the audit trail) need nothing else to act on it.
 */
export const fulfilmentFields = {
  orderId: z.string(),
  method: z.enum(['ship', 'pickup']),
  /** The warehouse (ship) or the pickup store. */
  locationId: z.string(),
  customerId: z.optional(z.string()),
  /** The user who made the change, or `system` (the not-collected schedule). */
  by: z.string(),
};

export const FulfilmentLine = z.object({ productId: z.string(), name: z.string(), quantity: z.int() });

export const MailAddress = z.object({
  name: z.string(),
  street: z.string(),
  street2: z.optional(z.string()),
  city: z.string(),
  province: z.string(),
  postalCode: z.string(),
});

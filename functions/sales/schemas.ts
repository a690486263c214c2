import * as z from 'zod/mini';
import { maxLines, maxQuantity, orderStatuses, tillReturnReasons } from '#domain/sales/order.ts';
import { normalizePostalCode, provinces } from '#domain/sales/delivery.ts';
import { taxClasses } from '#domain/sales/pricing.ts';
import {
  Cents,
  Cursor,
  Id,
  IsoDateTime,
  Limit,
  LocationId,
  pageOf,
  defineRoutes,
} from '#functions/shared/schemas.ts';
import { PromoCodeText } from './promo-schemas.ts';

/** Request and response schemas of the sales routes (POS sales, carts, orders, returns). */
const Quantity = z.int().check(z.minimum(1), z.maximum(maxQuantity));
const Line = z.strictObject({ productId: Id, quantity: Quantity });
const Lines = z.array(Line).check(z.minLength(1), z.maxLength(maxLines));
const CardNumber = z.string().check(z.regex(/^\d{12,19}$/, 'must be 12–19 digits'));

const CashPayment = z.strictObject({
  method: z.literal('cash'),
  /** Cash handed over: must cover the total; the order keeps it and the change given back. */
  tenderedCents: z.optional(z.int().check(z.minimum(0), z.maximum(10_000_000))),
});
const CardPayment = z.strictObject({ method: z.literal('card'), cardNumber: CardNumber });

/** A discount at the till (docs/taxes.md, "Discounts"): a percentage or an amount, with a reason. */
const Reason = z.string().check(z.trim(), z.minLength(1), z.maxLength(100));
export const Discount = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('percent'),
    /** 0.01 to 100, two decimals at most (what a receipt prints, and a number DynamoDB can keep). */
    percent: z.number().check(
      z.gte(0.01),
      z.lte(100),
      z.refine((v) => Math.abs(v * 100 - Math.round(v * 100)) < 1e-6, 'two decimals at most'),
    ),
    reason: Reason,
  }),
  z.strictObject({
    kind: z.literal('amount'),
    amountCents: z.int().check(z.minimum(1), z.maximum(10_000_000)),
    reason: Reason,
  }),
]);
const SaleLine = z.strictObject({ productId: Id, quantity: Quantity, discount: z.optional(Discount) });

export const SaleParams = z.strictObject({ storeId: LocationId });
/** A till of a store: `till-1`, `caisse-2`… */
export const RegisterId = z
  .string()
  .check(z.regex(/^[a-z0-9][a-z0-9-]{0,31}$/, 'must be a till id such as till-1'));

const OfflineReceipt = z
  .string()
  .check(z.regex(/^HL-[a-z0-9][a-z0-9-]{0,31}-\d{1,9}$/, 'must be an offline receipt such as HL-till-1-3'));
/** Split tender at a till: part cash, part card (the card takes what the cash does not cover). */
const SplitTenders = z.tuple([
  z.strictObject({
    method: z.literal('cash'),
    amountCents: z.int().check(z.minimum(1), z.maximum(10_000_000)),
  }),
  z.strictObject({ method: z.literal('card'), cardNumber: CardNumber }),
]);

export const CreateSaleBody = z.strictObject({
  lines: z.array(SaleLine).check(z.minLength(1), z.maxLength(maxLines)),
  /** One way to pay the whole total (the existing contract); or `tenders`. */
  payment: z.optional(z.discriminatedUnion('method', [CashPayment, CardPayment])),
  /** Split tender: `[{method: 'cash', amountCents}, {method: 'card', cardNumber}]` instead of `payment`. */
  tenders: z.optional(SplitTenders),
  /** A discount on the whole basket. */
  discount: z.optional(Discount),
  /** A manager's approval (POST /auth/approvals) when the discounts are above the till's limit. */
  approvalToken: z.optional(z.string().check(z.maxLength(4096))),
  /** The till the sale is made at: it must have an open register session (absent: no register). */
  registerId: z.optional(RegisterId),
  /**
   * A sale the till made offline, sent when the network is back (docs/web.md): cash only; kept at
   * the prices and tax classes charged; short stock does not refuse it.
   */
  offline: z.optional(
    z.strictObject({
      /** When the till sold it. */
      soldAt: IsoDateTime,
      /** The receipt the till printed: HL-<registerId>-<n>. */
      receipt: OfflineReceipt,
      charged: z.strictObject({
        totalCents: z.int().check(z.minimum(0)),
        lines: z
          .array(
            z.strictObject({
              productId: Id,
              unitPriceCents: z.int().check(z.minimum(0)),
              taxClass: z.enum(taxClasses),
            }),
          )
          .check(z.minLength(1), z.maxLength(maxLines)),
      }),
    }),
  ),
});

export const QuoteBody = z.strictObject({
  /** The basket as the sale will send it, line discounts included. */
  lines: z.array(SaleLine).check(z.minLength(1), z.maxLength(maxLines)),
  /** Decides the cash rounding; both totals are answered either way. */
  method: z.optional(z.enum(['cash', 'card'])),
  /** The cashier's discount on the whole basket, as the sale will send it. */
  discount: z.optional(Discount),
});

export const RegisterParams = z.strictObject({ storeId: LocationId, registerId: RegisterId });
export const SessionParams = z.strictObject({ storeId: LocationId, registerId: RegisterId, sessionId: Id });
const DrawerCents = z.int().check(z.minimum(0), z.maximum(10_000_000));
export const OpenSessionBody = z.strictObject({ floatCents: DrawerCents });
export const CashMovementBody = z.strictObject({
  direction: z.enum(['in', 'out']),
  amountCents: z.int().check(z.minimum(1), z.maximum(10_000_000)),
  reason: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
});
export const CloseSessionBody = z.strictObject({ countedCents: DrawerCents });
export const StoreSessionsQuery = z.strictObject({ limit: Limit });

const CountAmount = z.object({ count: z.int(), amountCents: Cents });
export const SessionReport = z.object({
  salesCount: z.int(),
  sales: z.object({ cash: CountAmount, card: CountAmount, totalCents: Cents }),
  returns: z.object({
    count: z.int(),
    /** Of which voids (the till's last sale taken back whole). */
    voids: z.int(),
    cash: z.object({ amountCents: Cents }),
    card: z.object({ amountCents: Cents }),
    totalCents: Cents,
    /** The taxes the refunds gave back. */
    gstCents: Cents,
    qstCents: Cents,
  }),
  /** Sales minus refunds. */
  netCents: Cents,
  subtotalCents: Cents,
  gstCents: Cents,
  qstCents: Cents,
  roundingCents: Cents,
  discountCents: Cents,
  cashInCents: Cents,
  cashOutCents: Cents,
  floatCents: Cents,
  expectedCashCents: Cents,
  countedCents: z.optional(Cents),
  /** counted − expected: positive over, negative short. */
  overShortCents: z.optional(Cents),
  firstSaleId: z.optional(Id),
  lastSaleId: z.optional(Id),
  /** The first and last receipt numbers of the session's sales. */
  firstReceipt: z.optional(z.string()),
  lastReceipt: z.optional(z.string()),
});
export const Session = z.object({
  sessionId: Id,
  storeId: LocationId,
  registerId: z.string(),
  status: z.enum(['open', 'closed']),
  floatCents: Cents,
  openedAt: IsoDateTime,
  openedBy: z.string(),
  closedAt: z.optional(IsoDateTime),
  closedBy: z.optional(z.string()),
  salesInProgress: z.int(),
  saleIds: z.array(Id),
  /** The receipt numbers of the sales counted (the till lists them to take a return). */
  receipts: z.array(z.string()),
  /** The returns counted in the session, in order. */
  returnIds: z.array(Id),
  movements: z.array(
    z.object({
      id: z.string(),
      direction: z.enum(['in', 'out']),
      amountCents: Cents,
      reason: z.string(),
      at: IsoDateTime,
      by: z.string(),
    }),
  ),
  report: SessionReport,
});
const AppliedDiscount = z.object({
  scope: z.enum(['line', 'basket']),
  kind: z.enum(['percent', 'amount']),
  percent: z.optional(z.number()),
  amountCents: z.optional(Cents),
  productId: z.optional(Id),
  reason: z.string(),
  code: z.optional(z.string()),
  discountCents: Cents,
  /** The manager who approved it (a discount above the till's limit). */
  approvedBy: z.optional(z.object({ userId: z.string(), username: z.string() })),
});
const QuoteTotals = z.object({
  roundingCents: Cents,
  totalCents: Cents,
});
export const Quote = z.object({
  lines: z.array(
    z.object({
      productId: Id,
      name: z.string(),
      quantity: z.int(),
      unitPriceCents: Cents,
      lineTotalCents: Cents,
      taxClass: z.string(),
      discountCents: z.optional(Cents),
      stocked: z.optional(z.boolean()),
    }),
  ),
  subtotalCents: Cents,
  discountCents: z.optional(Cents),
  discounts: z.optional(z.array(AppliedDiscount)),
  /** The delivery charge priced with the basket (`priceBasket`): 0 at a till, nothing is shipped. */
  shippingCents: z.optional(Cents),
  taxLines: z.array(
    z.object({ taxClass: z.string(), taxableCents: Cents, gstCents: Cents, qstCents: Cents }),
  ),
  gstCents: Cents,
  qstCents: Cents,
  roundingCents: Cents,
  totalCents: Cents,
  /** The totals by tender: cash (rounded to 5 ¢) and card. */
  cash: QuoteTotals,
  card: QuoteTotals,
  /** The discounts are above the till's limit: the sale will need a manager's approval of `discountCents`. */
  approvalNeeded: z.optional(z.boolean()),
});

export const CartParams = z.strictObject({ cartId: Id });
export const CartItemParams = z.strictObject({ cartId: Id, productId: Id });
export const CartItemBody = z.strictObject({ quantity: z.int().check(z.minimum(0), z.maximum(maxQuantity)) });
const Text = (max: number) => z.string().check(z.trim(), z.minLength(1), z.maxLength(max));
/** A Canadian address: province code, postal code `A1A 1A1` (spaces and case free; checked against the province). */
export const Address = z.strictObject({
  name: Text(100),
  street: Text(200),
  street2: z.optional(z.string().check(z.trim(), z.maxLength(200))),
  city: Text(100),
  province: z.enum(provinces),
  postalCode: z
    .string()
    .check(
      z.refine((v) => normalizePostalCode(v) !== undefined, 'must be a Canadian postal code such as H2X 1Y4'),
    ),
  country: z.optional(z.literal('CA')),
  phone: z.optional(z.string().check(z.regex(/^[+\d][\d ().-]{6,24}$/, 'must be a phone number'))),
});
const ShippingOptionId = z.string().check(z.regex(/^[a-z][a-z0-9-]{0,31}$/, 'must be a shipping option id'));
export const DeliveryChoice = z.discriminatedUnion('method', [
  z.strictObject({
    method: z.literal('ship'),
    /** A shipping option of GET /delivery-options (default `standard`). */
    optionId: z.optional(ShippingOptionId),
    address: Address,
  }),
  z.strictObject({ method: z.literal('pickup'), storeId: LocationId }),
]);
export const CheckoutBody = z
  .strictObject({
    payment: CardPayment,
    /** Shipped from the warehouse to `address`, or picked up at the store `storeId` (sold from its stock). */
    delivery: z.optional(DeliveryChoice),
    /**
     * Deprecated (clients from before delivery choices): an address on one line, shipped from the
     * warehouse without a shipping option nor charge. `delivery` replaces it; one of the two is required.
     */
    shippingAddress: z.optional(z.string().check(z.trim(), z.minLength(5), z.maxLength(500))),
    /** A promo code (one per order; docs/taxes.md, "Promo codes"). */
    promoCode: z.optional(PromoCodeText),
  })
  .check(
    z.refine((b) => (b.delivery === undefined) !== (b.shippingAddress === undefined), {
      message: 'give either delivery or shippingAddress',
      path: ['delivery'],
    }),
  );
/** With `promoCode`: the cart priced with that code's discount, as the checkout would (or why it is refused). */
export const CartQuery = z.strictObject({
  promoCode: z.optional(PromoCodeText),
  /** A shipping option of GET /delivery-options: the delivery charge and its taxes are in the total. */
  shipping: z.optional(ShippingOptionId),
});

export const OrderParams = z.strictObject({ orderId: Id });
const DateOrTime = z
  .string()
  .check(
    z.regex(
      /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z)?$/,
      'must be a date (2026-01-31) or an ISO-8601 UTC time',
    ),
  );
export const ListOrdersQuery = z.strictObject({
  /** Optional for a customer (their own orders) and a cashier (their store); managers and ops must name one. */
  locationId: z.optional(
    LocationId.check(
      z.describe(
        'The store (or warehouse, for web orders) whose orders to list. A customer lists their own orders and ' +
          "a cashier's default to their store; a manager or ops must name it (400 query.locationId: required): " +
          'there is no chain-wide listing of orders',
      ),
    ),
  ),
  from: z.optional(DateOrTime),
  to: z.optional(DateOrTime),
  /** Default: sales only (confirmed, partially-returned, returned); `all` includes failed and pending. */
  status: z.optional(z.enum([...orderStatuses, 'all'])),
  limit: Limit,
  cursor: z.optional(Cursor),
});
export const ReturnBody = z.strictObject({
  lines: Lines,
  /** A manager's approval (POST /auth/approvals, action `return`) of a refund above the till's limit. */
  approvalToken: z.optional(z.string().check(z.minLength(1), z.maxLength(4096))),
  /**
   * The till taking the return: it belongs to the till's open register session (none open: 409
   * register-closed, nothing refunded) and is counted in its Z-report. Absent: no register.
   */
  registerId: z.optional(RegisterId),
  /** Why the units come back; `void`: the till's last sale taken back whole (with `registerId`). */
  reason: z.optional(z.enum(tillReturnReasons)),
});
/** A receipt number as printed (`store-1-till-1-42`). */
/** A basket parked at a till (domain/sales/parked.ts). */
export const ParkBody = z.strictObject({
  label: z.string().check(z.minLength(1), z.maxLength(100)),
  lines: z.array(SaleLine).check(z.minLength(1), z.maxLength(maxLines)),
  discount: z.optional(Discount),
  registerId: z.optional(RegisterId),
});
const ParkedDiscount = z.object({
  kind: z.enum(['percent', 'amount']),
  percent: z.optional(z.number()),
  amountCents: z.optional(Cents),
  reason: z.string(),
});
export const ParkedBasket = z.object({
  id: Id,
  storeId: LocationId,
  label: z.string(),
  lines: z.array(z.object({ productId: Id, quantity: z.int(), discount: z.optional(ParkedDiscount) })),
  discount: z.optional(ParkedDiscount),
  registerId: z.optional(z.string()),
  parkedAt: IsoDateTime,
  parkedBy: z.string(),
});
export const ParkedParams = z.strictObject({ storeId: LocationId, basketId: Id });
export const ReceiptParams = z.strictObject({
  storeId: LocationId,
  receiptNumber: z
    .string()
    .check(z.regex(/^[a-z0-9][a-z0-9-]{0,80}$/, 'must be a receipt number such as store-1-till-1-42')),
});

const SagaStep = z.object({
  name: z.string(),
  status: z.enum(['completed', 'failed', 'compensated']),
  at: IsoDateTime,
  detail: z.optional(z.string()),
  /** Who ran the step: the saga's run or the recovery (docs/checkout-saga.md). */
  actor: z.optional(z.enum(['saga', 'recovery'])),
});

/** Taxes of one class on a receipt or a refund (docs/taxes.md). */
const TaxLine = z.object({
  taxClass: z.enum(taxClasses),
  taxableCents: Cents,
  gstCents: Cents,
  qstCents: Cents,
});

export const Order = z.object({
  id: Id,
  channel: z.enum(['pos', 'web']),
  locationId: LocationId,
  status: z.enum(orderStatuses),
  lines: z.array(
    z.object({
      productId: Id,
      name: z.string(),
      quantity: z.int(),
      unitPriceCents: Cents,
      /** What the line sold for, after its discounts. */
      lineTotalCents: Cents,
      taxClass: z.optional(z.enum(taxClasses)),
      discountCents: z.optional(Cents),
      /** `false`: made to order, sold without stock. */
      stocked: z.optional(z.boolean()),
      returnedQuantity: z.int(),
    }),
  ),
  /** Before discounts. */
  subtotalCents: Cents,
  /** Every discount of the order (lines' and basket's). */
  discountCents: z.optional(Cents),
  discounts: z.optional(z.array(AppliedDiscount)),
  /** Tax per class; they add up to gstCents and qstCents. */
  taxLines: z.optional(z.array(TaxLine)),
  gstCents: Cents,
  qstCents: Cents,
  /** Cash rounding to the nearest 5 ¢ (−2 to +2; 0 for card). */
  roundingCents: Cents,
  totalCents: Cents,
  payment: z.object({
    method: z.enum(['cash', 'card']),
    status: z.string(),
    amountCents: Cents,
    refundedCents: Cents,
    cardLast4: z.optional(z.string()),
    /** The provider's capture reference. */
    captureId: z.optional(z.string()),
  }),
  failure: z.optional(
    z.object({
      code: z.string(),
      detail: z.string(),
      /** Nothing was charged nor held: a retry with the same key runs the order again. */
      retryable: z.optional(z.boolean()),
      lines: z.optional(z.array(z.object({ productId: Id, requested: z.int(), available: z.int() }))),
    }),
  ),
  steps: z.array(SagaStep),
  returns: z.array(
    z.object({
      id: z.string(),
      lines: z.array(Line),
      amountCents: Cents,
      /** The refunded amounts and taxes per class. */
      taxLines: z.optional(z.array(TaxLine)),
      at: IsoDateTime,
      /** `pending` until refunded and restocked, then `completed`. */
      status: z.optional(z.enum(['pending', 'completed'])),
      /** The till's reason, or a web order's units given back by its cancellation or not collected in time. */
      reason: z.optional(z.enum([...tillReturnReasons, 'cancelled', 'not-collected'])),
      /** A split-tender sale's refund: what went back in cash and to the card. */
      tenders: z.optional(z.array(z.object({ method: z.enum(['cash', 'card']), amountCents: Cents }))),
      /** The till and register session that took the return (absent: no register). */
      registerId: z.optional(z.string()),
      sessionId: z.optional(Id),
    }),
  ),
  customerId: z.optional(z.string()),
  shippingAddress: z.optional(z.string()),
  /** Web orders: shipped (option, address, shipping charged) or picked up at `storeId`. */
  delivery: z.optional(
    z.union([
      z.object({ method: z.literal('ship'), optionId: z.string(), address: Address, shippingCents: Cents }),
      z.object({ method: z.literal('pickup'), storeId: LocationId, shippingCents: Cents }),
    ]),
  ),
  /** Delivery charged, before taxes (its taxes are in `taxLines`). */
  shippingCents: z.optional(Cents),
  /** The cart a web order was checked out from. */
  cartId: z.optional(Id),
  /** The till and register session of a sale made at a till (absent: no register). */
  registerId: z.optional(z.string()),
  sessionId: z.optional(Id),
  /** Split tender: the cash part and the card part (absent: the whole total by `payment.method`). */
  tenders: z.optional(z.array(z.object({ method: z.enum(['cash', 'card']), amountCents: Cents }))),
  /** The till's receipt number (`<storeId>-<registerId>-<n>`), once a sale at a till is confirmed. */
  receiptNumber: z.optional(z.string()),
  /** Cash tendered and change given (cash sales that said what was tendered). */
  tenderedCents: z.optional(Cents),
  changeCents: z.optional(Cents),
  /** A sale the till made offline, synced later (docs/web.md). */
  offline: z.optional(
    z.object({
      soldAt: IsoDateTime,
      receipt: z.string(),
      /** Products whose catalog price or tax class changed since: the sale kept what was charged. */
      priceDifferences: z.optional(
        z.array(
          z.object({
            productId: Id,
            chargedCents: Cents,
            catalogCents: Cents,
            chargedTaxClass: z.enum(taxClasses),
            catalogTaxClass: z.enum(taxClasses),
          }),
        ),
      ),
    }),
  ),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});

const Rate = z.union([
  z.object({ kind: z.literal('flat'), cents: Cents }),
  z.object({ kind: z.literal('basket'), tiers: z.array(z.object({ fromCents: Cents, cents: Cents })) }),
]);
export const DeliveryOptionsQuery = z.strictObject({
  /** Merchandise amount of the basket (cents, before taxes): each option then says what it costs. */
  subtotalCents: z.optional(z.coerce.number().check(z.int(), z.minimum(0), z.maximum(100_000_000))),
});
export const DeliveryOptions = z.object({
  shipping: z.array(
    z.object({
      id: z.string(),
      rate: Rate,
      days: z.object({ min: z.int(), max: z.int() }),
      priceCents: z.optional(Cents),
    }),
  ),
  pickup: z.object({ stores: z.array(z.object({ storeId: LocationId, name: z.string() })) }),
});

export const Cart = z.object({
  cartId: Id,
  status: z.enum(['open', 'checking-out', 'checked-out']),
  orderId: z.optional(Id),
  lines: z.array(
    z.object({
      productId: Id,
      name: z.string(),
      quantity: z.int(),
      unitPriceCents: Cents,
      lineTotalCents: Cents,
      taxClass: z.optional(z.enum(taxClasses)),
      /** This line's part of the promo code's discount. */
      discountCents: z.optional(Cents),
      stocked: z.optional(z.boolean()),
    }),
  ),
  subtotalCents: Cents,
  /** With a promo code: what it takes off, and the discount as applied. */
  discountCents: z.optional(Cents),
  discounts: z.optional(z.array(AppliedDiscount)),
  /** With `?shipping=`: the delivery charge before taxes (its taxes are in gstCents/qstCents and the total). */
  shippingCents: z.optional(Cents),
  taxLines: z.optional(z.array(TaxLine)),
  gstCents: Cents,
  qstCents: Cents,
  totalCents: Cents,
});

/** The sales routes' contracts (functions/shared/contract.ts). */
export const salesApi = defineRoutes({
  'POST /locations/{storeId}/sales': {
    params: SaleParams,
    body: CreateSaleBody,
    responses: { 201: Order },
    idempotency: { table: 'sales', required: true, mode: 'entity' },
    problems: [402, 404, 409, 422, 503],
  },
  'POST /carts': {
    responses: { 201: z.object({ cartId: Id }) },
    idempotency: { table: 'sales', required: false, mode: 'entity' },
  },
  'GET /carts/{cartId}': {
    params: CartParams,
    query: CartQuery,
    responses: { 200: Cart },
    problems: [409, 422],
  },
  'PUT /carts/{cartId}/items/{productId}': {
    params: CartItemParams,
    body: CartItemBody,
    responses: { 200: Cart },
    problems: [409, 422],
  },
  'POST /locations/{storeId}/quotes': {
    params: SaleParams,
    body: QuoteBody,
    responses: { 200: Quote },
    problems: [422],
  },
  'POST /locations/{storeId}/registers/{registerId}/sessions': {
    params: RegisterParams,
    body: OpenSessionBody,
    responses: { 201: Session },
    idempotency: { table: 'sales', required: true, mode: 'entity' },
    problems: [409],
  },
  'GET /locations/{storeId}/registers/{registerId}/session': {
    params: RegisterParams,
    responses: { 200: Session },
  },
  'POST /locations/{storeId}/registers/{registerId}/sessions/{sessionId}/cash-movements': {
    params: SessionParams,
    body: CashMovementBody,
    responses: { 201: Session },
    idempotency: { table: 'sales', required: true, mode: 'entity' },
    problems: [409],
  },
  'POST /locations/{storeId}/registers/{registerId}/sessions/{sessionId}/close': {
    params: SessionParams,
    body: CloseSessionBody,
    responses: { 200: Session },
    idempotency: { table: 'sales', required: true, mode: 'entity' },
    problems: [409],
  },
  'GET /locations/{storeId}/sessions': {
    params: SaleParams,
    query: StoreSessionsQuery,
    responses: { 200: z.object({ storeId: LocationId, tills: z.array(Session), closed: z.array(Session) }) },
  },
  'POST /carts/{cartId}/checkout': {
    params: CartParams,
    body: CheckoutBody,
    responses: { 201: Order },
    idempotency: { table: 'sales', required: true, mode: 'entity' },
    problems: [402, 409, 422, 503],
  },
  'GET /orders/{orderId}': { params: OrderParams, responses: { 200: Order } },
  'GET /locations/{storeId}/receipts/{receiptNumber}': { params: ReceiptParams, responses: { 200: Order } },
  'POST /locations/{storeId}/parked-baskets': {
    params: SaleParams,
    body: ParkBody,
    responses: { 201: ParkedBasket },
    idempotency: { table: 'sales', required: true },
  },
  'GET /locations/{storeId}/parked-baskets': {
    params: SaleParams,
    responses: { 200: z.object({ items: z.array(ParkedBasket) }) },
  },
  'DELETE /locations/{storeId}/parked-baskets/{basketId}': {
    params: ParkedParams,
    responses: { 200: ParkedBasket },
  },
  'GET /delivery-options': { query: DeliveryOptionsQuery, responses: { 200: DeliveryOptions } },
  'GET /orders': { query: ListOrdersQuery, responses: { 200: pageOf(Order) } },
  'POST /orders/{orderId}/returns': {
    params: OrderParams,
    body: ReturnBody,
    responses: { 201: Order },
    idempotency: { table: 'sales', required: true, mode: 'entity' },
    problems: [409, 422, 503],
  },
});

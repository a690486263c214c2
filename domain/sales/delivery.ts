import { DomainError, RuleViolation } from '../shared/errors.ts';
import { m } from '../shared/message.ts';

/**
 * How a web order reaches its customer: shipped from the central warehouse to a Canadian address
 * (an option with its price: flat, or by basket amount), or picked up at a store of the customer's
 * choice, sold from that store's stock (the checkout saga reserves at the order's `locationId`).
 * Pure: rates come in as configuration, money is integer cents (CAD).
 */
export const provinces = [
  'AB',
  'BC',
  'MB',
  'NB',
  'NL',
  'NS',
  'NT',
  'NU',
  'ON',
  'PE',
  'QC',
  'SK',
  'YT',
] as const;
export type Province = (typeof provinces)[number];

/**
 * The first letter of the postal codes of each province (Canada Post's forward sortation areas):
 * a code that does not belong to the province named is refused, it would never be delivered.
 */
const postalLetters: Readonly<Record<Province, string>> = {
  NL: 'A',
  NS: 'B',
  PE: 'C',
  NB: 'E',
  QC: 'GHJ',
  ON: 'KLMNP',
  MB: 'R',
  SK: 'S',
  AB: 'T',
  BC: 'V',
  NT: 'X',
  NU: 'X',
  YT: 'Y',
};

/** A delivery address in Canada, as the order keeps it (postal code normalized to `A1A 1A1`). */
export interface Address {
  readonly name: string;
  readonly street: string;
  readonly street2?: string;
  readonly city: string;
  readonly province: Province;
  readonly postalCode: string;
  readonly country: 'CA';
  readonly phone?: string;
}

/** Canada Post's format: letter digit letter, space, digit letter digit; never D, F, I, O, Q, U; no W or Z first. */
const postalCodeRule = /^([ABCEGHJ-NPRSTVXY])(\d)([ABCEGHJ-NPRSTV-Z]) ?(\d)([ABCEGHJ-NPRSTV-Z])(\d)$/;

/** `h2x1y4` → `H2X 1Y4`, or undefined when it is not a Canadian postal code. */
export function normalizePostalCode(raw: string): string | undefined {
  const match = postalCodeRule.exec(raw.trim().toUpperCase().replace(/\s+/g, ' '));
  if (!match) return undefined;
  const [, a, b, c, d, e, f] = match;
  return `${a}${b}${c} ${d}${e}${f}`;
}

/** Checks and normalizes an address; a RuleViolation names the field that is wrong. */
export function checkAddress(address: Address): Address {
  const postalCode = normalizePostalCode(address.postalCode);
  if (!postalCode)
    throw new RuleViolation('postalCode', 'postal code must be a Canadian postal code such as H2X 1Y4');
  if (!provinces.includes(address.province))
    throw new RuleViolation('province', 'province must be a Canadian province or territory code such as QC');
  if (!postalLetters[address.province].includes(postalCode[0]!))
    throw new RuleViolation(
      'postalCode',
      m`postal code ${postalCode} is not in province ${address.province}`,
    );
  for (const field of ['name', 'street', 'city'] as const)
    if (address[field].trim() === '') throw new RuleViolation(field, m`${field} must not be empty`);
  return {
    name: address.name.trim(),
    street: address.street.trim(),
    ...(address.street2?.trim() ? { street2: address.street2.trim() } : {}),
    city: address.city.trim(),
    province: address.province,
    postalCode,
    country: 'CA',
    ...(address.phone?.trim() ? { phone: address.phone.trim() } : {}),
  };
}

/** An address on one line, as a label or the order's legacy `shippingAddress`. */
export const addressLine = (a: Address): string =>
  [a.name, a.street, a.street2, `${a.city} (${a.province}) ${a.postalCode}`, 'Canada']
    .filter(Boolean)
    .join(', ');

/**
 * A shipping option's price: `flat` — the same price for any basket; `basket` — by the merchandise
 * amount (after discounts, before taxes), the last tier whose `fromCents` the basket reaches (e.g.
 * 9,95 $ under 75 $, free from 75 $).
 */
export type ShippingRate =
  | { readonly kind: 'flat'; readonly cents: number }
  | {
      readonly kind: 'basket';
      readonly tiers: readonly { readonly fromCents: number; readonly cents: number }[];
    };

export interface ShippingOption {
  readonly id: string;
  readonly rate: ShippingRate;
  /** Business days from shipping to the door, as told to the customer. */
  readonly days: { readonly min: number; readonly max: number };
}

/** The chain's shipping options (functions/sales/delivery-options.ts may replace them from configuration). */
export const defaultShippingOptions: readonly ShippingOption[] = [
  {
    id: 'standard',
    rate: {
      kind: 'basket',
      tiers: [
        { fromCents: 0, cents: 995 },
        { fromCents: 7500, cents: 0 },
      ],
    },
    days: { min: 2, max: 5 },
  },
  { id: 'express', rate: { kind: 'flat', cents: 1995 }, days: { min: 1, max: 2 } },
];

/** What shipping `option` costs for a basket of `merchandiseCents` (before taxes). */
export function shippingCharge(option: ShippingOption, merchandiseCents: number): number {
  if (option.rate.kind === 'flat') return option.rate.cents;
  const tiers = [...option.rate.tiers].sort((a, b) => a.fromCents - b.fromCents);
  let cents = tiers[0]?.cents ?? 0;
  for (const tier of tiers) if (merchandiseCents >= tier.fromCents) cents = tier.cents;
  return cents;
}

/** What the customer asked for at checkout. */
export type DeliveryChoice =
  | { readonly method: 'ship'; readonly optionId: string; readonly address: Address }
  | { readonly method: 'pickup'; readonly storeId: string };

/** How the order is delivered, as the order, its receipt and its events carry it. */
export type Delivery =
  | {
      readonly method: 'ship';
      readonly optionId: string;
      readonly address: Address;
      /** Shipping charged, before taxes (taxed with the goods: domain/sales/pricing.ts). */
      readonly shippingCents: number;
    }
  | { readonly method: 'pickup'; readonly storeId: string; readonly shippingCents: 0 };

export const deliveryMethods = ['ship', 'pickup'] as const;

/** What the catalog says of a product, as delivery needs it. */
export interface ShippingFacts {
  readonly productId: string;
  readonly name: string;
  /** `false`: made to order or fresh, sold for pickup only. Absent: shippable. */
  readonly shippable?: boolean;
}

/** The shipping option `optionId` of `options` (RuleViolation `optionId` naming those that exist). */
export function shippingOption(options: readonly ShippingOption[], optionId: string): ShippingOption {
  const option = options.find((o) => o.id === optionId);
  if (!option)
    throw new RuleViolation(
      'optionId',
      m`shipping option ${optionId} does not exist (${options.map((o) => o.id).join(', ')})`,
    );
  return option;
}

/**
 * Where a web order is sold from and what its delivery costs. Shipping: from `central` (the
 * warehouse), every product must be shippable (`not-shippable` names those that are not), the option
 * must exist. Pickup: from the chosen store, which must be one of `stores`; no charge.
 */
export function planDelivery(input: {
  readonly choice: DeliveryChoice;
  readonly products: readonly ShippingFacts[];
  readonly merchandiseCents: number;
  readonly options: readonly ShippingOption[];
  readonly stores: readonly string[];
  readonly central: string;
}): { readonly locationId: string; readonly delivery: Delivery } {
  const { choice } = input;
  if (choice.method === 'pickup') {
    if (!input.stores.includes(choice.storeId))
      throw new RuleViolation('storeId', m`${choice.storeId} is not a store where orders can be picked up`);
    return {
      locationId: choice.storeId,
      delivery: { method: 'pickup', storeId: choice.storeId, shippingCents: 0 },
    };
  }
  const option = shippingOption(input.options, choice.optionId);
  const pickupOnly = input.products.filter((p) => p.shippable === false);
  if (pickupOnly.length > 0)
    throw new DomainError(
      'not-shippable',
      m`These products can only be picked up in store: ${pickupOnly.map((p) => p.name).join(', ')}`,
      { productIds: pickupOnly.map((p) => p.productId) },
    );
  return {
    locationId: input.central,
    delivery: {
      method: 'ship',
      optionId: option.id,
      address: checkAddress(choice.address),
      shippingCents: shippingCharge(option, input.merchandiseCents),
    },
  };
}

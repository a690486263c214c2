import { defineEvent } from './define.ts';
import { StockAlertPayload } from './stock-alert.ts';

/** Published by inventory once per crossing when a product at a location is overstocked (above the over threshold). */
export const Overstock = defineEvent({
  name: 'Overstock',
  source: 'comptoir.inventory',
  version: 1,
  schema: StockAlertPayload,
});

import { defineEvent } from './define.ts';
import { StockAlertPayload } from './stock-alert.ts';

/** Published by inventory once per crossing when a product at a location runs low (below the low threshold, above 0). */
export const StockLow = defineEvent({
  name: 'StockLow',
  source: 'comptoir.inventory',
  version: 1,
  schema: StockAlertPayload,
});

import { defineEvent } from './define.ts';
import { StockAlertPayload } from './stock-alert.ts';

/** Published by inventory once per crossing when a product at a location is out (nothing available). */
export const StockOut = defineEvent({
  name: 'StockOut',
  source: 'comptoir.inventory',
  version: 1,
  schema: StockAlertPayload,
});

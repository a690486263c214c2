import { defineEvent } from './define.ts';
import { StockAlertPayload } from './stock-alert.ts';

/** Published by inventory once per crossing when a product at a location is back between its thresholds after an alert. */
export const StockBackToNormal = defineEvent({
  name: 'StockBackToNormal',
  source: 'comptoir.inventory',
  version: 1,
  schema: StockAlertPayload,
});

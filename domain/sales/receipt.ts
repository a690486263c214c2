/**
 * Receipt numbers of the tills: short, human and sequential per till — `<storeId>-<registerId>-<n>`
 * (`store-1-till-1-42`), n counting from 1 without gaps. An offline sale carries the till's own
 * `HL-<registerId>-<n>` (`offlineReceipt`) until the server numbers it.
 */
export const receiptNumberOf = (storeId: string, registerId: string, n: number): string =>
  `${storeId}-${registerId}-${n}`;

/** The till's counter: the last number handed out and the order that claimed it (none yet: n = 0). */
export interface ReceiptCounter {
  readonly n: number;
  readonly orderId?: string;
}

import { sagaTask } from '#functions/shared/saga-task.ts';
import { salesDeps } from '../deps.ts';
import { refundPayment } from './steps.ts';

/** Saga step "refund-payment": see refundPayment in ./steps.ts. */
const deps = salesDeps();

export const handler = sagaTask('refund-payment', (state) => refundPayment(deps, state));

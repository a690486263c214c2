import { sagaTask } from '#functions/shared/saga-task.ts';
import { salesDeps } from '../deps.ts';
import { takePayment } from './steps.ts';

/** Saga step "take-payment": see takePayment in ./steps.ts. */
const deps = salesDeps();

export const handler = sagaTask('take-payment', (state) => takePayment(deps, state));

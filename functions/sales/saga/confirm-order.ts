import { sagaTask } from '#functions/shared/saga-task.ts';
import { salesDeps } from '../deps.ts';
import { confirmOrder } from './steps.ts';

/** Saga step "confirm-order": see confirmOrder in ./steps.ts. */
const deps = salesDeps();

export const handler = sagaTask('confirm-order', (state) => confirmOrder(deps, state));

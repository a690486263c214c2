import { sagaTask } from '#functions/shared/saga-task.ts';
import { salesDeps } from '../deps.ts';
import { assessOrder } from './steps.ts';

/** Saga step "assess-order": see assessOrder in ./steps.ts. */
const deps = salesDeps();

export const handler = sagaTask('assess-order', (state) => assessOrder(deps, state));

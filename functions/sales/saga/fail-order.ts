import { sagaTask } from '#functions/shared/saga-task.ts';
import { salesDeps } from '../deps.ts';
import { failOrder } from './steps.ts';

/** Saga step "fail-order": see failOrder in ./steps.ts. */
const deps = salesDeps();

export const handler = sagaTask('fail-order', (state) => failOrder(deps, state));

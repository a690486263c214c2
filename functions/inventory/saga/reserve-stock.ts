import { sagaTask } from '#functions/shared/saga-task.ts';
import { inventorySagaDeps } from './deps.ts';
import { reserveStock } from './steps.ts';

/** Saga step "reserve-stock": see reserveStock in ./steps.ts. */
const deps = inventorySagaDeps();

export const handler = sagaTask('reserve-stock', (state) => reserveStock(deps, state));

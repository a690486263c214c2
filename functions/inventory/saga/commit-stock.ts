import { sagaTask } from '#functions/shared/saga-task.ts';
import { inventorySagaDeps } from './deps.ts';
import { commitStock } from './steps.ts';

/** Saga step "commit-stock": see commitStock in ./steps.ts. */
const deps = inventorySagaDeps();

export const handler = sagaTask('commit-stock', (state) => commitStock(deps, state));

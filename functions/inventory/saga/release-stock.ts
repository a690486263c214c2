import { sagaTask } from '#functions/shared/saga-task.ts';
import { inventorySagaDeps } from './deps.ts';
import { releaseStock } from './steps.ts';

/** Saga step "release-stock": see releaseStock in ./steps.ts. */
const deps = inventorySagaDeps();

export const handler = sagaTask('release-stock', (state) => releaseStock(deps, state));

import { DynamoRegisterRepository } from './adapters/register-repository.ts';
import { salesDeps } from './deps.ts';
import type { RegisterDeps } from './register-service.ts';

/** Sales wiring plus the tills' register sessions. */
export const registerDeps = (): RegisterDeps => ({
  ...salesDeps(),
  registers: new DynamoRegisterRepository(),
});

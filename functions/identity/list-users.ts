import { httpHandler, json } from '#functions/shared/http.ts';
import { identityDeps } from './deps.ts';
import { listUsers } from './identity-service.ts';
import { ListUsersQuery } from './schemas.ts';

const deps = identityDeps();

export const handler = httpHandler({ route: 'GET /users', query: ListUsersQuery }, async ({ query }) =>
  json(200, await listUsers(deps, query)),
);

import { callerOf } from '#functions/shared/access.ts';
import { httpHandler, json } from '#functions/shared/http.ts';
import { identityDeps } from './deps.ts';
import { addUser } from './identity-service.ts';
import { CreateUserBody } from './schemas.ts';

const deps = identityDeps();

export const handler = httpHandler({ route: 'POST /users', body: CreateUserBody }, async (req) =>
  json(201, await addUser(deps, req.body, callerOf(req))),
);

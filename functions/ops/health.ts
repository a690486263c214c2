import { httpHandler, json } from '#functions/shared/http.ts';
import { opsApi } from './schemas.ts';

export const handler = httpHandler(opsApi['GET /health'], async () =>
  json(200, {
    status: 'ok',
    service: 'comptoir',
    version: process.env.COMPTOIR_VERSION ?? '0.0.0',
    node: process.version,
    region: process.env.AWS_REGION,
    time: new Date().toISOString(),
  }),
);

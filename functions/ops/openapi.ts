import { httpHandler, json } from '#functions/shared/http.ts';
import { openApiDocument } from './openapi-document.ts';
import { opsApi } from './schemas.ts';

let cached: Record<string, unknown> | undefined;

export const handler = httpHandler(opsApi['GET /openapi.json'], async () => {
  cached ??= openApiDocument(process.env.COMPTOIR_VERSION ?? '0.0.0');
  return json(200, cached, { 'cache-control': 'public, max-age=300' });
});

import { httpHandler, json } from '#functions/shared/http.ts';
import { idFromKey } from '#functions/shared/idempotency.ts';
import { reportingDeps } from './deps.ts';
import { createExport } from './reporting-service.ts';
import { reportingApi } from './schemas.ts';

const deps = reportingDeps();

export const handler = httpHandler(
  reportingApi['POST /reports/exports'],
  async ({ body, caller, idempotency }) => {
    const made = await createExport(deps, body, {
      trigger: 'manual',
      createdBy: caller?.username,
      exportId: idempotency ? idFromKey('exp', idempotency.scope, idempotency.key) : undefined,
    });
    return json(
      201,
      { exportId: made.export.exportId, export: made.export },
      { location: `/reports/exports/${made.export.exportId}` },
    );
  },
);

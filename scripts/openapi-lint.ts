import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openApiDocument } from '#functions/ops/openapi-document.ts';

/**
 * `npm run lint:openapi` (part of `npm run lint`, so of `npm test`): the OpenAPI document that
 * `GET /openapi.json` serves, generated from the route table and the routes' contracts, linted by
 * Redocly CLI with its recommended rules (redocly.yaml says which rules differ, and why). Fails on
 * any error or warning. Offline: no telemetry, no update check.
 */
const dir = mkdtempSync(join(tmpdir(), 'comptoir-openapi-'));
try {
  const file = join(dir, 'openapi.json');
  writeFileSync(file, JSON.stringify(openApiDocument('0.0.0-lint'), null, 2));
  const result = spawnSync(
    process.execPath,
    [
      'node_modules/@redocly/cli/bin/cli.js',
      'lint',
      file,
      '--config',
      'redocly.yaml',
      '--max-problems',
      '50',
    ],
    {
      stdio: 'inherit',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true', CI: 'true' },
    },
  );
  process.exitCode = result.status ?? 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}

import { resolve } from 'node:path';
import { startRuntime } from '../local/runtime.ts';

/**
 * `npm run rebuild:read-models`: makes the read models built from the stock equal to it again, on
 * the local data folder (COMPTOIR_DATA_DIR, default .data) — today the current-alerts read model,
 * by the same job as the `reporting-alerts-reconciliation` schedule (which `npm start` also runs
 * at each start). Stop `npm start` first: the data folder is one process's at a time.
 */
const dataDir = resolve(process.env.COMPTOIR_DATA_DIR ?? '.data');
const runtime = await startRuntime({ port: 0, dataDir, seed: false }).catch((error: unknown) => {
  process.stderr.write(
    `Cannot open ${dataDir} (is npm start running on it? stop it first): ${String(error)}\n`,
  );
  process.exit(1);
});
try {
  await runtime.recovered;
  const alerts = (await runtime.scheduler.trigger('reporting-alerts-reconciliation')) as {
    lines: number;
    repaired: number;
  };
  process.stdout.write(
    `Read models rebuilt in ${dataDir}: the current alerts match the ${alerts.lines} stock lines (${alerts.repaired} entries repaired by this run)\n`,
  );
} finally {
  await runtime.stop();
}

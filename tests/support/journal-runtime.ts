import { appendFileSync } from 'node:fs';
import { startRuntime } from '#local/runtime.ts';

/**
 * A local runtime in a process of its own, for the crash tests of the event journal
 * (tests/integration/event-journal.test.ts): `node tests/support/journal-runtime.ts <dataDir> <log> <mode>`.
 * Besides the product's rules it has one test rule: events with source `test.journal` go to a consumer
 * that appends `<mode> <event id>` to `<log>`; in mode `stuck` it then never completes (a delivery the
 * crash will cut short). Prints one JSON line once ready: url, bus endpoint, resumed deliveries.
 */
const [dataDir, log, mode] = process.argv.slice(2);
if (!dataDir || !log || (mode !== 'stuck' && mode !== 'deliver')) {
  process.stderr.write('usage: journal-runtime.ts <dataDir> <log file> <stuck|deliver>\n');
  process.exit(2);
}

const runtime = await startRuntime({
  port: 0,
  dataDir,
  seed: false,
  extraEventRules: [
    {
      name: 'test-journal-probe',
      description: 'test only: records each delivery',
      eventPattern: { source: ['test.journal'] },
      target: 'test/journal-probe',
      retryAttempts: 2,
      maxEventAgeSeconds: 3600,
      tables: [],
      handler: async (event) => {
        appendFileSync(log, `${mode} ${event.id}\n`);
        if (mode === 'stuck') await new Promise(() => undefined);
      },
    },
  ],
});
// Before the ready line: the parent may signal as soon as it reads it.
process.on('SIGTERM', () => {
  void runtime.stop().then(() => process.exit(0));
});
process.stdout.write(
  `${JSON.stringify({ url: runtime.url, bus: runtime.bus.endpoint, resumedDeliveries: runtime.resumedDeliveries })}\n`,
);

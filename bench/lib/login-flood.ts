import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { LatencyHistogram, round } from './histogram.ts';

/**
 * A flood of `POST /auth/login` with unknown usernames, run in a process of its own (an attacker is
 * not the tills' machine, and its loops must not delay the measuring process):
 * `node bench/lib/login-flood.ts <url> <clients> <seconds> <address prefix>|<one address>`.
 * Each of `clients` loops sends its next attempt as soon as the previous answer arrives, from its own
 * source address when the last argument ends with `.` (`127.0.2.` → 127.0.2.1, 127.0.2.2, …), else all
 * from that one address. Prints the figures as one JSON line when done.
 */
export interface FloodResult {
  readonly clients: number;
  readonly addresses: number;
  readonly attempts: number;
  readonly attemptsPerSec: number;
  readonly statusCodes: Record<string, number>;
  readonly errors: number;
  readonly latency: ReturnType<LatencyHistogram['summary']>;
}

async function flood(url: string, clients: number, seconds: number, from: string): Promise<FloodResult> {
  const target = new URL('/auth/login', url);
  const histogram = new LatencyHistogram();
  const statusCodes: Record<string, number> = {};
  let errors = 0;
  let attempts = 0;
  const started = performance.now();
  const endAt = started + seconds * 1000;
  const addressOf = (i: number) => (from.endsWith('.') ? `${from}${i + 1}` : from);
  const attempt = (agent: Agent, localAddress: string) =>
    new Promise<void>((resolve) => {
      const body = JSON.stringify({ username: `flood-${randomUUID()}`, password: 'not-a-password-123' });
      const t0 = performance.now();
      const req = request(
        {
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          agent,
          localAddress,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
          timeout: 30_000,
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            histogram.recordMs(performance.now() - t0);
            statusCodes[res.statusCode ?? 0] = (statusCodes[res.statusCode ?? 0] ?? 0) + 1;
            attempts++;
            resolve();
          });
        },
      );
      req.on('timeout', () => req.destroy(new Error('timeout')));
      req.on('error', () => {
        errors++;
        resolve();
      });
      req.end(body);
    });
  await Promise.all(
    Array.from({ length: clients }, async (_, i) => {
      const agent = new Agent({ keepAlive: true, maxSockets: 1 });
      while (performance.now() < endAt) await attempt(agent, addressOf(i));
      agent.destroy();
    }),
  );
  return {
    clients,
    addresses: from.endsWith('.') ? clients : 1,
    attempts,
    attemptsPerSec: round(attempts / ((performance.now() - started) / 1000), 1),
    statusCodes,
    errors,
    latency: histogram.summary(),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [url, clients, seconds, from] = process.argv.slice(2);
  const result = await flood(url!, Number(clients), Number(seconds), from ?? '127.0.0.1');
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

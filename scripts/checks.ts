import { spawn } from 'node:child_process';

/**
 * `npm test`'s static checks side by side: `npm run lint` (ESLint, Prettier, the OpenAPI lint) and
 * `npm run typecheck` (tsc) each take most of a core for a minute; on a 2-core machine running them
 * together halves their wall time. Each one's output is printed whole once it ends (never interleaved),
 * and the exit code is non-zero when either fails.
 */
const scripts = ['lint', 'typecheck'];

const results = await Promise.all(
  scripts.map(
    (script) =>
      new Promise<{ script: string; code: number; output: string }>((resolve) => {
        const child = spawn('npm', ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        child.stdout.on('data', (c: Buffer) => (output += c.toString()));
        child.stderr.on('data', (c: Buffer) => (output += c.toString()));
        child.on('close', (code) => resolve({ script, code: code ?? 1, output }));
      }),
  ),
);

for (const r of results) {
  process.stdout.write(`\n> npm run ${r.script}: ${r.code === 0 ? 'ok' : `failed (${r.code})`}\n${r.output}`);
}
process.exit(results.some((r) => r.code !== 0) ? 1 : 0);

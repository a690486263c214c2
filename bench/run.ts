import { execFileSync } from 'node:child_process';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { measureBaseline } from './lib/baseline.ts';
import { createContext } from './lib/context.ts';
import { formatLoad } from './lib/format.ts';
import { round } from './lib/histogram.ts';
import { summarizeProfile, type ProfileSummary } from './lib/profile.ts';
import { repoRoot, startSystem, systemRoot } from './lib/system.ts';
import type { Baseline, Scenario } from './lib/types.ts';

/**
 * `npm run bench`: starts the system under test (local/start.ts) and the bare node:http server as
 * child processes on 127.0.0.1, measures the bare server (the machine's ceiling), runs every
 * scenario module of bench/scenarios/ in file-name order, and writes one JSON report to
 * bench/results/<timestamp>.json and bench/results/latest.json, plus a readable summary.
 *
 * Environment: BENCH_QUICK=1 (short smoke run), BENCH_ONLY=<name,…> (scenarios whose file name
 * contains one of these), BENCH_CPU_PROF=1 (CPU profile of the shared system under test, summarized
 * in the report; the .cpuprofile is kept in bench/results/profiles/ for Chrome DevTools).
 */
const quick = ['1', 'true', 'yes'].includes((process.env.BENCH_QUICK ?? '').toLowerCase());
const only = (process.env.BENCH_ONLY ?? '')
  .split(',')
  .map((s) => s.trim())
  .filter(Boolean);
const cpuProfile = ['1', 'true', 'yes'].includes((process.env.BENCH_CPU_PROF ?? '').toLowerCase());

const resultsDir = join(repoRoot, 'bench/results');
const scenariosDir = join(repoRoot, 'bench/scenarios');
const profileDir = join(resultsDir, 'profiles');
const startedAt = new Date();
const say = (line = '') => process.stderr.write(`${line}\n`);

function git(...args: string[]): string {
  try {
    return execFileSync('git', args, {
      cwd: repoRoot,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return 'unknown';
  }
}

const machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memoryGB: round(totalmem() / 2 ** 30, 1),
  os: `${process.platform} ${release()} ${process.arch}`,
  node: process.version,
  commit: git('rev-parse', 'HEAD'),
  /** Set when the system under test is another checkout's (BENCH_SYSTEM_ROOT). */
  ...(systemRoot !== repoRoot ? { systemRoot } : {}),
  uncommittedChanges: git('status', '--porcelain').split('\n').filter(Boolean).length,
  /** 1, 5 and 15-minute load averages when the run started: other work on the machine skews every figure. */
  loadAverageAtStart: loadavg().map((x) => round(x, 2)),
};

async function loadScenarios(): Promise<{ file: string; scenario: Scenario }[]> {
  const files = (await readdir(scenariosDir))
    .filter((f) => f.endsWith('.ts'))
    .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
    .sort();
  const loaded: { file: string; scenario: Scenario }[] = [];
  for (const file of files) {
    const module = (await import(pathToFileURL(join(scenariosDir, file)).href)) as { scenario?: Scenario };
    if (!module.scenario || typeof module.scenario.run !== 'function')
      throw new Error(`bench/scenarios/${file} does not export \`scenario: Scenario\``);
    loaded.push({ file, scenario: module.scenario });
  }
  return loaded;
}

say(
  `Comptoir benchmark — Node ${process.version}, ${machine.cpus} CPUs (${machine.cpuModel})${quick ? ', QUICK mode' : ''}`,
);
if (machine.loadAverageAtStart[0]! > machine.cpus / 2)
  say(
    `WARNING: load average ${machine.loadAverageAtStart.join(' ')} on ${machine.cpus} CPUs — other work will skew the figures`,
  );
say(
  `commit ${machine.commit}${machine.uncommittedChanges ? ` (+${machine.uncommittedChanges} uncommitted files)` : ''}`,
);
const scenarios = await loadScenarios();
say(`scenarios: ${scenarios.map((s) => s.scenario.name).join(', ') || '(none)'}`);

const profileStamp = startedAt.toISOString().replace(/[:.]/g, '-');
// One folder per run: every thread of the system (main, dynalite's worker) writes its own profile there.
const runProfileDir = join(profileDir, `sut-${profileStamp}`);
if (cpuProfile) await mkdir(runProfileDir, { recursive: true });
say(
  `\nstarting the system under test (${systemRoot === repoRoot ? '' : `${systemRoot}/`}local/start.ts) in a child process…`,
);
const system = await startSystem(
  cpuProfile
    ? {
        nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${runProfileDir}`],
      }
    : {},
);
say(`  ready at ${system.url} (pid ${system.pid}, data ${system.dataDir})`);

const results: Record<string, unknown> = {};
const summaries: string[] = [];
let baseline: Baseline | undefined;
/** One summary per thread: `CPU.<date>.<pid>.<thread id>.<n>.cpuprofile`, thread 0 is the main thread. */
let profile: (ProfileSummary & { thread: string })[] | { error: string } | undefined;
try {
  say('\nbaseline: the bare node:http server (the machine’s ceiling)…');
  baseline = await measureBaseline(system, quick);
  summaries.push('baseline (bare node:http server, same JSON)');
  summaries.push(`  ${formatLoad(baseline.closedLoop)}`);
  summaries.push(`  ${formatLoad(baseline.openLoop)}`);
  for (const { file, scenario } of scenarios) {
    say(`\n${scenario.name}${scenario.description ? ` — ${scenario.description}` : ''}`);
    const ctx = createContext({ scenario: scenario.name, system, baseline, quick });
    const t0 = performance.now();
    try {
      const result = await scenario.run(ctx);
      const durationSec = round((performance.now() - t0) / 1000, 1);
      results[scenario.name] = { file: `bench/scenarios/${file}`, durationSec, ...result };
      summaries.push(`${scenario.name} (${durationSec} s)`);
      const lines = Array.isArray(result.summary) ? (result.summary as unknown[]) : [];
      for (const line of lines) summaries.push(`  ${String(line).replace(/\n/g, '\n  ')}`);
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      say(`  [${scenario.name}] FAILED: ${message}`);
      results[scenario.name] = { file: `bench/scenarios/${file}`, error: message };
      summaries.push(`${scenario.name}: FAILED — ${message.split('\n')[0]}`);
    } finally {
      await ctx.dispose();
    }
  }
} finally {
  await system.stop();
}
if (cpuProfile) {
  try {
    const files = (await readdir(runProfileDir)).filter((f) => f.endsWith('.cpuprofile')).sort();
    profile = await Promise.all(
      files.map(async (f) => ({
        thread: f.split('.')[4] === '0' ? 'main' : `worker ${f.split('.')[4]}`,
        ...(await summarizeProfile(join(runProfileDir, f))),
      })),
    );
  } catch (error) {
    profile = { error: String(error) };
  }
}

const finishedAt = new Date();
const report = {
  startedAt: startedAt.toISOString(),
  finishedAt: finishedAt.toISOString(),
  durationSec: round((finishedAt.getTime() - startedAt.getTime()) / 1000, 1),
  quick,
  ...(only.length > 0 ? { only } : {}),
  machine: { ...machine, loadAverageAtEnd: loadavg().map((x) => round(x, 2)) },
  baseline,
  scenarios: results,
  ...(profile ? { systemCpuProfile: profile } : {}),
};
await mkdir(resultsDir, { recursive: true });
const file = join(
  resultsDir,
  `${startedAt.toISOString().replace(/[:.]/g, '-')}${quick ? '-quick' : ''}.json`,
);
const json = `${JSON.stringify(report, null, 2)}\n`;
await writeFile(file, json);
await writeFile(join(resultsDir, 'latest.json'), json);

say(`\n${'─'.repeat(100)}`);
say(`Summary (${report.durationSec} s${quick ? ', quick mode' : ''})`);
for (const line of summaries) say(line);
for (const thread of Array.isArray(profile) ? profile : []) {
  say(
    `\nsystem under test, ${thread.thread} thread: idle ${thread.idlePct} % of the run; busy time by package:`,
  );
  for (const p of thread.byPackage.slice(0, 10)) say(`  ${String(p.selfPct).padStart(5)} %  ${p.name}`);
  say('top functions:');
  for (const f of thread.topFunctions.slice(0, 10))
    say(`  ${String(f.selfPct).padStart(5)} %  ${f.name}  ${f.where}`);
}
say(`\nreport: ${file}`);
process.exitCode = Object.values(results).some((r) => typeof r === 'object' && r !== null && 'error' in r)
  ? 1
  : 0;

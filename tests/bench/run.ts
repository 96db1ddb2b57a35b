/**
 * `npm run bench`: runs every benchmark below in headless Chromium, prints one
 * aligned table and writes bench-results.json at the repo root.
 * Options: `--runs N` (repeats per timing, median reported; default 5),
 * `--only name,name` (benchmarks by name), `--profile` (CPU profiles, in test-results/).
 */
import { writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { anchoringBenchmark } from './anchoring.bench';
import { BenchContext, BenchServer, formatTable, resultsJson, type Benchmark, type BenchRow } from './bench';
import { bundleSizeBenchmark } from './bundle-size.bench';
import { annotationsPageBenchmark } from './annotations-page.bench';
import { cardBenchmark } from './card.bench';
import { extensionBenchmark } from './extension.bench';
import { pageScanBenchmark } from './page-scan.bench';

/** Add new benchmarks here. */
const BENCHMARKS: readonly Benchmark[] = [pageScanBenchmark, bundleSizeBenchmark, extensionBenchmark, cardBenchmark, anchoringBenchmark, annotationsPageBenchmark];

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const { values } = parseArgs({
  options: { runs: { type: 'string', default: '5' }, only: { type: 'string' }, profile: { type: 'boolean', default: false } },
});
const runs = Number.parseInt(values.runs, 10);
if (!(runs >= 1)) throw new Error(`--runs must be a positive integer, got ${values.runs}`);
const only = values.only?.split(',');
const selected = BENCHMARKS.filter((benchmark) => !only || only.includes(benchmark.name));
if (selected.length === 0) throw new Error(`no benchmark named ${values.only}; have ${BENCHMARKS.map((b) => b.name).join(', ')}`);

// Timings on a shared machine move with its load: say what it was.
const load = () => loadavg().map((value) => value.toFixed(1)).join(' ');
const loadBefore = load();
const server = await BenchServer.start();
const context = new BenchContext(repoRoot, server, runs, values.profile);
const rows: BenchRow[] = [];
const started = performance.now();
try {
  for (const benchmark of selected) {
    const benchStarted = performance.now();
    context.log(`${benchmark.name}…`);
    rows.push(...(await benchmark.run(context)));
    context.log(`${benchmark.name}: ${((performance.now() - benchStarted) / 1000).toFixed(1)} s`);
  }
} finally {
  await context.close();
  await server.close();
}
if (context.blockedRequests.length > 0) {
  throw new Error(`bench pages asked for non-local URLs (blocked):\n  ${context.blockedRequests.join('\n  ')}`);
}

const output = join(repoRoot, 'bench-results.json');
writeFileSync(output, resultsJson(rows));
console.log(formatTable(rows));
console.log(`\n${rows.length} rows, median of ${runs} runs per timing, ${((performance.now() - started) / 1000).toFixed(0)} s; written to bench-results.json`);
console.log(`${cpus().length} CPUs, load average (1, 5, 15 min) ${loadBefore} before, ${load()} after`);

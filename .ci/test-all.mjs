#!/usr/bin/env node
// Runs every suite in order, each even if an earlier one failed, so the totals are real:
// build (Chrome and Firefox), typecheck, web-ext lint of the Firefox build, unit, DOM and e2e tests.
// Writes test-results/steps.json, prints the summary line last, exits non-zero if anything failed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { resultsDir, stepsFile, summarize, summaryLine } from './summarize.mjs';

const repoRoot = join(resultsDir, '..');
const bin = (name) => join(repoRoot, 'node_modules', '.bin', name);
const vitest = (project) => ({
  name: project,
  command: bin('vitest'),
  args: ['run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${join(resultsDir, `${project}.json`)}`],
  report: `${project}.json`,
});

const steps = [
  { name: 'build', command: 'npm', args: ['run', 'build'] },
  { name: 'typecheck', command: 'npm', args: ['run', 'typecheck'] },
  {
    name: 'lint',
    command: bin('web-ext'),
    // Errors fail the step; warnings are printed and allowed.
    args: ['lint', '--source-dir', join(repoRoot, '.output', 'firefox-mv2'), '--no-input', '--no-config-discovery'],
    env: { NO_UPDATE_NOTIFIER: '1' },
  },
  vitest('unit'),
  vitest('dom'),
  vitest('e2e'),
];

// Old reports must not count; every step stays failed until it has run and passed.
rmSync(resultsDir, { recursive: true, force: true });
mkdirSync(resultsDir, { recursive: true });
const results = steps.map(({ name, report }) => ({ name, ok: false, exitCode: null, seconds: 0, ...(report && { report }) }));
const save = () => writeFileSync(stepsFile, `${JSON.stringify(results, null, 2)}\n`);
save();

steps.forEach((step, index) => {
  console.log(`\n=== ${step.name}: ${[step.command, ...step.args].map((part) => (part.startsWith(repoRoot) ? relative(repoRoot, part) : part)).join(' ')}`);
  const started = performance.now();
  const run = spawnSync(step.command, step.args, {
    cwd: repoRoot,
    stdio: 'inherit',
    env: { ...process.env, ...step.env },
  });
  if (run.error) console.error(`${step.name}: could not start: ${run.error.message}`);
  const result = results[index];
  result.exitCode = run.status;
  result.ok = run.status === 0;
  result.seconds = Math.round((performance.now() - started) / 100) / 10;
  save();
});

console.log('\n=== results');
for (const { name, ok, seconds } of results) console.log(`${ok ? 'ok  ' : 'FAIL'} ${name} (${seconds} s)`);
const totals = summarize();
console.log(summaryLine(totals));
process.exitCode = results.every((result) => result.ok) && totals.failed === 0 ? 0 : 1;

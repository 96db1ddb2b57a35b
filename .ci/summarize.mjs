#!/usr/bin/env node
// Prints one line, `tests: N passed, M failed`, from test-results/steps.json (written by
// test-all.mjs) and the vitest JSON reports it names. Anything that cannot be read counts as failed.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const resultsDir = resolve(fileURLToPath(new URL('..', import.meta.url)), 'test-results');
export const stepsFile = join(resultsDir, 'steps.json');

function readJson(path) {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    return undefined;
  }
}

/** Counts of one vitest run; a report that is missing or says less than the exit code counts one failure. */
function countVitest(step) {
  const report = readJson(join(resultsDir, step.report));
  if (!report || !Array.isArray(report.testResults)) return { passed: 0, failed: 1 };
  // A file that failed outside any test (import error, failing hook) has no failed test of its own.
  const failedFiles = report.testResults.filter(
    (file) => file.status === 'failed' && !file.assertionResults.some((test) => test.status === 'failed'),
  ).length;
  const failed = report.numFailedTests + failedFiles;
  return { passed: report.numPassedTests, failed: failed === 0 && !step.ok ? 1 : failed };
}

/** Totals over all steps; a check (build, typecheck, lint) counts as one test. */
export function summarize() {
  const steps = readJson(stepsFile);
  if (!Array.isArray(steps) || steps.length === 0) return { passed: 0, failed: 1 };
  let passed = 0;
  let failed = 0;
  for (const step of steps) {
    const counts = step.report ? countVitest(step) : step.ok ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
    passed += counts.passed;
    failed += counts.failed;
  }
  return { passed, failed };
}

export function summaryLine({ passed, failed }) {
  return `tests: ${passed} passed, ${failed} failed`;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  const totals = summarize();
  console.log(summaryLine(totals));
  process.exitCode = totals.failed === 0 ? 0 : 1;
}

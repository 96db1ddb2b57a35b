/**
 * The bench runner's shared parts: what a benchmark returns (rows), what it
 * gets (a context with a local server, a network-guarded Chromium, our page
 * bundle and the built extension), and the statistics and table it is
 * reported with. A benchmark is a module exporting a `Benchmark`; run.ts lists them.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { build, type Plugin } from 'esbuild';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { BASE_CHROMIUM_ARGS, CHROMIUM_PATH } from '../e2e/chromium';

export interface BenchRow {
  metric: string;
  value: number;
  unit: string;
  /** The peer that did the same work in the same run, and its value. */
  peer?: string;
  peerValue?: number;
  /** Peer time ÷ our time: above 1 means we are faster. */
  ratio?: number;
  /** Printed only: the goal and whether this run met it. */
  goal?: { text: string; met: boolean };
}

export interface Benchmark {
  name: string;
  run(context: BenchContext): Promise<BenchRow[]>;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** A row comparing us with a peer on a time: ratio = peer ÷ ours. */
export function versus(metric: string, ours: number, unit: string, peer: string, peerValue: number, goal?: BenchRow['goal']): BenchRow {
  return { metric, value: ours, unit, peer, peerValue, ratio: peerValue / ours, ...(goal && { goal }) };
}

/** Serves registered bodies from 127.0.0.1; the only origin bench pages may reach. */
export class BenchServer {
  private readonly routes = new Map<string, { body: string | Buffer; type: string; headers: Record<string, string> }>();
  private readonly server: Server = createServer((request, response) => {
    const route = this.routes.get(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    response.writeHead(route ? 200 : 404, { 'content-type': route?.type ?? 'text/plain', 'cache-control': 'no-store', ...route?.headers });
    response.end(route?.body ?? 'not found');
  });

  static async start(): Promise<BenchServer> {
    const bench = new BenchServer();
    await new Promise<void>((resolve, reject) => {
      bench.server.once('error', reject);
      bench.server.listen(0, '127.0.0.1', resolve);
    });
    return bench;
  }

  get origin(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Serves `body` at `path` (with extra response `headers`); returns its URL. */
  add(path: string, body: string | Buffer, type = 'text/html; charset=utf-8', headers: Record<string, string> = {}): string {
    this.routes.set(path, { body, type, headers });
    return `${this.origin}${path}`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

/** Vite's `?inline` and `?raw` imports (a file's text as the default export), which the page code uses for CSS. */
export const viteTextImports: Plugin = {
  name: 'vite-text-imports',
  setup(builder) {
    builder.onResolve({ filter: /\?(inline|raw)$/ }, (args) => ({
      path: join(args.resolveDir, args.path.replace(/\?(inline|raw)$/, '')),
      namespace: 'vite-text',
    }));
    builder.onLoad({ filter: /.*/, namespace: 'vite-text' }, (args) => ({
      contents: `export default ${JSON.stringify(readFileSync(args.path, 'utf8'))};`,
      loader: 'js',
    }));
  },
};

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestMtime(join(path, name))), stat.mtimeMs);
}

export class BenchContext {
  /** Requests to anything but the bench server, aborted. */
  readonly blockedRequests: string[] = [];
  private launched: Promise<Browser> | undefined;
  private bundle: Promise<string> | undefined;
  private builtExtension: string | undefined;

  constructor(
    readonly repoRoot: string,
    readonly server: BenchServer,
    /** Repeats per timing; the median is reported. */
    readonly runs: number,
    /** Also record CPU profiles where a benchmark offers one. */
    readonly profile = false,
  ) {}

  log(message: string): void {
    process.stderr.write(`bench: ${message}\n`);
  }

  browser(): Promise<Browser> {
    this.launched ??= chromium.launch({ executablePath: CHROMIUM_PATH, args: [...BASE_CHROMIUM_ARGS] });
    return this.launched;
  }

  /**
   * A page in a context of its own (nothing shared with earlier runs), reaching only the bench server.
   * `savedPage`: for a saved real-world page: its scripts do not run (`evaluate` still runs ours), and
   * the requests it makes for its own images, styles and frames on other hosts are aborted without
   * failing the run.
   */
  async freshPage({ savedPage = false } = {}): Promise<{ page: Page; context: BrowserContext }> {
    const context = await (await this.browser()).newContext({ javaScriptEnabled: !savedPage });
    await context.route('**/*', async (route) => {
      const url = route.request().url();
      if (url.startsWith(`${this.server.origin}/`) || url.startsWith('data:') || url.startsWith('about:')) return route.continue();
      if (!savedPage) this.blockedRequests.push(url);
      return route.abort('blockedbyclient');
    });
    return { page: await context.newPage(), context };
  }

  /** tests/bench/page-entry.ts bundled for the page: our real page code on `window.footnoteBench`. */
  pageBundle(): Promise<string> {
    this.bundle ??= this.bundleEntry('page-entry.ts');
    return this.bundle;
  }

  /** A module of tests/bench bundled with what it imports, as one script for a page. */
  async bundleEntry(entry: string): Promise<string> {
    const result = await build({
      entryPoints: [join(this.repoRoot, 'tests', 'bench', entry)],
      bundle: true,
      format: 'iife',
      target: 'chrome120',
      jsx: 'automatic',
      jsxImportSource: 'preact',
      plugins: [viteTextImports],
      write: false,
      logLevel: 'silent',
    });
    return result.outputFiles[0]!.text;
  }

  /**
   * The Chrome build in .output/chrome-mv3, built first when missing or
   * older than the sources (`wxt build`, Chrome only).
   */
  extensionBuild(): string {
    if (this.builtExtension) return this.builtExtension;
    const dir = join(this.repoRoot, '.output', 'chrome-mv3');
    const contentScript = join(dir, 'content-scripts', 'content.js');
    const sources = ['src', 'entrypoints', 'assets', 'wxt.config.ts', 'package.json'].map((path) => join(this.repoRoot, path));
    const stale = !existsSync(contentScript) || Math.max(...sources.map(newestMtime)) > statSync(contentScript).mtimeMs;
    if (stale) {
      this.log('building the extension (wxt build)');
      const result = spawnSync(join(this.repoRoot, 'node_modules', '.bin', 'wxt'), ['build'], { cwd: this.repoRoot, encoding: 'utf8' });
      if (result.status !== 0) throw new Error(`wxt build failed:\n${result.stdout}\n${result.stderr}`);
    }
    this.builtExtension = dir;
    return dir;
  }

  async close(): Promise<void> {
    const browser = await this.launched;
    await browser?.close();
  }
}

function formatNumber(value: number | undefined, unit = ''): string {
  if (value === undefined || Number.isNaN(value)) return '';
  if (unit === 'count') return value.toLocaleString('en-US');
  const abs = Math.abs(value);
  return value.toFixed(abs >= 100 ? 0 : abs >= 10 ? 1 : 2);
}

/** The rows as an aligned text table. */
export function formatTable(rows: readonly BenchRow[]): string {
  const header = ['metric', 'value', 'unit', 'peer', 'peer value', 'ratio', 'goal'];
  const cells = rows.map((row) => [
    row.metric,
    formatNumber(row.value, row.unit),
    row.unit,
    row.peer ?? '',
    formatNumber(row.peerValue, row.unit),
    row.ratio === undefined ? '' : `${row.ratio.toFixed(2)}×`,
    row.goal ? `${row.goal.met ? 'met' : 'MISSED'}: ${row.goal.text}` : '',
  ]);
  const numeric = new Set([1, 4, 5]);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((line) => line[column]!.length)));
  const line = (values: string[]) =>
    values
      .map((value, column) => (numeric.has(column) ? value.padStart(widths[column]!) : value.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line)].join('\n');
}

/** The rows as written to bench-results.json: every field present, null where there is no peer. */
export function resultsJson(rows: readonly BenchRow[]): string {
  const plain = rows.map((row) => ({
    metric: row.metric,
    value: row.value,
    unit: row.unit,
    peer: row.peer ?? null,
    peerValue: row.peerValue ?? null,
    ratio: row.ratio ?? null,
  }));
  return `${JSON.stringify(plain, null, 2)}\n`;
}

/**
 * Size of the content script as shipped: every page the reader opens loads its entry; the parts
 * loaded on demand (src/page/chunks.ts) only on pages that need them, so both are reported.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { ChunkName } from '../../src/page/chunks';
import type { BenchContext, Benchmark, BenchRow } from './bench';

const KB = 1024;
const CHUNKS: Record<ChunkName, string> = {
  'card-view': 'the card, once a page shows a mark',
  'page-annotations': 'annotations, on pages that have some or get one',
};

function sizes(file: string): { bytes: number; gzipped: number } {
  const bytes = readFileSync(file);
  // zlib's default level (6), as `gzip` uses by default.
  return { bytes: bytes.length / KB, gzipped: gzipSync(bytes).length / KB };
}

export const bundleSizeBenchmark: Benchmark = {
  name: 'bundle-size',
  async run(context: BenchContext): Promise<BenchRow[]> {
    const build = context.extensionBuild();
    const entry = sizes(join(build, 'content-scripts', 'content.js'));
    const chunks = Object.entries(CHUNKS).map(([name, when]) => ({ name, when, ...sizes(join(build, `${name}.js`)) }));
    const total = chunks.reduce((sum, chunk) => sum + chunk.gzipped, entry.gzipped);
    return [
      { metric: 'content script entry, every page (content.js)', value: entry.bytes, unit: 'KB' },
      { metric: 'content script entry, gzipped', value: entry.gzipped, unit: 'KB', goal: { text: '< 40 KB', met: entry.gzipped < 40 } },
      ...chunks.map((chunk) => ({ metric: `on demand: ${chunk.name}.js (${chunk.when}), gzipped`, value: chunk.gzipped, unit: 'KB' })),
      { metric: 'content script with every on-demand part, gzipped (each file compressed apart)', value: total, unit: 'KB' },
    ];
  },
};

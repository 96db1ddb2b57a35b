/** Size of the content script as shipped: every page the reader opens loads it. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { BenchContext, Benchmark, BenchRow } from './bench';

const KB = 1024;

export const bundleSizeBenchmark: Benchmark = {
  name: 'bundle-size',
  async run(context: BenchContext): Promise<BenchRow[]> {
    const file = join(context.extensionBuild(), 'content-scripts', 'content.js');
    const bytes = readFileSync(file);
    // zlib's default level (6), as `gzip` uses by default.
    const gzipped = gzipSync(bytes).length / KB;
    return [
      { metric: 'content script size (content.js)', value: bytes.length / KB, unit: 'KB' },
      { metric: 'content script size, gzipped', value: gzipped, unit: 'KB', goal: { text: '< 40 KB', met: gzipped < 40 } },
    ];
  },
};

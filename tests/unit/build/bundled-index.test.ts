import { copyFile, mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bundledIndex } from '../../../src/build/bundled-index';

describe('bundledIndex', () => {
  it('fails the build when assets/corpus holds no article, rather than shipping an empty corpus', async () => {
    const root = await mkdtemp(join(tmpdir(), 'footnote-build-'));
    await mkdir(join(root, 'assets/corpus'), { recursive: true });
    await copyFile(resolve(__dirname, '../../../assets/gazetteer.json'), join(root, 'assets/gazetteer.json'));
    await expect(bundledIndex(root)).rejects.toThrow(
      `the bundled corpus has no articles: ${join(root, 'assets/corpus')} is empty`,
    );
  });
});

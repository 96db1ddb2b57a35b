import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, writeFile, mkdir, copyFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeEach, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');
const CLI = join(ROOT, 'src/cli/compile-corpus.ts');
const ARTICLE = join(ROOT, 'assets/corpus/000_bd770002ba011dc8.txt');
const PREVIOUS_INDEX = '{"an":"index compiled earlier"}';

async function runCli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await promisify(execFile)(TSX, [CLI, ...args], { cwd: ROOT, env: { ...process.env, INIT_CWD: ROOT } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const { code, stdout, stderr } = error as { code: number; stdout: string; stderr: string };
    return { code, stdout, stderr };
  }
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'footnote-cli-'));
  await mkdir(join(dir, 'articles'));
});

describe('npm run corpus keeps the index it would replace', () => {
  it.each([
    ['an empty folder', [] as [string, string][]],
    ['a folder whose every article fails', [['blank.txt', '  \n']] as [string, string][]],
  ])('writes nothing from %s, and says so', async (_, files) => {
    for (const [name, content] of files) await writeFile(join(dir, 'articles', name), content);
    const out = join(dir, 'index.json');
    await writeFile(out, PREVIOUS_INDEX);
    const { code, stderr } = await runCli(join(dir, 'articles'), '--out', out);
    expect(code).toBe(1);
    expect(stderr).toContain(`no article compiled from ${join(dir, 'articles')}; ${out} not written`);
    for (const [name] of files) expect(stderr).toContain(`failed     ${name}: the file is empty`);
    expect(await readFile(out, 'utf8')).toBe(PREVIOUS_INDEX);
  }, 30_000);

  it('names the file it cannot write, without a stack trace, and leaves no partial file', async () => {
    await copyFile(ARTICLE, join(dir, 'articles', 'article.txt'));
    const out = join(dir, 'missing-folder', 'index.json');
    const { code, stderr } = await runCli(join(dir, 'articles'), '--out', out);
    expect(code).toBe(2);
    expect(stderr).toMatch(new RegExp(`^cannot write ${out}: ENOENT`));
    expect(stderr).not.toContain('    at ');
    expect(await readdir(dir)).toEqual(['articles']);
  }, 30_000);

  it('names a broken gazetteer rather than the article folder', async () => {
    await copyFile(ARTICLE, join(dir, 'articles', 'article.txt'));
    const gazetteer = join(dir, 'gazetteer.json');
    await writeFile(gazetteer, '[{"id": "agency:ice",');
    const { code, stderr } = await runCli(join(dir, 'articles'), '--gazetteer', gazetteer);
    expect(code).toBe(2);
    expect(stderr).toContain(`gazetteer ${gazetteer}: `);
  }, 30_000);
});

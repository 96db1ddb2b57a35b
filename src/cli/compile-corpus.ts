/**
 * `npm run corpus -- <folder> [--out file] [--gazetteer file]`: compiles a folder
 * of articles into a Footnote index and prints a summary. Exit code 1 when any
 * file failed (the others still compile) or none compiled (nothing is written
 * then), 2 on bad usage or when the index cannot be written.
 */
import { rename, rm, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { compileFolder } from '../build/read-corpus';

async function main(): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: { out: { type: 'string', short: 'o' }, gazetteer: { type: 'string' } },
    });
  } catch (error) {
    console.error(`${(error as Error).message}\nusage: npm run corpus -- <folder> [--out file] [--gazetteer file]`);
    return 2;
  }
  const [folder] = parsed.positionals;
  if (!folder || parsed.positionals.length > 1) {
    console.error('usage: npm run corpus -- <folder> [--out file] [--gazetteer file]');
    return 2;
  }
  // npm runs scripts from the package root; paths the user typed are relative to where they typed them.
  const cwd = process.env.INIT_CWD ?? process.cwd();
  const gazetteer = parsed.values.gazetteer
    ? resolve(cwd, parsed.values.gazetteer)
    : resolve(import.meta.dirname, '../../assets/gazetteer.json');
  const out = parsed.values.out ? resolve(cwd, parsed.values.out) : undefined;
  const started = performance.now();
  let result;
  try {
    result = await compileFolder(resolve(cwd, folder), gazetteer);
  } catch (error) {
    console.error(`cannot compile ${folder}: ${(error as Error).message}`);
    return 2;
  }
  const { index, failures } = result;
  const millis = performance.now() - started;
  for (const failure of failures) console.error(`failed     ${failure.source}: ${failure.reason}`);
  if (index.documents.length === 0) {
    // An empty index written over a good one would lose it.
    console.error(`no article compiled from ${folder}${out ? `; ${out} not written` : ''}`);
    return 1;
  }
  if (out) {
    // Written beside and renamed over: a full disk or a crash never leaves a cut-off index.
    const partial = `${out}.${process.pid}.partial`;
    try {
      await writeFile(partial, JSON.stringify(index));
      await rename(partial, out);
    } catch (error) {
      await rm(partial, { force: true });
      console.error(`cannot write ${out}: ${(error as Error).message}`);
      return 2;
    }
  }

  const mined = index.entities.filter((e) => e.origin !== 'gazetteer').length;
  console.log(
    [
      `documents  ${index.documents.length}`,
      `passages   ${index.passages.length}`,
      `entities   ${index.entities.length} (${index.entities.filter((e) => e.passages.length > 0).length} mentioned, ${mined} mined)`,
      `figures    ${index.figures.length}`,
      `terms      ${Object.keys(index.bm25.postings).length}`,
      `hash       ${index.hash}`,
      `time       ${millis.toFixed(0)} ms`,
      ...(out ? [`written    ${out}`] : []),
    ].join('\n'),
  );
  return failures.length > 0 ? 1 : 0;
}

process.exitCode = await main();

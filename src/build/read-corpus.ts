/** Node-only: reads article folders and the gazetteer for the compiler (CLI and build). */
import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { parseHTML } from 'linkedom';
import { compileCorpus, isCorpusFile, type CompileFailure, type CompileResult, type SourceFile } from '../core/index/compile';
import type { GazetteerEntry } from '../core/index/types';
import { parseGazetteer } from '../core/entities/gazetteer';

export async function readGazetteer(path: string): Promise<GazetteerEntry[]> {
  try {
    return parseGazetteer(JSON.parse(await readFile(path, 'utf8')));
  } catch (error) {
    // Else a broken gazetteer reads as a problem with the article folder.
    throw new Error(`gazetteer ${path}: ${(error as Error).message}`);
  }
}

/** Reads every article file in `folder`; unreadable ones (bad UTF-8, I/O errors) become failures. */
export async function readCorpusFolder(folder: string): Promise<{ files: SourceFile[]; failures: CompileFailure[] }> {
  const files: SourceFile[] = [];
  const failures: CompileFailure[] = [];
  const names = (await readdir(folder)).filter((name) => !name.startsWith('.')).sort();
  for (const name of names) {
    // stat follows a symbolic link, so a linked article is read like any other; nothing is skipped unsaid.
    const entry = await stat(join(folder, name)).catch((error: Error) => error);
    if (entry instanceof Error || !entry.isFile()) {
      const reason =
        entry instanceof Error
          ? entry.message
          : entry.isDirectory()
            ? 'a folder: only the articles directly in the corpus folder are read'
            : 'not a regular file';
      failures.push({ source: name, reason });
      continue;
    }
    if (!isCorpusFile(name)) {
      failures.push({ source: name, reason: 'unsupported file type (expected .txt, .md or .html)' });
      continue;
    }
    try {
      const bytes = await readFile(join(folder, name));
      files.push({ name, content: new TextDecoder('utf-8', { fatal: true }).decode(bytes) });
    } catch (error) {
      const reason = error instanceof TypeError ? 'not valid UTF-8 text' : (error as Error).message;
      failures.push({ source: name, reason });
    }
  }
  return { files, failures };
}

export function parseDocumentWithLinkedom(html: string): Document {
  return parseHTML(html).document as unknown as Document;
}

export async function compileFolder(folder: string, gazetteerPath: string): Promise<CompileResult> {
  const [{ files, failures }, gazetteer] = await Promise.all([readCorpusFolder(folder), readGazetteer(gazetteerPath)]);
  const result = compileCorpus(files, { gazetteer, parseDocument: parseDocumentWithLinkedom });
  return { index: result.index, failures: [...failures, ...result.failures] };
}

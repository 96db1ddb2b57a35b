/**
 * A large corpus for the context-card bench, made from the five real articles:
 * renamed copies with a later date, body paragraphs shuffled and counts moved
 * by up to a fifth, compiled by the real compiler. Deterministic (seeded), so
 * runs compare.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { readGazetteer, parseDocumentWithLinkedom } from '../../src/build/read-corpus';
import { compileCorpus, type SourceFile } from '../../src/core/index/compile';
import type { CorpusIndex } from '../../src/core/index/format';
import { parseArticle } from '../../src/core/corpus/parse-article';
import { seededRandom } from './fixtures';

const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** The byline's date line, as the corpus writes it ("7 October 2019"). */
const DATE_LINE = /^(\d{1,2}) (January|February|March|April|May|June|July|August|September|October|November|December) (\d{4})$/m;
/** Where the site's contact footer starts: it stays last, as the parser expects. */
const FOOTER = /\n\s*To contact the WSW/;
/**
 * Counts with optional thousands separators, not parts of names ("COVID-19",
 * "I-9"); four-digit years (19xx, 20xx) are left alone below.
 */
const NUMBER = /(?<![\w-])(?:\d{1,3}(?:,\d{3})+|\d+)(?![\w-]|,\d)/g;

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

function perturbNumbers(text: string, random: () => number): string {
  return text.replace(NUMBER, (digits) => {
    const value = Number(digits.replace(/,/g, ''));
    const isYear = digits.length === 4 && value >= 1900 && value <= 2099;
    if (isYear || value < 10 || random() < 0.3) return digits;
    const moved = Math.max(10, Math.round(value * (0.8 + 0.4 * random())));
    return digits.includes(',') ? moved.toLocaleString('en-US') : String(moved);
  });
}

/** `raw` with its date `days` later, its body paragraphs in another order and its counts moved. */
export function varyArticle(raw: string, days: number, random: () => number): string {
  const date = DATE_LINE.exec(raw);
  if (!date) throw new Error('corpus article without a "7 October 2019" date line');
  const shifted = new Date(Date.UTC(Number(date[3]), MONTH_NAMES.indexOf(date[2]!), Number(date[1]) + days));
  const dateLine = `${shifted.getUTCDate()} ${MONTH_NAMES[shifted.getUTCMonth()]} ${shifted.getUTCFullYear()}`;
  const headerEnd = date.index + date[0].length;
  const footerAt = raw.slice(headerEnd).search(FOOTER);
  const bodyEnd = footerAt < 0 ? raw.length : headerEnd + footerAt;
  const paragraphs = raw.slice(headerEnd, bodyEnd).split(/\n\s*\n/).filter((p) => p.trim() !== '');
  const body = shuffle(paragraphs, random).map((p) => perturbNumbers(p.trim(), random));
  return `${raw.slice(0, date.index)}${dateLine}\n\n${body.join('\n\n')}\n${raw.slice(bodyEnd)}`;
}

export interface SyntheticCorpus {
  index: CorpusIndex;
  files: number;
  compileMs: number;
}

/**
 * Copies of the corpus articles, in turn, until their paragraphs reach
 * `passages`; the last copy is cut so the index holds exactly that many.
 */
export async function syntheticCorpus(repoRoot: string, passages: number, seed = 11): Promise<SyntheticCorpus> {
  const folder = join(repoRoot, 'assets', 'corpus');
  const originals = readdirSync(folder)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => ({ name, raw: readFileSync(join(folder, name), 'utf8') }));
  const random = seededRandom(seed);
  const files: SourceFile[] = [];
  let total = 0;
  for (let copy = 0; total < passages; copy++) {
    const original = originals[copy % originals.length]!;
    const name = `copy${String(copy).padStart(5, '0')}_${original.name}`;
    let content = varyArticle(original.raw, 7 * (1 + Math.floor(copy / originals.length)), random);
    let count = parseArticle(content, name).paragraphs.length;
    if (total + count > passages) {
      // Keep the header and as many body paragraphs as still fit.
      const blocks = content.split(/\n\s*\n/);
      while (total + count > passages && blocks.length > 1) {
        blocks.pop();
        content = blocks.join('\n\n');
        count = parseArticle(content, name).paragraphs.length;
      }
    }
    files.push({ name, content });
    total += count;
  }
  const gazetteer = await readGazetteer(join(repoRoot, 'assets', 'gazetteer.json'));
  const started = performance.now();
  const { index, failures } = compileCorpus(files, { gazetteer, parseDocument: parseDocumentWithLinkedom });
  const compileMs = performance.now() - started;
  if (failures.length > 0) throw new Error(`synthetic corpus does not compile: ${failures.map((f) => `${f.source}: ${f.reason}`).join(', ')}`);
  if (index.passages.length !== passages) throw new Error(`synthetic corpus has ${index.passages.length} passages, ${passages} wanted`);
  return { index, files: files.length, compileMs };
}

/**
 * Bench inputs built from the bundled corpus: the alias dictionary (the real
 * compiled entities plus synthetic ones up to a target size) and news-like
 * pages (the five articles with inline markup, plus filler text).
 * Everything is deterministic, so runs compare.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { compileFolder } from '../../src/build/read-corpus';
import { parseArticle, type ParsedArticle } from '../../src/core/corpus/parse-article';
import { buildAliasMatcher, patternsFromEntities, type SerializedMatcher } from '../../src/core/match/alias-matcher';
import type { EntityType, FigureKind } from '../../src/core/index/types';
import type { MentionDictionary } from '../../src/messaging/protocol';

/** A page's dictionary with the matcher the worker finds its mentions with. */
export type DictionaryWithMatcher = MentionDictionary & { matcher: SerializedMatcher };

/** Seeded PRNG (mulberry32): the same page and dictionary on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

export function readCorpusArticles(repoRoot: string): ParsedArticle[] {
  const folder = join(repoRoot, 'assets', 'corpus');
  return readdirSync(folder)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name) => parseArticle(readFileSync(join(folder, name), 'utf8'), name));
}

// --- Synthetic entities: names shaped like the gazetteer's (agencies with acronyms, units, operations, people).

const STATES = ['Texas', 'Arizona', 'California', 'Florida', 'Georgia', 'Illinois', 'New York', 'New Jersey', 'Oregon', 'Washington', 'Colorado', 'Nevada', 'New Mexico', 'Utah', 'Ohio', 'Michigan', 'Pennsylvania', 'Virginia', 'North Carolina', 'Tennessee', 'Alabama', 'Louisiana', 'Oklahoma', 'Kansas', 'Iowa', 'Minnesota', 'Wisconsin', 'Indiana', 'Kentucky', 'Missouri', 'Maryland', 'Massachusetts', 'Connecticut', 'Idaho', 'Montana', 'Nebraska'];
const STATE_OFFICES = ['Department of Public Safety', 'Department of Corrections', 'Highway Patrol', 'Department of Labor', 'Office of the Attorney General', 'Department of Human Services', 'Board of Pardons and Paroles', 'National Guard', 'Department of Health', 'Bureau of Investigation'];
const COUNTIES = ['Maricopa', 'Harris', 'Dallas', 'Cook', 'Orange', 'Riverside', 'Travis', 'Bexar', 'Pima', 'Fresno', 'Kern', 'Hidalgo', 'Cameron', 'Webb', 'El Paso', 'Yuma', 'Santa Clara', 'Alameda', 'King', 'Multnomah', 'Denver', 'Clark', 'Fulton', 'Gwinnett', 'Mecklenburg', 'Wake', 'Davidson', 'Shelby', 'Jefferson', 'Hamilton', 'Franklin', 'Wayne', 'Kent', 'Polk', 'Hillsborough', 'Palm Beach', 'Broward', 'Miami-Dade', 'Duval', 'Lee'];
const COUNTY_OFFICES = ["County Sheriff's Office", 'County Jail', 'County Board of Supervisors', 'County Detention Center', 'County Public Defender'];
const OPERATION_WORDS_A = ['Silent', 'Iron', 'Desert', 'Northern', 'Coastal', 'Rapid', 'Steel', 'Blue', 'Crimson', 'Golden', 'Frontier', 'Granite', 'Thunder', 'Vigilant', 'Eagle', 'Falcon', 'Lone', 'River', 'Summit', 'Harbor'];
const OPERATION_WORDS_B = ['Shield', 'Guardian', 'Sentinel', 'Harvest', 'Net', 'Sweep', 'Watch', 'Gate', 'Bridge', 'Storm', 'Lantern', 'Anchor', 'Compass', 'Horizon', 'Ridge', 'Arrow', 'Crossing', 'Beacon', 'Trail', 'Key'];
const FIRST_NAMES = ['Maria', 'James', 'Ana', 'Robert', 'Luis', 'Patricia', 'Carlos', 'Jennifer', 'Jose', 'Linda', 'David', 'Elizabeth', 'Miguel', 'Susan', 'Daniel', 'Karen', 'Jorge', 'Nancy', 'Thomas', 'Rosa', 'Mark', 'Sandra', 'Paul', 'Carmen', 'Steven', 'Laura', 'Andrew', 'Sofia', 'Kenneth', 'Elena', 'Brian', 'Teresa', 'Kevin', 'Gloria', 'Ronald', 'Julia', 'Anthony', 'Diana', 'Edward', 'Veronica'];
const LAST_NAMES = ['Garcia', 'Martinez', 'Hernandez', 'Lopez', 'Gonzalez', 'Perez', 'Sanchez', 'Ramirez', 'Torres', 'Flores', 'Rivera', 'Gomez', 'Diaz', 'Reyes', 'Morales', 'Cruz', 'Ortiz', 'Gutierrez', 'Chavez', 'Ramos', 'Mendoza', 'Castillo', 'Vargas', 'Romero', 'Herrera', 'Medina', 'Aguilar', 'Whitfield', 'Brennan', 'Okafor', 'Lindqvist', 'Nakamura', 'Kowalski', 'Abernathy', 'Delacroix', 'Fitzgerald', 'Haverford', 'Pemberton', 'Castellanos', 'Valenzuela'];
const TITLES = ['Sheriff', 'Judge', 'Senator', 'Mayor', 'Commissioner', 'Director', 'Representative', 'Governor'];
const ORG_SUBJECTS = ['Immigrant Rights', 'Refugee Legal Aid', 'Border Justice', 'Migrant Workers', 'Asylum Seekers', 'Farmworker Justice', 'Detention Watch', 'Sanctuary Defense', 'Family Reunification', 'Labor Rights'];
const ORG_KINDS = ['Coalition', 'Project', 'Network', 'Center', 'Alliance', 'Fund', 'Council'];
const ORG_PLACES = ['Southwest', 'Gulf Coast', 'Pacific', 'Rio Grande', 'Great Lakes', 'Midwest', 'Central Valley', 'Northeast', 'Mountain West', 'Tri-State'];

function initials(words: string): string {
  return words
    .split(/[\s-]+/)
    .filter((word) => /^[A-Z]/.test(word))
    .map((word) => word[0])
    .join('');
}

interface BenchEntity {
  id: string;
  type: EntityType;
  name: string;
  aliases: { text: string; caseSensitive: boolean }[];
}

/** Synthetic entities of every kind, taken in turn, so any prefix of the sequence mixes them. */
function* syntheticEntities(): Generator<BenchEntity> {
  let n = 0;
  const entity = (type: EntityType, name: string, extra: { text: string; caseSensitive: boolean }[] = []): BenchEntity => ({
    id: `synthetic:${type}:${n++}`,
    type,
    name,
    aliases: [{ text: name, caseSensitive: false }, ...extra],
  });
  function* stateAgencies() {
    for (const office of STATE_OFFICES) {
      for (const state of STATES) {
        const name = `${state} ${office}`;
        const acronym = initials(name);
        // Two-letter acronyms are mostly state codes and words ("NY", "OR"): real dictionaries avoid them too.
        yield entity('agency', name, acronym.length >= 3 ? [{ text: acronym, caseSensitive: true }] : []);
      }
    }
  }
  function* countyAgencies() {
    for (const office of COUNTY_OFFICES) for (const county of COUNTIES) yield entity('agency', `${county} ${office}`);
  }
  function* people() {
    for (const first of FIRST_NAMES) {
      for (const last of LAST_NAMES) {
        const titled = (first.length + last.length) % 3 === 0 ? [{ text: `${TITLES[n % TITLES.length]} ${last}`, caseSensitive: false }] : [];
        yield entity('person', `${first} ${last}`, titled);
      }
    }
  }
  function* operations() {
    for (const b of OPERATION_WORDS_B) for (const a of OPERATION_WORDS_A) yield entity('operation', `Operation ${a} ${b}`);
  }
  function* organisations() {
    for (const kind of ORG_KINDS) {
      for (const subject of ORG_SUBJECTS) {
        for (const place of ORG_PLACES) {
          const name = `${place} ${subject} ${kind}`;
          yield entity('organisation', name, [{ text: initials(name), caseSensitive: true }]);
        }
      }
    }
  }
  // People are the commonest kind in real dictionaries: they take two turns per round.
  const persons = people();
  const kinds = [stateAgencies(), persons, countyAgencies(), persons, operations(), organisations()];
  while (kinds.length > 0) {
    for (let k = 0; k < kinds.length; ) {
      const next = kinds[k]!.next();
      if (next.done) kinds.splice(k, 1);
      else {
        yield next.value;
        k++;
      }
    }
  }
}

export interface BenchDictionary {
  /** As the worker sends it to the content script, with the matcher the worker keeps. */
  dictionary: DictionaryWithMatcher;
  /** Every alias in the matcher, with its case rule: the peer's pattern is built from this. */
  aliases: { text: string; caseSensitive: boolean }[];
  /** Synthetic names and acronyms, for filler text to mention. */
  syntheticNames: string[];
  realAliasCount: number;
}

/** The matcher's dedupe key for an alias: its case rule and its text as matched. */
function aliasKey(text: string, caseSensitive: boolean): string {
  return caseSensitive ? `1${text}` : `0${text.toLowerCase()}`;
}

/**
 * The real compiled entities plus synthetic ones until the matcher holds
 * `aliasCount` aliases, none repeated across entities (so the peer's pattern
 * lists each once). Every entity is markable: the peer and we look for the same set.
 */
export async function buildDictionary(repoRoot: string, aliasCount: number): Promise<BenchDictionary> {
  const { index, failures } = await compileFolder(join(repoRoot, 'assets', 'corpus'), join(repoRoot, 'assets', 'gazetteer.json'));
  if (failures.length > 0) throw new Error(`corpus does not compile: ${failures.map((f) => f.source).join(', ')}`);
  const entities: BenchEntity[] = [...index.entities];
  const realAliasCount = buildAliasMatcher(patternsFromEntities(entities)).toJSON().aliases.length;
  const seen = new Set(entities.flatMap((e) => e.aliases.map((a) => aliasKey(a.text, a.caseSensitive))));
  const syntheticNames: string[] = [];
  let count = realAliasCount;
  for (const candidate of syntheticEntities()) {
    if (count >= aliasCount) break;
    const aliases = candidate.aliases.filter((a) => !seen.has(aliasKey(a.text, a.caseSensitive))).slice(0, aliasCount - count);
    if (aliases.length === 0) continue;
    for (const alias of aliases) seen.add(aliasKey(alias.text, alias.caseSensitive));
    entities.push({ ...candidate, aliases });
    syntheticNames.push(...aliases.map((alias) => alias.text));
    count += aliases.length;
  }
  const matcher: SerializedMatcher = buildAliasMatcher(patternsFromEntities(entities)).toJSON();
  if (matcher.aliases.length !== aliasCount) throw new Error(`dictionary has ${matcher.aliases.length} aliases, ${aliasCount} wanted`);
  const figureKinds = [...new Set(index.figures.map((figure) => figure.kind))].filter((kind): kind is FigureKind => kind !== 'other');
  const dictionary: DictionaryWithMatcher = {
    key: `bench:${index.hash}:${aliasCount}`,
    matcher,
    entities: Object.fromEntries(entities.map((e) => [e.id, { name: e.name, type: e.type }])),
    figureKinds,
  };
  const aliases = matcher.aliases.map((text, p) => ({ text, caseSensitive: (matcher.patternInfo[p]! & 1) === 1 }));
  return { dictionary, aliases, syntheticNames, realAliasCount };
}

// --- Pages.

const FILLER_SUBJECTS = ['The city council', 'Local business owners', 'The school board', 'Residents of the east side', 'The transit authority', 'Volunteers at the food bank', 'The county health office', 'Parents at the elementary school', 'Farmers in the valley', 'The regional hospital'];
const FILLER_VERBS = ['voted on', 'raised concerns about', 'held a meeting on', 'released a report on', 'debated', 'announced plans for', 'asked questions about', 'organized a forum on', 'published figures on', 'postponed a decision on'];
const FILLER_OBJECTS = ['the new budget', 'road repairs on Main Street', 'the summer reading program', 'rising rents downtown', 'the water treatment plant', 'a proposed bus line', 'overtime pay for nurses', 'the harvest season', 'flood insurance rates', 'the library renovation'];
const FILLER_TAILS = ['on Tuesday evening', 'after weeks of delay', 'despite objections from some members', 'in a packed hall', 'according to a statement', 'with little public notice', 'as the deadline approached', 'for the second time this year'];
const FILLER_NUMBERS = ['about 1,200 residents', 'more than 300 people', 'nearly 40 families', '$4.5 million', 'at least 12 workers', 'some 85 percent of voters', 'roughly 2,000 students', 'fewer than 60 businesses'];

function fillerSentence(random: () => number, names: readonly string[]): string {
  const roll = random();
  if (roll < 0.12 && names.length > 0) {
    return `${pick(random, names)} ${pick(random, FILLER_VERBS)} ${pick(random, FILLER_OBJECTS)} ${pick(random, FILLER_TAILS)}.`;
  }
  if (roll < 0.3) {
    return `${pick(random, FILLER_SUBJECTS)} said ${pick(random, FILLER_NUMBERS)} were affected by ${pick(random, FILLER_OBJECTS)}.`;
  }
  return `${pick(random, FILLER_SUBJECTS)} ${pick(random, FILLER_VERBS)} ${pick(random, FILLER_OBJECTS)} ${pick(random, FILLER_TAILS)}.`;
}

function fillerParagraph(random: () => number, names: readonly string[]): string {
  const count = 3 + Math.floor(random() * 4);
  return Array.from({ length: count }, () => fillerSentence(random, names)).join(' ');
}

const INLINE_TAGS = ['a', 'a', 'em', 'strong', 'span'] as const;

/** A paragraph's HTML with some word runs wrapped in inline elements, as newsroom CMSs do (links, emphasis). */
function withInlineMarkup(text: string, random: () => number): string {
  const words = text.split(' ');
  let html = '';
  for (let i = 0; i < words.length; ) {
    if (random() < 0.06) {
      const length = 1 + Math.floor(random() * 4);
      const run = escapeHtml(words.slice(i, i + length).join(' '));
      const tag = pick(random, INLINE_TAGS);
      html += tag === 'a' ? `<a href="/story/${Math.floor(random() * 1e6)}">${run}</a>` : `<${tag}>${run}</${tag}>`;
      i += length;
    } else {
      html += escapeHtml(words[i]!);
      i++;
    }
    if (i < words.length) html += ' ';
  }
  return html;
}

const PAGE_STYLE = `body { font: 16px/1.5 Georgia, serif; margin: 0; }
header.site, footer.site { background: #222; color: #eee; padding: 8px 16px; }
header.site a, footer.site a { color: #eee; margin-right: 12px; }
main { display: grid; grid-template-columns: minmax(0, 40em) 16em; gap: 32px; padding: 16px 32px; }
article { border-bottom: 1px solid #ddd; padding-bottom: 16px; }
.byline { color: #666; font-size: 14px; }
aside ul { list-style: none; padding: 0; }`;

function pageShell(title: string, main: string, aside: string): string {
  const nav = ['News', 'Politics', 'Local', 'Business', 'Opinion', 'Sports']
    .map((section) => `<li><a href="/${section.toLowerCase()}">${section}</a></li>`)
    .join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>${PAGE_STYLE}</style></head><body>
<header class="site"><a href="/">The Daily Ledger</a><nav><ul>${nav}</ul></nav></header>
<main><div class="stories">
${main}
</div><aside><h2>Most read</h2><ul>${aside}</ul></aside></main>
<footer class="site"><p>© The Daily Ledger. <a href="/about">About</a> <a href="/contact">Contact</a></p></footer>
</body></html>`;
}

function articleHtml(article: ParsedArticle, paragraphs: string[], random: () => number): string {
  const body = paragraphs.map((paragraph) => `<p>${withInlineMarkup(paragraph, random)}</p>`);
  // A related-links list in the middle of the story, as many sites insert.
  const middle = Math.floor(body.length / 2);
  body.splice(middle, 0, `<ul class="related">${Array.from({ length: 3 }, () => `<li><a href="/related">${escapeHtml(fillerSentence(random, []))}</a></li>`).join('')}</ul>`);
  return `<article><h2><a href="/story">${escapeHtml(article.title)}</a></h2>
<p class="byline">By <a href="/author">${escapeHtml(article.author ?? 'Staff')}</a> · <time>${article.date ?? ''}</time></p>
${body.join('\n')}
</article>`;
}

export interface BenchPage {
  html: string;
  /** Characters of reading text (paragraph and heading text, not markup). */
  textLength: number;
}

/**
 * A long news page: the five corpus articles again and again, each followed by
 * filler paragraphs (some naming synthetic entities), until `targetChars` of text.
 */
export function buildLargePage(articles: readonly ParsedArticle[], syntheticNames: readonly string[], targetChars: number, seed = 1): BenchPage {
  const random = seededRandom(seed);
  const stories: string[] = [];
  let textLength = 0;
  for (let round = 0; textLength < targetChars; round++) {
    const article = articles[round % articles.length]!;
    const paragraphs = article.paragraphs.map((p) => p.text);
    const filler = Array.from({ length: 3 + Math.floor(random() * 3) }, () => fillerParagraph(random, syntheticNames));
    const all = [...paragraphs, ...filler];
    stories.push(articleHtml(article, all, random));
    textLength += article.title.length + all.reduce((sum, p) => sum + p.length, 0);
  }
  const aside = Array.from({ length: 10 }, () => `<li><a href="/top">${escapeHtml(fillerSentence(random, syntheticNames))}</a></li>`).join('');
  return { html: pageShell('The Daily Ledger', stories.join('\n'), aside), textLength };
}

/** About `targetChars` of article-like text as one block of HTML, for incremental rescans. */
export function buildAppendBlock(articles: readonly ParsedArticle[], syntheticNames: readonly string[], targetChars: number, seed = 2): { html: string; textLength: number } {
  const random = seededRandom(seed);
  const paragraphs: string[] = [];
  let textLength = 0;
  for (let i = 0; textLength < targetChars; i++) {
    const article = articles[i % articles.length]!;
    const text = i % 3 === 2 ? fillerParagraph(random, syntheticNames) : article.paragraphs[(i * 7) % article.paragraphs.length]!.text;
    paragraphs.push(`<p>${withInlineMarkup(text, random)}</p>`);
    textLength += text.length;
  }
  return { html: `<h2>More coverage</h2>\n${paragraphs.join('\n')}`, textLength };
}

/** One corpus article as a plain news page, as the extension would meet it. */
export function buildArticlePage(article: ParsedArticle, seed = 3): string {
  const random = seededRandom(seed);
  return pageShell(article.title, articleHtml(article, article.paragraphs.map((p) => p.text), random), '');
}

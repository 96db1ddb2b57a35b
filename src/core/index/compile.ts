import { ArticleParseError, parseArticle, type ParsedArticle } from '../corpus/parse-article';
import { parseHtmlArticle } from '../corpus/parse-html';
import { mineEntities, mergeEntities } from '../entities/mine-entities';
import { extractFigures } from '../figures/extract-figures';
import { buildAliasMatcher, patternsFromEntities } from '../match/alias-matcher';
import { countMentions, entityMatcher } from '../match/entity-mentions';
import { readFigures } from '../query/figure-reading';
import { buildBm25, DEFAULT_BM25, type Bm25Parameters } from '../search/bm25';
import { foldText } from '../text/normalize';
import { tokenize } from '../text/tokenize';
import { sealIndex, type CorpusIndex } from './format';
import type { DocumentRecord, EntityRecord, FigureRecord, GazetteerEntry, PassageRecord } from './types';
import { messageOf } from '../text/error-message';

export interface SourceFile {
  /** File name, used in errors and as the document's `source`. */
  name: string;
  content: string;
}

export interface CompileOptions {
  gazetteer: readonly GazetteerEntry[];
  /** Needed only for .html files: a DOM parser (DOMParser in a browser, linkedom in Node). */
  parseDocument?: (html: string) => Document;
  bm25?: Bm25Parameters;
}

export interface CompileFailure {
  source: string;
  reason: string;
}

export interface CompileResult {
  index: CorpusIndex;
  /** Files that could not be read; the rest compiled. */
  failures: CompileFailure[];
}

const TEXT_EXTENSIONS = ['.txt', '.md', '.markdown'];
const HTML_EXTENSIONS = ['.html', '.htm'];

export function isCorpusFile(name: string): boolean {
  const lower = name.toLowerCase();
  return [...TEXT_EXTENSIONS, ...HTML_EXTENSIONS].some((ext) => lower.endsWith(ext));
}

function parseSource(file: SourceFile, options: CompileOptions): ParsedArticle {
  const lower = file.name.toLowerCase();
  if (HTML_EXTENSIONS.some((ext) => lower.endsWith(ext))) {
    if (!options.parseDocument) throw new Error('HTML articles need a DOM parser, and none was given');
    return parseHtmlArticle(file.content, file.name, options.parseDocument);
  }
  if (TEXT_EXTENSIONS.some((ext) => lower.endsWith(ext))) return parseArticle(file.content, file.name);
  throw new Error('unsupported file type (expected .txt, .md or .html)');
}

/**
 * Compiles articles into a corpus index. Files are taken in name order so the
 * same folder always gives the same index (and hash). A file that fails is
 * reported and skipped; the others still compile.
 */
export function compileCorpus(files: readonly SourceFile[], options: CompileOptions): CompileResult {
  const failures: CompileFailure[] = [];
  const articles: ParsedArticle[] = [];
  for (const file of [...files].sort((a, b) => a.name.localeCompare(b.name))) {
    try {
      articles.push(parseSource(file, options));
    } catch (error) {
      const reason =
        error instanceof ArticleParseError ? error.reason : messageOf(error);
      failures.push({ source: file.name, reason });
    }
  }

  const documents: DocumentRecord[] = [];
  const passages: PassageRecord[] = [];
  articles.forEach((article, doc) => {
    const passageStart = passages.length;
    for (const paragraph of article.paragraphs) {
      passages.push({ id: passages.length, doc, text: paragraph.text, start: paragraph.start, end: paragraph.end });
    }
    documents.push({
      id: doc,
      source: article.source,
      title: article.title,
      ...(article.author ? { author: article.author } : {}),
      ...(article.date ? { date: article.date } : {}),
      ...(article.publisher ? { publisher: article.publisher } : {}),
      passageStart,
      passageEnd: passages.length,
    });
  });

  const merged = mergeEntities(
    options.gazetteer,
    mineEntities(passages.map((p) => p.text)),
  );
  const matcher = buildAliasMatcher(patternsFromEntities(merged));
  const foldedPassages = passages.map((passage) => foldText(passage.text).text);
  const entityPassages = new Map<string, Set<number>>();
  foldedPassages.forEach((folded, passage) => {
    for (const hit of matcher.match(folded)) {
      let set = entityPassages.get(hit.entityId);
      if (!set) entityPassages.set(hit.entityId, (set = new Set()));
      set.add(passage);
    }
  });
  const entities: EntityRecord[] = merged.map((entity) => {
    const mentioning = [...(entityPassages.get(entity.id) ?? [])].sort((a, b) => a - b);
    const own = entityMatcher(entity);
    return { ...entity, passages: mentioning, mentions: mentioning.map((passage) => countMentions(own, foldedPassages[passage]!)) };
  });

  const knownPlaces = entities.filter((e) => e.type === 'place').flatMap((e) => e.aliases.map((a) => a.text));
  const knownOperations = entities
    .filter((e) => e.type === 'operation')
    .flatMap((e) => e.aliases.map((a) => a.text));
  const figures: FigureRecord[] = [];
  for (const passage of passages) {
    const date = documents[passage.doc]?.date;
    for (const mention of extractFigures(passage.text, { knownPlaces, knownOperations })) {
      figures.push({ ...mention, id: figures.length, passage: passage.id, doc: passage.doc, ...(date ? { date } : {}) });
    }
  }

  const figureReadings = readFigures(figures, passages, (figure) => figure.date);

  const bm25 = buildBm25(
    passages.map((p) => tokenize(p.text)),
    options.bm25 ?? DEFAULT_BM25,
  );
  const index = sealIndex({ documents, passages, entities, figures, figureReadings, bm25, matcher: matcher.toJSON() });
  return { index, failures };
}

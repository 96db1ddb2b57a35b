/**
 * Reads quantities out of prose: "more than 2,000 people", "a dozen arrests",
 * "Los Angeles County (167 arrests)", "$4.6 billion", "90-day".
 *
 * One left-to-right pass over the folded text with module-level regular
 * expressions; each number is checked against its neighbourhood (years, dates,
 * times, phone numbers, page furniture), then the counted noun is read after
 * it, the qualifier before it, and a place and operation from its sentence.
 *
 * Decisions:
 * - Durations are figures: "six weeks", "five days", "four-day period" and
 *   "90-day lifespan" read as days/weeks/years with the number as value.
 * - Vague amounts ("dozens", "hundreds", "thousands of", "tens of millions")
 *   are not figures: they have no value to compare.
 * - A bare number ("Philadelphia (107)", "80 across New England", "to 18,000")
 *   takes its kind from the previous counted figure in the same sentence (same
 *   list shape: both parenthesised or neither), or else from the nearest count
 *   noun before it when the number follows "to/at/of/was..."; otherwise it is
 *   dropped. Number words are never bare ("one of the jurisdictions").
 * - A four-digit number from 1000 to 2099 is a year unless a count noun follows
 *   it directly ("2017 fiscal year", "the 2018 election" are not figures).
 * - Not counts: ages ("22-year-old", "seven years old", "aged 6 to 16"), rates
 *   ("one new migrant for every 100 residents", both numbers), ratio bases ("1 in
 *   5 detainees", "2 out of 3 arrests": the first number smaller), times and offers
 *   ("3 days ago", "30 days free"), and selections ("one of the few countries",
 *   a number word after "the/these/those" as in "the two countries", a number
 *   before a superlative as in "the 10 largest cities").
 * - "1,3" is 1.3 only in a text that shows decimal-comma notation elsewhere
 *   ("80.000", "1.234,5"); otherwise the fragment is dropped, never read as "3".
 * - A place is only read from "in/across/throughout X" right after the figure,
 *   "X (N ...)" and "of X alone ... N"; a place is a capitalised name (with
 *   optional direction words, "and", and ", <US state>") or a known place.
 */
import type { FigureKind, FigureMention, FigureQualifier } from '../index/types';
import { foldString, foldText, isWordChar, type FoldedText } from '../text/normalize';

export interface ExtractFiguresOptions {
  /** Place names to accept after "in/across" or before "(N)" even when the name heuristic would not. */
  knownPlaces?: readonly string[];
  /** Operation names; the first one named in a figure's sentence becomes its `operation`. */
  knownOperations?: readonly string[];
  /** `foldText(text)`, when the caller has it already (the page scanner folds every block once). */
  folded?: FoldedText;
  /**
   * Read each figure's place and operation (default true). The page scanner
   * leaves them out, to be read for the one figure whose card is opened.
   */
  describe?: boolean;
}

interface NounSense {
  kind: FigureKind;
  /** Singular lower case, as stored in `FigureMention.noun`. */
  noun: string;
  plural: boolean;
}

/** [kind, singular, ...plural forms]. Irregular and invariant forms are spelled out. */
const NOUN_FORMS: ReadonlyArray<readonly [FigureKind, string, ...string[]]> = [
  ['people', 'person', 'people', 'persons'],
  ['people', 'individual', 'individuals'],
  ['immigrants', 'immigrant', 'immigrants'],
  ['immigrants', 'migrant', 'migrants'],
  ['immigrants', 'alien', 'aliens'],
  ['arrests', 'arrest', 'arrests'],
  ['workers', 'worker', 'workers'],
  ['workers', 'employee', 'employees'],
  ['workers', 'laborer', 'laborers', 'labourers'],
  ['children', 'child', 'children'],
  ['children', 'minor', 'minors'],
  ['children', 'kid', 'kids'],
  ['detainees', 'detainee', 'detainees'],
  ['cases', 'case', 'cases'],
  ['deaths', 'death', 'deaths'],
  ['deaths', 'fatality', 'fatalities'],
  ['agents', 'agent', 'agents'],
  ['agents', 'officer', 'officers'],
  ['cities', 'city', 'cities'],
  ['states', 'state', 'states'],
  ['countries', 'country', 'countries'],
  ['countries', 'nation', 'nations'],
  ['days', 'day', 'days'],
  ['weeks', 'week', 'weeks'],
  ['years', 'year', 'years'],
  ['money', 'dollar', 'dollars'],
  ['refugees', 'refugee', 'refugees'],
  ['apprehensions', 'apprehension', 'apprehensions'],
  ['centers', 'center', 'centers'],
  ['centers', 'centre', 'centres'],
  ['centers', 'facility', 'facilities'],
  // Counted things without a kind of their own; read only when written in lower case.
  ...(
    [
      ['official', 'officials'],
      ['story', 'stories'],
      ['continent', 'continents'],
      ['term', 'terms'],
      ['ban', 'bans'],
      ['plant', 'plants'],
      ['raid', 'raids'],
      ['operation', 'operations'],
      ['jurisdiction', 'jurisdictions'],
      ['county', 'counties'],
      ['family', 'families'],
      ['parent', 'parents'],
      ['man', 'men'],
      ['woman', 'women'],
      ['student', 'students'],
      ['resident', 'residents'],
      ['citizen', 'citizens'],
      ['protester', 'protesters'],
      ['victim', 'victims'],
      ['seeker', 'seekers'],
      ['visa', 'visas'],
      ['deportation', 'deportations'],
      ['removal', 'removals'],
      ['conviction', 'convictions'],
      ['team', 'teams'],
      ['hotel', 'hotels'],
      ['flight', 'flights'],
      ['home', 'homes'],
      ['community', 'communities'],
      ['month', 'months'],
      ['hour', 'hours'],
      ['minute', 'minutes'],
    ] as const
  ).map(([singular, plural]) => ['other', singular, plural] as const),
];

function buildNounSenses(): Map<string, NounSense> {
  const senses = new Map<string, NounSense>();
  for (const [kind, singular, ...plurals] of NOUN_FORMS) {
    senses.set(singular, { kind, noun: singular, plural: false });
    for (const plural of plurals) senses.set(plural, { kind, noun: singular, plural: true });
  }
  senses.set('percent', { kind: 'percent', noun: 'percent', plural: true });
  return senses;
}

const NOUN_SENSES = buildNounSenses();

/** Kinds that count things; only these are inherited by bare numbers. */
const COUNT_KINDS: ReadonlySet<FigureKind> = new Set<FigureKind>([
  'arrests',
  'people',
  'immigrants',
  'workers',
  'children',
  'detainees',
  'cases',
  'deaths',
  'agents',
  'cities',
  'states',
  'countries',
  'refugees',
  'apprehensions',
  'centers',
]);

/** Participles read after "N of those/the": "317 of those detained". */
const PARTICIPLE_SENSES: ReadonlyMap<string, NounSense> = new Map([
  ['detained', { kind: 'detainees', noun: 'detained', plural: true }],
  ['arrested', { kind: 'arrests', noun: 'arrested', plural: true }],
]);

/** Plural count nouns, for finding what a bare number after "to/at/of" refers to. */
const COUNT_NOUN_RE = new RegExp(
  `\\b(${[...NOUN_SENSES].filter(([, s]) => s.plural && COUNT_KINDS.has(s.kind)).map(([w]) => w).join('|')})\\b`,
  'g',
);

const UNIT_WORDS = 'one|two|three|four|five|six|seven|eight|nine';
const TEEN_WORDS = 'ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen';
const TENS_WORDS = 'twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety';
const SCALE_WORDS = 'hundred|thousand|million|billion|dozen';

const WORD_VALUES: Readonly<Record<string, number>> = Object.fromEntries([
  ...[...UNIT_WORDS.split('|'), ...TEEN_WORDS.split('|')].map((word, i) => [word, i + 1] as const),
  ...TENS_WORDS.split('|').map((word, i) => [word, (i + 2) * 10] as const),
]);

const SCALE_VALUES: Readonly<Record<string, number>> = {
  hundred: 100,
  thousand: 1_000,
  million: 1_000_000,
  billion: 1_000_000_000,
  dozen: 12,
};

/** Groups: 1 "$", 2 digits, 3 number word(s), 4 scale word. */
function numberRegex(digits: string): RegExp {
  return new RegExp(
    `(\\$\\s?)?(?:(${digits})` +
      `|\\b(a\\s+dozen|a(?=\\s+(?:hundred|thousand|million|billion)\\b)|(?:${TENS_WORDS})(?:-(?:${UNIT_WORDS}))?|${TEEN_WORDS}|${UNIT_WORDS})\\b)` +
      `(?:\\s+(${SCALE_WORDS})\\b)?`,
    'gi',
  );
}
/**
 * Anything `numberRegex` matches holds a digit or one of these words: most
 * page blocks hold neither. Two expressions, as a digit alone is found fastest.
 */
const DIGIT_RE = /\d/;
const NUMBER_WORD_RE = new RegExp(`\\b(?:${UNIT_WORDS}|${TEEN_WORDS}|${TENS_WORDS}|${SCALE_WORDS})\\b`, 'i');
/** "2,000" and "4.6". */
const NUMBER_RE = numberRegex('\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?');
/** "80.000" and "1,3", for texts that write decimal commas. */
const DECIMAL_COMMA_NUMBER_RE = numberRegex('\\d{1,3}(?:\\.\\d{3})+(?:,\\d+)?|\\d+(?:,\\d+)?');
/** Numbers only decimal-comma notation writes: "1.234,5", "1.234.567". */
const CONTINENTAL_NUMBER_RE = /\d\.\d{3}(?:\.\d{3})*,\d|\d\.\d{3}\.\d{3}(?![\d.,])/;
/** "80.000": a dot before three digits, thousands in decimal-comma notation. */
const DOT_GROUP_RE = /(?<![\d.,])\d{1,3}\.\d{3}(?![\d.,])/;
/** "1,3", "12,50": a comma that cannot separate thousands. */
const COMMA_FRACTION_RE = /(?<![\d.,])\d+,(?:\d{1,2}|\d{4,})(?![\d.,])/;

const QUALIFIERS: ReadonlyArray<readonly [string, FigureQualifier]> = [
  ['no more than', 'up-to'],
  ['no fewer than', 'at-least'],
  ['no less than', 'at-least'],
  ['more than', 'more-than'],
  ['upwards of', 'more-than'],
  ['just over', 'more-than'],
  ['well over', 'more-than'],
  ['at least', 'at-least'],
  ['at most', 'up-to'],
  ['fewer than', 'fewer-than'],
  ['less than', 'fewer-than'],
  ['close to', 'nearly'],
  ['up to', 'up-to'],
  ['an estimated', 'about'],
  ['approximately', 'about'],
  ['roughly', 'about'],
  ['around', 'about'],
  ['about', 'about'],
  ['nearly', 'nearly'],
  ['almost', 'nearly'],
  ['over', 'more-than'],
  ['under', 'fewer-than'],
  ['some', 'about'],
];
const QUALIFIER_BY_PHRASE: ReadonlyMap<string, FigureQualifier> = new Map(QUALIFIERS);
// Longer phrases first so "no more than" wins over "more than" at the same end.
const QUALIFIER_RE = new RegExp(
  `(?:^|[^A-Za-z])(${QUALIFIERS.map(([p]) => p.replace(/ /g, '\\s+')).join('|')})\\s+$`,
  'i',
);

const MONTHS =
  'January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec';
/** "September 21", "September 21 to 25", "Aug. 7". Case-sensitive so "may" the verb is no month. */
const MONTH_BEFORE_RE = new RegExp(`\\b(?:${MONTHS})\\.?\\s+(?:\\d{1,2}\\s*(?:-|to|and|through|until)\\s*)?$`);
/** "4 September", "4 of September". */
const MONTH_AFTER_RE = new RegExp(`\\s+(?:of\\s+)?(?:${MONTHS})\\b`, 'y');
const FOUR_DIGITS_RE = /^\d{4}$/;
const THOUSANDS_SEPARATOR_RE = /,/g;
const DOTS_RE = /\./g;
const WHITESPACE_RUN_RE = /\s+/g;
const DATE_NUMBER_RE = /^(?:\d{1,2}|\d{4})$/;
/** A digit joined by punctuation: phone numbers, times, ranges, versions, fractions, a stray comma ("1,3"). */
const DIGIT_BEFORE_RE = /(?:\d(?:[.,\/:-]|\)?\s|\))|\+)$/;
const DIGIT_AFTER_RE = /\)?[\s.,\/:-]?\d/y;
const FURNITURE_BEFORE_RE =
  /(?:\b(?:page|pages|p\.|pp\.|no\.|nos\.|number|vol\.|volume|chapter|ch\.|section|sec\.|part|figure|fig\.|table|step|episode|season|issue|article|title|order|room|suite|apt\.|route|highway|interstate|flight)|#)\s*$/i;
/** Counters, reading times, "3 days ago" (a time, not a span), "30 days free" (an offer). */
const FURNITURE_AFTER_RE =
  /(?:\s+(?:min(?:ute)?s?\s+read|comments?|shares?|likes?|replies|views|retweets?|reactions?)|[\s-]+(?:(?:sec(?:ond)?|min(?:ute)?|h(?:ou)?r|day|week|month|year)s?\s+ago|(?:day|week|month)s?\s+free))\b/iy;
/** "22-year-old", "93 year-old", "seven years old", "10 years of age": an age, not a count. */
const AGE_AFTER_RE = /[\s-]+(?:year|month|week|day)s?(?:[\s-]+olds?|\s+of\s+age)\b/iy;
/** "aged 15", "children aged 6 to 16", "the age of 5": both ends of an age range. */
const AGE_BEFORE_RE = new RegExp(
  `\\b(?:aged?|ages)\\s+(?:of\\s+)?(?:(?:between|from)\\s+)?(?:(?:\\d+|${UNIT_WORDS}|${TEEN_WORDS}|${TENS_WORDS})\\s*(?:-|to|and)\\s*)?$`,
  'i',
);
/** "the two countries", "these three officials": a number word naming a set already known, not counting one. */
const DETERMINER_BEFORE_RE = /\b(?:the|these|those)\s+$/i;
/** "one new migrant for every 100 residents", "3 per 1,000": a rate, not a count (on either side). */
const RATE_AFTER_RE =
  /\s+(?:(?:for|in|out\s+of)\s+(?:every|each)\b|per\s+(?:every\b|\d|(?:a\s+|one\s+)?(?:hundred|thousand|million)\b))/iy;
const RATE_BEFORE_RE = /\b(?:(?:for|in|out\s+of)\s+(?:every|each)|per(?:\s+every)?)\s+$/i;
/** "1 in 5", "nine in 10", "2 out of 3": the number before a ratio's base (group 1), checked to be smaller. */
const RATIO_BEFORE_RE = new RegExp(`(?:^|[^\\w.,-])(\\d+|${UNIT_WORDS}|${TEEN_WORDS}|${TENS_WORDS})\\s+(?:in|out\\s+of)\\s+$`, 'i');
/** "six largest cities", "10 most populous states": a selection, not a count. */
const SUPERLATIVE_RE = /^(?:most|least|best|worst|[a-z]{2,}est)$/;
/** Words ending in "est" that are not superlatives. */
const NOT_SUPERLATIVES: ReadonlySet<string> = new Set(
  'arrest interest protest forest honest modest midwest harvest contest request unrest guest chest priest'.split(' '),
);
const TIME_AFTER_RE = /\s?(?:[ap]\.m\.|[ap]m\b|o'clock)/iy;
/** "four-day", "90-day" ("10-year-old" is an age: AGE_AFTER_RE drops it first). */
const DURATION_RE = /-(day|week|month|year|hour|minute)s?(?![A-Za-z])/iy;
const DURATION_KINDS: Readonly<Record<string, FigureKind>> = { day: 'days', week: 'weeks', year: 'years' };
const PERCENT_SIGN_RE = /\s?%/y;

/** A word after a number: parenthesised acronym "(ERO)", dotted "U.S.", or a word with inner ' or -. */
const TOKEN_RE = /\s+(\([A-Z][A-Za-z.]*\)|(?:[A-Za-z]\.){2,}|[A-Za-z][A-Za-z0-9]*(?:['-][A-Za-z0-9]+)*)/y;
const MAX_WINDOW_TOKENS = 8;
/** Adjectives between number and noun ("confirmed collateral arrests"); capitalised names are not counted. */
const MAX_LOWERCASE_FILLERS = 2;
const STOP_WORDS: ReadonlySet<string> = new Set(
  (
    'of in across at to from for on by with the a an and or but nor were was had have has is are be been being ' +
    'will would could should may might must can did do does who whom whose which that this these those their its ' +
    'his her it they he she we you i not no over since during after before as while per than into onto when where ' +
    'between through throughout under about against among within without alone last next ago every all including ' +
    'another so then there here if yet because until upon via amid each'
  ).split(' '),
);
const PARTITIVE_ARTICLES: ReadonlySet<string> = new Set(['the', 'those', 'these']);

/** After a bare number: the end, punctuation, or a word that starts a place or predicate ("80 across", "181 had"). */
const BARE_NEXT_RE = /(?:\s*$|\s*[)\],;:.!?"'*-]|\s+(?:across|in|throughout|had|have|has|were|was|are|is|alone)\b)/y;
/** Before a bare number whose kind is read from a preceding noun ("cap on refugees ... to 18,000"). */
const BARE_TRIGGER_RE =
  /\b(?:to|at|of|reached|totaled|totalled|totaling|totalling|was|were|is|are|numbered)\s+$/i;
const BARE_LOOKBACK = 120;

const DIRECTION =
  '(?:north|south|east|west|central|northern|southern|eastern|western|northeast|northwest|southeast|southwest|northeastern|northwestern|southeastern|southwestern|upstate|downstate)';
const NAME_WORD = "(?:[A-Z][a-z]+(?:[A-Z][a-z]+)?(?:['-][A-Z]?[a-z]+)*|US|U\\.S\\.|USA|UK|NYC)";
const NAME = `${NAME_WORD}(?:\\s+${NAME_WORD})*`;
const US_STATES =
  'Alabama|Alaska|Arizona|Arkansas|California|Colorado|Connecticut|Delaware|Florida|Georgia|Hawaii|Idaho|Illinois|' +
  'Indiana|Iowa|Kansas|Kentucky|Louisiana|Maine|Maryland|Massachusetts|Michigan|Minnesota|Mississippi|Missouri|' +
  'Montana|Nebraska|Nevada|New\\s+Hampshire|New\\s+Jersey|New\\s+Mexico|New\\s+York|North\\s+Carolina|North\\s+Dakota|' +
  'Ohio|Oklahoma|Oregon|Pennsylvania|Rhode\\s+Island|South\\s+Carolina|South\\s+Dakota|Tennessee|Texas|Utah|Vermont|' +
  'Virginia|Washington|West\\s+Virginia|Wisconsin|Wyoming';
const STATE_SUFFIX = `(?:,\\s+(?:(?:${US_STATES})\\b|D\\.C\\.|DC\\b))`;
const PLACE = `(?:${DIRECTION}(?:\\s+and\\s+${DIRECTION})?\\s+)?${NAME}(?:\\s+and\\s+(?:${DIRECTION}\\s+)?${NAME})?${STATE_SUFFIX}?`;
const TRAILING_PAREN_RE = /\s*\($/;
const PLACE_WORD_SEPARATOR_RE = /[\s,]+/;
const PLACE_PREPOSITION_RE = /\s+(?:in|across|throughout)\s+(?:the\s+)?/y;
const PLACE_AT_RE = new RegExp(PLACE, 'y');
const PLACE_BEFORE_PAREN_RE = new RegExp(`(?:^|[^A-Za-z.'-])(${NAME}${STATE_SUFFIX}?)\\s*\\($`);
const PLACE_OF_ALONE_RE = new RegExp(`\\bof\\s+(?:the\\s+)?(${PLACE})\\s+alone\\s+(?:[a-z]+\\s+){0,3}$`);
/** What may follow a place: punctuation, the end, a capitalised word, or a function word (not a noun it modifies). */
const PLACE_FOLLOW_RE =
  /(?:\s*$|[^\sA-Za-z0-9]|\s+[A-Z0-9]|\s+(?:and|or|alone|who|which|that|where|when|while|on|in|at|during|over|since|after|before|from|to|for|by|with|as|last|this|were|was|had|have|has|is|are|between|until|of|because|but|under)\b)/y;
const NOT_PLACE_WORDS: ReadonlySet<string> = new Set(
  (
    `${MONTHS.replace(/\|/g, ' ')} Monday Tuesday Wednesday Thursday Friday Saturday Sunday ` +
    'The This That These Those A An Its Their His Her Our Operation Department Congress Senate Court Office Agency'
  ).split(' '),
);

const OPERATION_NAME_RE = /\bOperation\s+["']?([A-Z][a-z0-9]*(?:['-][A-Za-z0-9]+)*(?:\s+[A-Z][a-z0-9]*(?:['-][A-Za-z0-9]+)*)*)/g;
/** Quoted names ending in an operation word: "sanctuary op", "enforcement surge". */
const QUOTED_OPERATION_RE = /"([^"]{2,60}?\s(?:op|operation|surge|sweep))[,.]?"/gi;

const SENTENCE_END_RE = /[.!?]+["')\]*]*\s+(?=["'(\[*#_]*[A-Z0-9$])/g;
const ABBREVIATION_RE =
  /(?:^|[^A-Za-z.])(?:(?:[A-Za-z]\.)*[A-Z]|Mr|Mrs|Ms|Dr|St|Gen|Sen|Rep|Gov|Lt|Sgt|Col|Capt|Jr|Sr|No|Nos|Vol|Inc|Corp|Co|Ltd|vs|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)$/;
const LINE_BREAK_RE = /[^\S\n]*\n\s*/g;
const LOWERCASE_RE = /\p{Ll}/u;
/** Dashes that separate words; a folded "-" that came from one of these is punctuation, not a hyphen. */
const SEPARATING_DASHES = new Set(['\u2012', '\u2013', '\u2014', '\u2015', '\u2212']);

interface Token {
  word: string;
  end: number;
  /** Punctuation follows the word: the noun window ends here. */
  closed: boolean;
}

interface NounReading {
  kind: FigureKind;
  noun: string;
  end: number;
  /** The noun follows the number directly, with no words between. */
  immediate: boolean;
}

interface CountContext {
  kind: FigureKind;
  noun: string;
  sentence: number;
  inParen: boolean;
}

interface Scan {
  raw: string;
  s: string;
  map: Int32Array;
  sentenceStarts: number[];
  knownPlaces: readonly string[];
  knownOperations: readonly string[];
  operations: Map<number, string | undefined>;
}

export function extractFigures(text: string, options: ExtractFiguresOptions = {}): FigureMention[] {
  const { text: s, map } = options.folded ?? foldText(text);
  if (!DIGIT_RE.test(s) && !NUMBER_WORD_RE.test(s)) return [];
  const decimalComma = usesDecimalCommas(s);
  const numberRe = decimalComma ? DECIMAL_COMMA_NUMBER_RE : NUMBER_RE;
  // Most page blocks hold no number at all: skip the sentence split for them.
  numberRe.lastIndex = 0;
  if (!numberRe.test(s)) return [];
  const scan: Scan = {
    raw: text,
    s,
    map,
    sentenceStarts: sentenceStarts(text, s, map),
    knownPlaces: foldedNames(options.knownPlaces),
    knownOperations: foldedNames(options.knownOperations),
    operations: new Map(),
  };
  const mentions: FigureMention[] = [];
  let sentence = 0;
  let lastEnd = 0;
  let lastCount: CountContext | undefined;

  numberRe.lastIndex = 0;
  for (let match = numberRe.exec(s); match; match = numberRe.exec(s)) {
    const start = match.index;
    if (start < lastEnd) continue;
    while (sentence + 1 < scan.sentenceStarts.length && scan.sentenceStarts[sentence + 1]! <= start) sentence++;
    const sentenceStart = scan.sentenceStarts[sentence]!;
    const sentenceEnd = scan.sentenceStarts[sentence + 1] ?? s.length;

    const isMoney = match[1] !== undefined;
    const digits = match[2];
    const scale = match[4]?.toLowerCase();
    const numberEnd = start + match[0].length;
    if (isRejectedNumber(scan, start, numberEnd, digits) || isAgeRateOrReference(scan, start, numberEnd, match[3])) continue;
    const value = numberValue(digits, match[3], scale, decimalComma);
    if (isRatioBase(s, start, value)) continue;
    const yearLike = digits !== undefined && !isMoney && !scale && FOUR_DIGITS_RE.test(digits) && value >= 1000 && value < 2100;

    const qualifierMatch = QUALIFIER_RE.exec(lookback(s, start, 30, sentenceStart));
    const qualifierPhrase = qualifierMatch?.[1];
    const figureStart = qualifierPhrase ? start - qualifierMatch[0].length + qualifierMatch[0].indexOf(qualifierPhrase) : start;
    const qualifier = qualifierPhrase
      ? (QUALIFIER_BY_PHRASE.get(qualifierPhrase.toLowerCase().replace(WHITESPACE_RUN_RE, ' ')) ?? 'exact')
      : 'exact';

    let reading: NounReading | undefined;
    if (isMoney) {
      reading = { kind: 'money', noun: 'dollar', end: numberEnd, immediate: true };
    } else {
      reading = readUnit(scan, numberEnd, sentenceEnd, value);
      if (!reading && digits !== undefined && !yearLike) {
        reading = readBare(scan, figureStart, numberEnd, sentence, sentenceStart, lastCount);
      }
    }
    if (!reading || stickyTest(RATE_AFTER_RE, s, reading.end)) continue;
    if (yearLike && !(reading.immediate && COUNT_KINDS.has(reading.kind))) continue;

    const end = reading.end;
    const inParen = s[figureStart - 1] === '(' && s[end] === ')';
    const described = options.describe ?? true;
    const place = !described
      ? undefined
      : inParen
        ? placeBeforeParen(scan, figureStart, sentenceStart)
        : (placeAfter(scan, end, sentenceEnd) ?? placeOfAlone(scan, figureStart, sentenceStart));
    const operation = described ? sentenceOperation(scan, sentence) : undefined;

    const rawStart = map[figureStart]!;
    const rawEnd = map[end - 1]! + 1;
    const mention: FigureMention = {
      start: rawStart,
      end: rawEnd,
      text: text.slice(rawStart, rawEnd),
      value,
      qualifier,
      kind: reading.kind,
      noun: reading.noun,
    };
    // Set only when found (no undefined fields), without spreading an object for each figure.
    if (place) mention.place = place;
    if (operation) mention.operation = operation;
    mentions.push(mention);
    lastEnd = end;
    if (COUNT_KINDS.has(reading.kind)) lastCount = { kind: reading.kind, noun: reading.noun, sentence, inParen };
  }
  return mentions;
}

/** Callers pass the same name lists for every passage, so each list is folded once. */
const foldedNameLists = new WeakMap<readonly string[], readonly string[]>();

function foldedNames(names: readonly string[] | undefined): readonly string[] {
  if (!names) return [];
  let folded = foldedNameLists.get(names);
  if (!folded) foldedNameLists.set(names, (folded = names.map(foldString).filter((name) => name.length > 0)));
  return folded;
}

/** Dates, times, phone numbers, ordinals, "COVID-19", "Page 2", "12 comments" (years are judged once the noun is known). */
function isRejectedNumber(scan: Scan, start: number, end: number, digits: string | undefined): boolean {
  const { s } = scan;
  const before = s[start - 1];
  if (isWordChar(before)) return true;
  if (before === '-' && !isSeparatingDash(scan, start - 1) && isWordChar(s[start - 2])) return true;
  const head = lookback(s, start, 24, 0);
  if (DIGIT_BEFORE_RE.test(head) || FURNITURE_BEFORE_RE.test(head)) return true;
  const after = s[end];
  if (isWordChar(after)) return true;
  if (after === '-' && !isSeparatingDash(scan, end) && !stickyTest(DURATION_RE, s, end)) return true;
  // Only a day (1-2 digits) or a year (4 digits) can sit next to a month name.
  const dateLike = digits !== undefined && DATE_NUMBER_RE.test(digits);
  if (dateLike && (MONTH_BEFORE_RE.test(head) || stickyTest(MONTH_AFTER_RE, s, end))) return true;
  return (
    stickyTest(DIGIT_AFTER_RE, s, end) ||
    stickyTest(FURNITURE_AFTER_RE, s, end) ||
    stickyTest(TIME_AFTER_RE, s, end)
  );
}

/**
 * "22-year-old", "children aged 6 to 16", "for every 100 residents" (a rate's base), "the two countries"
 * (a known set: number words only, and not "the five-day").
 */
function isAgeRateOrReference(scan: Scan, start: number, end: number, words: string | undefined): boolean {
  const { s } = scan;
  const head = lookback(s, start, 40, 0);
  if (stickyTest(AGE_AFTER_RE, s, end) || AGE_BEFORE_RE.test(head) || RATE_BEFORE_RE.test(head)) return true;
  return words !== undefined && s[end] !== '-' && DETERMINER_BEFORE_RE.test(head);
}

/**
 * "1 in 5 detainees", "one in five", "2 out of 3 arrests": the base of a ratio, not a count. The first
 * number must be the smaller, so "arrested 40 in 3 days" keeps "3 days".
 */
function isRatioBase(s: string, start: number, value: number): boolean {
  const ratio = RATIO_BEFORE_RE.exec(lookback(s, start, 24, 0));
  if (!ratio) return false;
  const first = ratio[1]!.toLowerCase();
  return (WORD_VALUES[first] ?? Number(first)) < value;
}

/** Evidence of decimal-comma notation; a lone "1,3" is not enough (it may be a typo or a list). */
function usesDecimalCommas(s: string): boolean {
  return CONTINENTAL_NUMBER_RE.test(s) || (DOT_GROUP_RE.test(s) && COMMA_FRACTION_RE.test(s));
}

function isSeparatingDash(scan: Scan, foldedIndex: number): boolean {
  return SEPARATING_DASHES.has(scan.raw[scan.map[foldedIndex]!] ?? '');
}

function numberValue(
  digits: string | undefined,
  words: string | undefined,
  scale: string | undefined,
  decimalComma: boolean,
): number {
  const multiplier = scale ? (SCALE_VALUES[scale] ?? 1) : 1;
  if (digits !== undefined) {
    const plain = decimalComma ? digits.replace(DOTS_RE, '').replace(',', '.') : digits.replace(THOUSANDS_SEPARATOR_RE, '');
    const [whole = '', fraction = ''] = plain.split('.');
    // Integer arithmetic first so 4.6 billion is exactly 4600000000.
    return (Number(whole + fraction) * multiplier) / 10 ** fraction.length;
  }
  const lower = (words ?? '').toLowerCase().replace(WHITESPACE_RUN_RE, ' ');
  if (lower === 'a dozen') return 12 * multiplier;
  if (lower === 'a') return multiplier;
  const sum = lower.split('-').reduce((total, part) => total + (WORD_VALUES[part] ?? 0), 0);
  return sum * multiplier;
}

/** The unit right after the number: "%", "-day", or a counted noun within a few words. */
function readUnit(scan: Scan, numberEnd: number, limit: number, value: number): NounReading | undefined {
  const { s } = scan;
  PERCENT_SIGN_RE.lastIndex = numberEnd;
  if (PERCENT_SIGN_RE.exec(s)) return { kind: 'percent', noun: 'percent', end: PERCENT_SIGN_RE.lastIndex, immediate: true };
  if (s[numberEnd] === '-' && !isSeparatingDash(scan, numberEnd)) {
    DURATION_RE.lastIndex = numberEnd;
    const duration = DURATION_RE.exec(s);
    if (!duration) return undefined;
    const unit = duration[1]!.toLowerCase();
    return { kind: DURATION_KINDS[unit] ?? 'other', noun: unit, end: numberEnd + 1 + unit.length, immediate: true };
  }
  return readNoun(new TokenWindow(s, numberEnd, limit), value);
}

/**
 * The words after a number (up to MAX_WINDOW_TOKENS, `limit` and the first
 * punctuation), read as they are asked for: the noun is usually the first.
 */
class TokenWindow {
  private readonly tokens: Token[] = [];
  private ended = false;

  constructor(
    private readonly s: string,
    private pos: number,
    private readonly limit: number,
  ) {}

  at(index: number): Token | undefined {
    while (this.tokens.length <= index && !this.ended) this.readNext();
    return this.tokens[index];
  }

  private readNext(): void {
    TOKEN_RE.lastIndex = this.pos;
    const match = this.tokens.length < MAX_WINDOW_TOKENS ? TOKEN_RE.exec(this.s) : null;
    if (!match || TOKEN_RE.lastIndex > this.limit) {
      this.ended = true;
      return;
    }
    this.pos = TOKEN_RE.lastIndex;
    const next = this.s[this.pos];
    const closed = next !== undefined && next !== ' ';
    this.tokens.push({ word: match[1]!, end: this.pos, closed });
    if (closed) this.ended = true;
  }
}

function readNoun(tokens: TokenWindow, value: number): NounReading | undefined {
  const first = tokens.at(0);
  if (!first) return undefined;
  const firstLower = first.word.toLowerCase();
  // "one of the few countries" picks one out of a set; it never counts.
  if (firstLower === 'of') return first.closed || value === 1 ? undefined : readPartitive(tokens);
  const second = firstLower === 'per' && !first.closed ? tokens.at(1) : undefined;
  if (second?.word.toLowerCase() === 'cent') {
    return { kind: 'percent', noun: 'percent', end: second.end, immediate: true };
  }
  let lowercaseFillers = 0;
  for (let i = 0; ; i++) {
    const token = tokens.at(i);
    if (!token) break;
    const lower = token.word.toLowerCase();
    const capitalised = isCapitalised(token.word);
    const sense = NOUN_SENSES.get(lower);
    if (sense && (!capitalised || sense.kind !== 'other')) {
      if (!sense.plural && value !== 1) return undefined;
      return { kind: sense.kind, noun: sense.noun, end: token.end, immediate: i === 0 };
    }
    if (token.closed || isSuperlative(token.word)) return undefined;
    if (capitalised) continue;
    const joinsNames = lower === 'and' && i > 0 && isCapitalised(tokens.at(i - 1)!.word) && isCapitalised(tokens.at(i + 1)?.word ?? '');
    if (joinsNames) continue;
    if (STOP_WORDS.has(lower) || ++lowercaseFillers > MAX_LOWERCASE_FILLERS) return undefined;
  }
  return undefined;
}

/** "317 of those detained", "86 of the undocumented immigrants", "six of the arrests". */
function readPartitive(tokens: TokenWindow): NounReading | undefined {
  const article = tokens.at(1);
  if (!article || article.closed || !PARTITIVE_ARTICLES.has(article.word.toLowerCase())) return undefined;
  for (let i = 2; i < 4; i++) {
    const token = tokens.at(i);
    if (!token) break;
    const sense = NOUN_SENSES.get(token.word) ?? PARTICIPLE_SENSES.get(token.word);
    if (sense && sense.plural && COUNT_KINDS.has(sense.kind)) {
      return { kind: sense.kind, noun: sense.noun, end: token.end, immediate: false };
    }
    if (token.closed || STOP_WORDS.has(token.word) || isCapitalised(token.word)) return undefined;
  }
  return undefined;
}

/** A number with no noun of its own, in a list or after "to/at" ("(107)", "80 across New England", "to 18,000"). */
function readBare(
  scan: Scan,
  figureStart: number,
  numberEnd: number,
  sentence: number,
  sentenceStart: number,
  lastCount: CountContext | undefined,
): NounReading | undefined {
  const { s } = scan;
  if (!stickyTest(BARE_NEXT_RE, s, numberEnd)) return undefined;
  const inParen = s[figureStart - 1] === '(' && s[numberEnd] === ')';
  if (lastCount && lastCount.sentence === sentence && lastCount.inParen === inParen) {
    return { kind: lastCount.kind, noun: lastCount.noun, end: numberEnd, immediate: false };
  }
  if (inParen) return undefined;
  const head = lookback(s, figureStart, BARE_LOOKBACK, sentenceStart);
  if (!BARE_TRIGGER_RE.test(head)) return undefined;
  let noun: string | undefined;
  COUNT_NOUN_RE.lastIndex = 0;
  for (let match = COUNT_NOUN_RE.exec(head); match; match = COUNT_NOUN_RE.exec(head)) noun = match[1];
  const sense = noun ? NOUN_SENSES.get(noun) : undefined;
  return sense ? { kind: sense.kind, noun: sense.noun, end: numberEnd, immediate: false } : undefined;
}

/** "... arrests in Central and South Texas", "80 across New England". */
function placeAfter(scan: Scan, from: number, limit: number): string | undefined {
  const { s } = scan;
  PLACE_PREPOSITION_RE.lastIndex = from;
  if (!PLACE_PREPOSITION_RE.exec(s)) return undefined;
  const at = PLACE_PREPOSITION_RE.lastIndex;
  let best = knownPlaceAt(scan, at);
  PLACE_AT_RE.lastIndex = at;
  const match = PLACE_AT_RE.exec(s);
  const end = PLACE_AT_RE.lastIndex;
  if (match && end <= limit && end - at > (best?.length ?? 0) && isPlausiblePlace(match[0]) && stickyTest(PLACE_FOLLOW_RE, s, end)) {
    best = match[0];
  }
  return best;
}

/** "Los Angeles County (167 arrests)", "Washington, D.C. (14)". */
function placeBeforeParen(scan: Scan, figureStart: number, sentenceStart: number): string | undefined {
  const head = lookback(scan.s, figureStart, 80, sentenceStart);
  const named = PLACE_BEFORE_PAREN_RE.exec(head)?.[1];
  const known = knownPlaceEndingAt(scan, head.replace(TRAILING_PAREN_RE, ''));
  return longestPlace(named && isPlausiblePlace(named) ? named : undefined, known);
}

/** "the sanctuary city of Los Angeles alone saw 300 arrests". */
function placeOfAlone(scan: Scan, figureStart: number, sentenceStart: number): string | undefined {
  const named = PLACE_OF_ALONE_RE.exec(lookback(scan.s, figureStart, 100, sentenceStart))?.[1];
  return named && isPlausiblePlace(named) ? named : undefined;
}

function longestPlace(a: string | undefined, b: string | undefined): string | undefined {
  if (!a) return b;
  if (!b) return a;
  return b.length > a.length ? b : a;
}

function isPlausiblePlace(place: string): boolean {
  return !place.split(PLACE_WORD_SEPARATOR_RE).some((word) => NOT_PLACE_WORDS.has(word));
}

function knownPlaceAt(scan: Scan, at: number): string | undefined {
  const { s } = scan;
  let best: string | undefined;
  for (const place of scan.knownPlaces) {
    if (place.length <= (best?.length ?? 0)) continue;
    const candidate = s.slice(at, at + place.length);
    if (candidate.toLowerCase() === place.toLowerCase() && !isWordChar(s[at + place.length])) best = candidate;
  }
  return best;
}

function knownPlaceEndingAt(scan: Scan, head: string): string | undefined {
  let best: string | undefined;
  for (const place of scan.knownPlaces) {
    if (place.length <= (best?.length ?? 0) || place.length > head.length) continue;
    const from = head.length - place.length;
    const candidate = head.slice(from);
    if (candidate.toLowerCase() === place.toLowerCase() && !isWordChar(head[from - 1])) best = candidate;
  }
  return best;
}

/** The operation named in a sentence: a known name first, then "Operation X" or a quoted "... op/surge". */
function sentenceOperation(scan: Scan, sentence: number): string | undefined {
  if (scan.operations.has(sentence)) return scan.operations.get(sentence);
  const text = scan.s.slice(scan.sentenceStarts[sentence]!, scan.sentenceStarts[sentence + 1] ?? scan.s.length);
  const lower = text.toLowerCase();
  let operation: string | undefined;
  for (const known of scan.knownOperations) {
    const index = lower.indexOf(known.toLowerCase());
    const bounded = index >= 0 && !isWordChar(lower[index - 1]) && !isWordChar(lower[index + known.length]);
    if (bounded && known.length > (operation?.length ?? 0)) operation = known;
  }
  if (!operation) {
    OPERATION_NAME_RE.lastIndex = 0;
    const named = OPERATION_NAME_RE.exec(text);
    QUOTED_OPERATION_RE.lastIndex = 0;
    operation = named ? `Operation ${named[1]}` : QUOTED_OPERATION_RE.exec(text)?.[1];
  }
  scan.operations.set(sentence, operation);
  return operation;
}

/**
 * Folded offsets where sentences start: after . ! ? followed by a capital (not
 * after an initial or abbreviation such as "D.C."), and at line breaks in the
 * source unless the next line starts in lower case (a page break mid-sentence).
 */
function sentenceStarts(raw: string, s: string, map: Int32Array): number[] {
  const starts = [0];
  SENTENCE_END_RE.lastIndex = 0;
  for (let match = SENTENCE_END_RE.exec(s); match; match = SENTENCE_END_RE.exec(s)) {
    const single = match[0].startsWith('.') && match[0][1] !== '.';
    if (single && ABBREVIATION_RE.test(s.slice(Math.max(0, match.index - 12), match.index))) continue;
    starts.push(SENTENCE_END_RE.lastIndex);
  }
  // Most page blocks have no line break at all: skip the pattern's walk over every space.
  if (!raw.includes('\n')) return starts;
  // Sentence ends come in order, one after another; line breaks may fall among them or on them.
  const sentenceEnds = starts.length;
  LINE_BREAK_RE.lastIndex = 0;
  for (let match = LINE_BREAK_RE.exec(raw); match; match = LINE_BREAK_RE.exec(raw)) {
    const next = raw[LINE_BREAK_RE.lastIndex];
    if (next === undefined || LOWERCASE_RE.test(next)) continue;
    starts.push(lowerBound(map, LINE_BREAK_RE.lastIndex));
  }
  return starts.length === sentenceEnds ? starts : [...new Set(starts)].sort((a, b) => a - b);
}

/** First folded index whose source offset is at or after `rawIndex`. */
function lowerBound(map: Int32Array, rawIndex: number): number {
  let lo = 0;
  let hi = map.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (map[mid]! < rawIndex) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Up to `length` chars before `pos`, not before `floor`, never starting mid-word. */
function lookback(s: string, pos: number, length: number, floor: number): string {
  let from = Math.max(floor, pos - length);
  while (from > floor && from < pos && isWordChar(s[from - 1])) from++;
  return s.slice(from, pos);
}

function stickyTest(re: RegExp, s: string, at: number): boolean {
  re.lastIndex = at;
  return re.test(s);
}

function isSuperlative(word: string): boolean {
  return SUPERLATIVE_RE.test(word) && !NOT_SUPERLATIVES.has(word);
}

function isCapitalised(word: string): boolean {
  const first = word[0];
  return first !== undefined && (first === '(' || (first >= 'A' && first <= 'Z'));
}

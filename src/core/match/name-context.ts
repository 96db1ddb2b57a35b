/**
 * Context rules for aliases of people and for acronyms that are also words,
 * checked by the alias matcher at candidate matches only (never per char).
 */
import { isWordCode } from '../text/normalize';

/**
 * Capitalised words that may stand right before a surname without being a
 * given name: titles ("President Obama", "Sen Obama") and words that are
 * capitalised at the start of a sentence ("Under Obama", "The Obama
 * administration", "On Monday Obama"). Lower case.
 */
const NOT_GIVEN_NAMES: ReadonlySet<string> = new Set(
  (
    // Titles and roles.
    'president presidents former mr mrs ms mx dr sen senator senators rep reps representative gov governor judge ' +
    'justice secretary director commissioner acting deputy chief officer agent sheriff mayor minister chairman ' +
    'chairwoman chair speaker leader candidate nominee administrator ambassador general gen lt col sgt capt cmdr ' +
    'adm prof professor rev reverend sir dame lord lady vice attorney official spokesman spokeswoman spokesperson ' +
    'democrat democrats republican republicans senior executive assistant associate superintendent councilman ' +
    'councilwoman congressman congresswoman trooper detective inspector commander captain sergeant lieutenant ' +
    'colonel major admiral bishop father pastor rabbi imam saint st queen king prince princess pope premier ' +
    'chancellor marshal warden adviser advisor aide then ' +
    // Function words that open sentences.
    'the a an this that these those his her their our its my your every each both either neither no not only even ' +
    'also and but or nor so yet for if as when while whereas although though because since until unless once after ' +
    'before during under over against with without within from to by at on in of about among between despite like ' +
    'unlike including via per through toward towards around upon amid behind beyond following whether why how what ' +
    'where who whom whose which did does do has had have was were is are will would could should can may might ' +
    'must let dear thanks meanwhile now today yesterday tomorrow later earlier still here there ' +
    // Days and months ("On Monday Obama said").
    'monday tuesday wednesday thursday friday saturday sunday january february march april june july august ' +
    'september october november december jan feb mar apr jun jul aug sep sept oct nov dec'
  ).split(' '),
);

/** Whether `word` begins with a capital: an upper-case first char that has a lower case. */
function isCapitalised(word: string): boolean {
  const first = word[0]!;
  return first !== first.toLowerCase();
}

/** The word ending right before `end` (at a single space before it), or undefined. */
function wordBefore(text: string, end: number): { word: string; from: number } | undefined {
  if (end < 2 || text.charCodeAt(end - 1) !== 32) return undefined;
  let from = end - 1;
  while (from > 0 && isWordCode(text.charCodeAt(from - 1))) from--;
  return from === end - 1 ? undefined : { word: text.slice(from, end - 1), from };
}

/**
 * True when a Title-case word other than a title or sentence opener stands
 * right before `start`, separated by one space: "Michelle Obama", "Maria
 * Lucero", but not "President Obama", "Under Obama", "Mr. Obama" (the word
 * ends at the dot) or "ICE Lucero" (all caps is no given name). Nor in a run
 * of capitalised words, as in a title-case headline ("Judge Blocks Obama
 * Policy", "Critics Say Homan Lied"), where a capital tells nothing.
 */
export function followsOtherGivenName(text: string, start: number): boolean {
  const before = wordBefore(text, start);
  if (!before) return false;
  const { word, from } = before;
  if (!isCapitalised(word) || word === word.toUpperCase() || NOT_GIVEN_NAMES.has(word.toLowerCase())) return false;
  const earlier = wordBefore(text, from);
  return !earlier || !isCapitalised(earlier.word);
}

/** ", Jr.", " Sr", " III": another person of the same name ("Donald Trump Jr."). */
const GENERATION_SUFFIX_RE = /,? (?:[JS]r|I{2,3}|IV)/y;

export function precedesGenerationSuffix(text: string, end: number): boolean {
  GENERATION_SUFFIX_RE.lastIndex = end;
  if (!GENERATION_SUFFIX_RE.test(text)) return false;
  const after = GENERATION_SUFFIX_RE.lastIndex;
  return after >= text.length || !isWordCode(text.charCodeAt(after));
}

/**
 * Hyphenated idioms that begin with an acronym's letters: "ICE-cold" is cold,
 * not the agency. Only dictionary compounds with no other reading are listed;
 * "ICE-led", "ICE-run" and "ICE-free" (free of the agency) stay matches.
 */
const IDIOM_COMPOUNDS: ReadonlySet<string> = new Set(['ice-cold', 'ice-covered', 'ice-skating']);

/** True when the acronym match ending at `end` is the head of an idiom compound ("ICE-cold water"). */
export function startsIdiomCompound(text: string, start: number, end: number): boolean {
  if (text.charCodeAt(end) !== 45 /* - */) return false;
  let after = end + 1;
  while (after < text.length && isWordCode(text.charCodeAt(after))) after++;
  return after > end + 1 && IDIOM_COMPOUNDS.has(text.slice(start, after).toLowerCase());
}

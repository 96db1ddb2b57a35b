import type { EntityType, FigureKind, FigureMention, FigureQualifier } from '../core/index/types';
import { readIsoDate } from '../core/query/citation';

const ENTITY_TYPE_LABELS: Record<EntityType, string> = {
  agency: 'Agency',
  unit: 'Unit',
  operation: 'Operation',
  policy: 'Policy term',
  person: 'Person',
  place: 'Place',
  organisation: 'Organisation',
};

export function entityTypeLabel(type: EntityType): string {
  return ENTITY_TYPE_LABELS[type];
}

const FIGURE_KIND_LABELS: Record<FigureKind, string> = {
  arrests: 'arrests',
  people: 'people',
  immigrants: 'immigrants',
  workers: 'workers',
  children: 'children',
  detainees: 'detainees',
  cases: 'cases',
  deaths: 'deaths',
  agents: 'agents and officers',
  cities: 'cities',
  states: 'states',
  countries: 'countries',
  days: 'days',
  weeks: 'weeks',
  years: 'years',
  percent: 'percentage',
  money: 'money',
  refugees: 'refugees',
  apprehensions: 'apprehensions',
  centers: 'centres and facilities',
  other: 'other count',
};

export function figureKindLabel(kind: FigureKind): string {
  return FIGURE_KIND_LABELS[kind];
}

const QUALIFIER_WORDS: Record<FigureQualifier, string> = {
  exact: '',
  'more-than': 'more than',
  'at-least': 'at least',
  nearly: 'nearly',
  about: 'about',
  'fewer-than': 'fewer than',
  'up-to': 'up to',
};

// en-US: "2,000" everywhere, whatever the reader's locale, matching the English corpus.
const plainNumber = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });

/** "2,000", "4.6 billion": separators below a million, words above (digits stop being readable). */
export function formatNumber(value: number): string {
  const size = Math.abs(value);
  if (size >= 1e9) return `${plainNumber.format(value / 1e9)} billion`;
  if (size >= 1e6) return `${plainNumber.format(value / 1e6)} million`;
  return plainNumber.format(value);
}

/** The amount alone, with its unit where the unit is a symbol: "44%", "$4.6 billion", "2,000". */
export function formatValue(value: number, kind: FigureKind): string {
  if (kind === 'percent') return `${formatNumber(value)}%`;
  if (kind === 'money') return `$${formatNumber(value)}`;
  return formatNumber(value);
}

const IRREGULAR_PLURALS: ReadonlyMap<string, string> = new Map([
  ['person', 'people'],
  ['child', 'children'],
  ['man', 'men'],
  ['woman', 'women'],
]);

/** Plural of a counted noun as the figure extractor stores it (singular, lower case). */
function plural(noun: string): string {
  const irregular = IRREGULAR_PLURALS.get(noun);
  if (irregular) return irregular;
  // Participles stand for people already: "317 detained".
  if (noun.endsWith('ed')) return noun;
  if (/[^aeiou]y$/.test(noun)) return `${noun.slice(0, -1)}ies`;
  if (/(?:s|x|ch|sh)$/.test(noun)) return `${noun}es`;
  return `${noun}s`;
}

/** A figure as a reader would say it: "more than 2,000 people", "nearly 44%", "$4.6 billion", "4 days". */
export function formatFigure(figure: Pick<FigureMention, 'value' | 'qualifier' | 'kind' | 'noun'>): string {
  const { value, qualifier, kind, noun } = figure;
  const symbolic = kind === 'percent' || kind === 'money';
  const counted = symbolic || noun === '' ? '' : value === 1 ? noun : plural(noun);
  return [QUALIFIER_WORDS[qualifier], formatValue(value, kind), counted].filter(Boolean).join(' ');
}

/** "17 Feb 2020" (also "Feb 2020", "2020" for partial dates); text that is no ISO date comes back unchanged. */
export function formatDate(iso: string): string {
  const date = readIsoDate(iso);
  if (!date) return iso;
  // Three letters for every month: Intl's en-GB writes "Sept".
  return [date.day, date.month?.slice(0, 3), date.year].filter((part) => part !== undefined).join(' ');
}

/** "1 passage", "10 passages". */
export function formatCount(count: number, noun: string): string {
  return `${plainNumber.format(count)} ${count === 1 ? noun : plural(noun)}`;
}

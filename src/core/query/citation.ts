import type { PassageHit } from './queries';

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

export interface CalendarDate {
  year: number;
  /** English month name, when the date has a month. */
  month?: (typeof MONTH_NAMES)[number];
  day?: number;
}

/** Reads "2020-02-17", "2020-02" or "2020"; anything else (or an impossible month) is undefined. */
export function readIsoDate(iso: string): CalendarDate | undefined {
  const parts = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(iso);
  if (!parts) return undefined;
  const year = Number(parts[1]);
  if (parts[2] === undefined) return { year };
  const month = MONTH_NAMES[Number(parts[2]) - 1];
  if (month === undefined) return undefined;
  return parts[3] === undefined ? { year, month } : { year, month, day: Number(parts[3]) };
}

function longDate(iso: string): string {
  const date = readIsoDate(iso);
  if (!date) return iso;
  return [date.day, date.month, date.year].filter((part) => part !== undefined).join(' ');
}

/** Ends a citation part with a full stop unless it already ends a sentence ("Who pays?"). */
function sentence(part: string): string {
  return /[.?!]$/.test(part) ? part : `${part}.`;
}

/** Double quotes inside a quotation become single ones, as style guides ask: “He said ‘no.’” */
function nestedQuotes(text: string): string {
  return text.replace(/[“”"]/g, (mark) => (mark === '“' ? '‘' : mark === '”' ? '’' : "'"));
}

/**
 * "Title. Author. Publisher, 17 February 2020." then a blank line and the
 * passage in quotes. Missing parts are left out with their punctuation.
 */
export function formatCitation(hit: PassageHit): string {
  const { title, author, publisher, date } = hit.document;
  const imprint = [publisher, date === undefined ? undefined : longDate(date)].filter(Boolean).join(', ');
  const reference = [title, author, imprint]
    .map((part) => part?.trim())
    .filter((part): part is string => Boolean(part))
    .map(sentence)
    .join(' ');
  return `${reference}\n\n“${nestedQuotes(hit.passage.text)}”`;
}

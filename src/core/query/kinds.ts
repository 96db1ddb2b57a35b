import type { FigureKind } from '../index/types';

/**
 * Kinds that count the same sort of thing, so "498 individuals" compares with "597 immigrants" arrested.
 * Every other kind stands alone: a refugee cap ("45,000 refugees") is an admissions ceiling, not a
 * headcount of people arrested or held; "42 countries" of origin say nothing beside "20 states" an
 * operation spanned; and "six weeks" beside "four days" would draw six against four.
 */
const KIND_FAMILIES: readonly (readonly FigureKind[])[] = [['arrests', 'people', 'immigrants', 'detainees', 'workers', 'apprehensions', 'children']];

export function comparableKinds(kind: FigureKind): readonly FigureKind[] {
  return KIND_FAMILIES.find((family) => family.includes(kind)) ?? [kind];
}

/**
 * Kinds whose figures are shares or amounts of anything: "85 percent" of arrests and "44 percent"
 * fewer visas are not comparable. One compares with another only when its sentence shares a word
 * with the page's sentence, or when it is the same amount.
 */
export const KINDS_OF_ANYTHING: ReadonlySet<FigureKind> = new Set(['percent', 'money']);

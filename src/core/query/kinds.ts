import type { FigureKind } from '../index/types';

/**
 * Kinds that count the same sort of thing, so "498 individuals" compares with "597 immigrants" arrested.
 * Refugees stand alone: a refugee cap ("45,000 refugees") is an admissions ceiling, not a headcount of
 * people arrested or held, and compares only with other caps.
 */
const KIND_FAMILIES: readonly (readonly FigureKind[])[] = [
  ['arrests', 'people', 'immigrants', 'detainees', 'workers', 'apprehensions', 'children'],
  ['cities', 'states', 'countries'],
  ['days', 'weeks', 'years'],
];

export function comparableKinds(kind: FigureKind): readonly FigureKind[] {
  return KIND_FAMILIES.find((family) => family.includes(kind)) ?? [kind];
}

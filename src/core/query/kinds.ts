import type { FigureKind } from '../index/types';

/** Kinds that count the same sort of thing, so "498 individuals" compares with "597 immigrants" arrested. */
const KIND_FAMILIES: readonly (readonly FigureKind[])[] = [
  ['arrests', 'people', 'immigrants', 'detainees', 'workers', 'apprehensions', 'refugees', 'children'],
  ['cities', 'states', 'countries'],
  ['days', 'weeks', 'years'],
];

export function comparableKinds(kind: FigureKind): readonly FigureKind[] {
  return KIND_FAMILIES.find((family) => family.includes(kind)) ?? [kind];
}

import { describe, expect, it } from 'vitest';
import { editAnnotation, type Annotation } from '../../../../src/core/annotations/model';
import { countTags, hasTag } from '../../../../src/core/annotations/tags';
import { sampleAnnotations } from './sample';

const [, , bare] = sampleAnnotations() as [Annotation, Annotation, Annotation];

describe('countTags and hasTag', () => {
  const tagged = (id: string, tags: string[]): Annotation => editAnnotation({ ...bare, id }, { note: '', tags });

  it('counts each tag once per annotation, case-insensitively, most used first then by name', () => {
    const annotations = [tagged('a', ['Raids', 'ICE']), tagged('b', ['ice']), tagged('c', ['budget', 'raids']), tagged('d', ['ICE'])];
    expect(countTags(annotations)).toEqual([
      { tag: 'ICE', count: 3 },
      { tag: 'Raids', count: 2 },
      { tag: 'budget', count: 1 },
    ]);
    expect(countTags([])).toEqual([]);
  });

  it.each([
    ['ICE', true],
    ['ice', true],
    ['IC', false],
    ['to check', false],
  ])('hasTag(%j) on an annotation tagged ICE and figures is %s', (tag, expected) => {
    expect(hasTag(tagged('a', ['ICE', 'figures']), tag)).toBe(expected);
  });
});

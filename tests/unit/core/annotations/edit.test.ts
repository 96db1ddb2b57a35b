import { describe, expect, it } from 'vitest';
import { withNoteAndTags } from '../../../../src/core/annotations/edit';
import { annotationNote, annotationPassages, annotationTags, type Annotation } from '../../../../src/core/annotations/model';
import { countTags, hasTag } from '../../../../src/core/annotations/tags';
import { sampleAnnotations } from './sample';

const [withPassage, markdown, bare] = sampleAnnotations() as [Annotation, Annotation, Annotation];

describe('withNoteAndTags', () => {
  it('replaces the note and tags, keeps the passage links, times and target', () => {
    const edited = withNoteAndTags(withPassage, { note: '  New note\nsecond line ', tags: ['raids', ' Raids ', '', 'ICE'] });
    expect(annotationNote(edited)).toEqual({ type: 'TextualBody', purpose: 'commenting', value: 'New note\nsecond line', format: 'text/plain' });
    expect(annotationTags(edited)).toEqual(['raids', 'ICE']);
    expect(annotationPassages(edited)).toEqual(annotationPassages(withPassage));
    expect(edited).toMatchObject({ id: withPassage.id, created: withPassage.created, modified: withPassage.modified, target: withPassage.target });
  });

  it('keeps a Markdown note Markdown', () => {
    expect(annotationNote(withNoteAndTags(markdown, { note: '*edited*', tags: [] }))?.format).toBe('text/markdown');
  });

  it('removes an emptied note and all tags', () => {
    const edited = withNoteAndTags(withPassage, { note: ' \n ', tags: [] });
    expect(edited.body).toEqual(annotationPassages(withPassage));
  });

  it('adds a note where there was none', () => {
    const noNote = { ...bare, body: [] };
    expect(withNoteAndTags(noNote, { note: 'first', tags: ['x'] }).body).toEqual([
      { type: 'TextualBody', purpose: 'commenting', value: 'first', format: 'text/plain' },
      { type: 'TextualBody', purpose: 'tagging', value: 'x' },
    ]);
  });
});

describe('countTags and hasTag', () => {
  const tagged = (id: string, tags: string[]): Annotation => withNoteAndTags({ ...bare, id }, { note: '', tags });

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

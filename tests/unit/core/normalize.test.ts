import { describe, expect, it } from 'vitest';
import { foldString, foldText } from '../../../src/core/text/normalize';

describe('foldText', () => {
  it.each([
    ['ICE\u2019s agents', "ICE's agents"],
    ['Immigration\u00A0and\nCustoms  Enforcement', 'Immigration and Customs Enforcement'],
    ['BOR\u00ADTAC', 'BORTAC'],
    ['\u201Csanctuary\u201D cities', '"sanctuary" cities'],
    ['  leading and trailing  ', 'leading and trailing'],
    ['Customs \u2013 Border', 'Customs - Border'],
  ])('folds %j', (raw, folded) => {
    expect(foldText(raw).text).toBe(folded);
  });

  it('maps every folded char back to its source char', () => {
    const raw = 'a\u00AD b\u00A0\u00A0c\u2019s';
    const { text, map } = foldText(raw);
    expect(text).toBe("a b c's");
    for (let i = 0; i < text.length; i++) {
      const source = raw[map[i]!]!;
      if (text[i] === ' ') expect(/\s/.test(source)).toBe(true);
      else if (text[i] === "'") expect(source).toBe('\u2019');
      else expect(source).toBe(text[i]);
    }
    expect(map[text.length]).toBe(raw.length);
  });

  it.each([
    ['', '', [0]],
    ['ICE agents', 'ICE agents', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]],
    ['ICE  agents', 'ICE agents', [0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11]],
    ['ICE agents ', 'ICE agents', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]],
    [' ICE', 'ICE', [1, 2, 3, 4]],
    ['ICE\u2019s', "ICE's", [0, 1, 2, 3, 4, 5]],
    ['CBP \u00A0ICE', 'CBP ICE', [0, 1, 2, 3, 5, 6, 7, 8]],
    ['a\u00a0b  c\u00ad\u2019d ', "a b c'd", [0, 1, 2, 3, 5, 7, 8, 9]],
    ['x \u200b y', 'x y', [0, 1, 4, 5]],
    ['\u201cICE\u201d\u2014CBP', '"ICE"-CBP', [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]],
  ])('gives %j the same text and map whether or not folding changes it', (raw, folded, map) => {
    const result = foldText(raw);
    expect(result.text).toBe(folded);
    expect([...result.map]).toEqual(map);
  });

  // Quotes and dashes alone are replaced in place; next to a space to collapse, they are folded char by char.
  it.each([...'\u2018\u2019\u201a\u201b\u2032\u00b4\u201c\u201d\u201e\u2033\u2010\u2011\u2012\u2013\u2014\u2015\u2212'])(
    'folds %j alike whether or not offsets change around it',
    (ch) => {
      const inPlace = foldText(`ICE${ch}s ${ch}agents${ch}`);
      const collapsed = foldText(`ICE${ch}s \u00a0${ch}agents${ch}`);
      expect(inPlace.text).toBe(collapsed.text);
      expect(inPlace.text).not.toContain(ch);
      expect([...inPlace.map]).toEqual([...Array(inPlace.text.length + 1).keys()]);
    },
  );

  it('keeps every map intact while later texts are folded (maps share buffers)', () => {
    const raws = Array.from({ length: 3000 }, (_, i) => `Case ${i}:\u00a0${'x'.repeat(i % 60)}  \u2019end ${'y '.repeat(i % 7)}`);
    // Copied at once, before any later text is folded.
    const expected = raws.map((raw) => [...foldText(raw).map]);
    const kept = raws.map((raw) => foldText(raw).map);
    kept.forEach((map, i) => expect([...map]).toEqual(expected[i]));
    expect(expected[5]!.at(-1)).toBe(raws[5]!.trimEnd().length);
  });
});

describe('foldString', () => {
  it.each([
    ['plain words', 'ICE agents arrested 498 people.'],
    ['a single word', 'sanctuary'],
    ['the empty string', ''],
    ['a leading space', ' ICE'],
    ['a trailing space', 'ICE '],
    ['two spaces', 'ICE  agents'],
    ['a tab', 'ICE\tagents'],
    ['a line break', 'ICE\nagents'],
    ['a curly apostrophe', 'ICE\u2019s'],
    ['a soft hyphen', 'BOR\u00ADTAC'],
    ['an accented letter', 'Trévon'],
  ])('folds %s as foldText does', (_name, raw) => {
    expect(foldString(raw)).toBe(foldText(raw).text);
  });
});

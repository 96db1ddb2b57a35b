import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError, jsonSyntaxErrorMessage } from '../../../src/core/text/json-syntax-error';

function engineAccepts(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

describe('findJsonSyntaxError', () => {
  it.each([
    ['{"a": 1}', undefined],
    ['{}', undefined],
    ['[]', undefined],
    [' "text with \\"escapes\\" \\u00e9 \\n" ', undefined],
    ['{"a": [1, 2.5e3, -0, true, false, null, "x\\u00e9\\n"]}', undefined],
    ['[-0.5e+10, 0, 1.25, {"a": [{}]}]', undefined],
    [JSON.stringify({ a: [1, { b: 'c' }], d: null }, null, 2), undefined],
    ['{"a": 01}', { line: 1, column: 8, problem: "expected ',' or '}', found '1'", truncated: false }],
    ['[01]', { line: 1, column: 3, problem: "expected ',' or ']', found '1'", truncated: false }],
    ['{\n  "a": tru\n}', { line: 2, column: 8, problem: "expected a value, found 't'", truncated: false }],
    ['{\n  "a": 1,\n  oops\n}', { line: 3, column: 3, problem: "expected a property name in double quotes, found 'o'", truncated: false }],
    ["{'a': 1}", { line: 1, column: 2, problem: "expected a property name in double quotes, found '''", truncated: false }],
    ['{"a" 1}', { line: 1, column: 6, problem: "expected ':' after a property name, found '1'", truncated: false }],
    ['{"a":1 "b":2}', { line: 1, column: 8, problem: `expected ',' or '}', found '"'`, truncated: false }],
    ['[1 2]', { line: 1, column: 4, problem: "expected ',' or ']', found '2'", truncated: false }],
    ['{"a": "line\nbreak"}', { line: 1, column: 12, problem: 'a line break inside a string (write it as an escape, e.g. \\n)', truncated: false }],
    ['{"a": "\\x"}', { line: 1, column: 8, problem: 'bad escape \\x in a string', truncated: false }],
    ['"bad \\u12 escape"', { line: 1, column: 6, problem: 'bad \\u escape in a string (\\u12 e)', truncated: false }],
    ['[1, 2,]', { line: 1, column: 7, problem: "trailing comma before ']'", truncated: false }],
    ['{"a":1,}', { line: 1, column: 8, problem: "trailing comma before '}'", truncated: false }],
    ['{"a": 1} {"b": 2}', { line: 1, column: 10, problem: "unexpected '{' after the end of the JSON value", truncated: false }],
    ['{"a":1}}', { line: 1, column: 8, problem: "unexpected '}' after the end of the JSON value", truncated: false }],
    ['', { line: 1, column: 1, problem: 'the file holds no JSON value', truncated: true }],
    ['{"a":', { line: 1, column: 6, problem: 'the file ends inside an object (1 unclosed bracket)', truncated: true }],
    ['{"a": [1, 2', { line: 1, column: 12, problem: 'the file ends inside an array (2 unclosed brackets)', truncated: true }],
    ['{"a": tr', { line: 1, column: 9, problem: "the file ends inside 'true'", truncated: true }],
    ['{"a": 1.', { line: 1, column: 9, problem: 'the file ends inside a number', truncated: true }],
    ['"unterminated', { line: 1, column: 14, problem: 'the file ends inside a string', truncated: true }],
    ['{"a": "\\u00', { line: 1, column: 12, problem: 'the file ends inside a string', truncated: true }],
  ])('%j', (text, expected) => {
    expect(findJsonSyntaxError(text)).toEqual(expected);
    // The scanner only runs after JSON.parse fails, and must agree with it about validity.
    expect(engineAccepts(text)).toBe(expected === undefined);
  });

  it('survives very deep nesting', () => {
    const deep = '['.repeat(200_000);
    expect(findJsonSyntaxError(deep)).toMatchObject({ truncated: true, problem: 'the file ends inside an array (200000 unclosed brackets)' });
    expect(findJsonSyntaxError(`${deep}x`)).toMatchObject({ truncated: false, column: 200_001, problem: "expected a value, found 'x'" });
  });
});

describe('jsonSyntaxErrorMessage', () => {
  it.each([
    ['{"a": [1, 2', 'The file is incomplete (it looks cut off): at line 1, column 12, the file ends inside an array (2 unclosed brackets).'],
    ['{\n  "a": tru\n}', "The file is not valid JSON: at line 2, column 8, expected a value, found 't'."],
  ])('words the error in %j', (text, message) => {
    const syntax = findJsonSyntaxError(text);
    expect(syntax).toBeDefined();
    expect(jsonSyntaxErrorMessage(syntax!)).toBe(message);
  });
});

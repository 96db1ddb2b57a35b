/**
 * Where and why a JSON text is invalid. `JSON.parse` messages differ between
 * engines (V8 gives an offset, SpiderMonkey a line and column, JavaScriptCore
 * often neither), so after a failed parse this scanner finds the first error
 * itself. It checks the grammar only and builds no values; it keeps its own
 * stack, so deep nesting cannot overflow the call stack.
 */
import { messageOf } from './error-message';
import { withoutByteOrderMark } from './normalize';

export interface JsonSyntaxError {
  /** 1-based, counted in UTF-16 code units. */
  line: number;
  column: number;
  /** What is wrong, e.g. "expected ',' or '}' after a property value, found ']'". */
  problem: string;
  /** The text ended inside a value: it was probably cut off. */
  truncated: boolean;
}

type Expectation = 'value' | 'first-value' | 'key' | 'first-key' | 'colon' | 'comma' | 'end';

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
/** Anything that could still grow into a number: tells a cut-off number from a bad one. */
const NUMBER_START = /-?\d*(?:\.\d*)?(?:[eE][+-]?\d*)?/y;
const LITERALS = ['true', 'false', 'null'] as const;
const ESCAPES = new Set(['"', '\\', '/', 'b', 'f', 'n', 'r', 't']);

function position(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

function describe(char: string | undefined): string {
  if (char === undefined) return 'the end of the file';
  if (char === '\n' || char === '\r') return 'a line break';
  const code = char.charCodeAt(0);
  if (code < 0x20) return `control character U+${code.toString(16).padStart(4, '0').toUpperCase()}`;
  return `'${char}'`;
}

class Failure {
  constructor(
    readonly offset: number,
    readonly problem: string,
    readonly truncated = false,
  ) {}
}

/** Offset just past the string starting at `start` (a double quote), or a Failure. */
function scanString(text: string, start: number): number | Failure {
  let i = start + 1;
  while (i < text.length) {
    const char = text[i]!;
    if (char === '"') return i + 1;
    if (char === '\\') {
      const escape = text[i + 1];
      if (escape === undefined) break;
      if (escape === 'u') {
        const hex = text.slice(i + 2, i + 6);
        if (/^[0-9a-fA-F]{4}$/.test(hex)) {
          i += 6;
          continue;
        }
        if (i + 2 + hex.length === text.length && /^[0-9a-fA-F]*$/.test(hex)) break;
        return new Failure(i, `bad \\u escape in a string (\\u${hex})`);
      }
      if (!ESCAPES.has(escape)) return new Failure(i, `bad escape \\${escape} in a string`);
      i += 2;
      continue;
    }
    if (char.charCodeAt(0) < 0x20) {
      return new Failure(i, `${describe(char)} inside a string (write it as an escape, e.g. \\n)`);
    }
    i++;
  }
  return new Failure(text.length, 'the file ends inside a string', true);
}

function scanLiteral(text: string, start: number): number | Failure {
  for (const literal of LITERALS) {
    if (text.startsWith(literal, start)) return start + literal.length;
    const rest = text.slice(start);
    if (rest.length < literal.length && literal.startsWith(rest)) {
      return new Failure(text.length, `the file ends inside '${literal}'`, true);
    }
  }
  return new Failure(start, `expected a value, found ${describe(text[start])}`);
}

function scanNumber(text: string, start: number): number | Failure {
  NUMBER.lastIndex = start;
  const end = NUMBER.exec(text) === null ? start : NUMBER.lastIndex;
  NUMBER_START.lastIndex = start;
  NUMBER_START.exec(text);
  if (end < text.length && NUMBER_START.lastIndex === text.length) {
    return new Failure(text.length, 'the file ends inside a number', true);
  }
  if (end === start) return new Failure(start, `expected a value, found ${describe(text[start])}`);
  return end;
}

function expectedAfterValue(stack: string[]): Expectation {
  return stack.length === 0 ? 'end' : 'comma';
}

function scan(text: string): Failure | undefined {
  const stack: ('{' | '[')[] = [];
  let expect: Expectation = 'value';
  let i = 0;
  for (;;) {
    while (i < text.length && (text[i] === ' ' || text[i] === '\t' || text[i] === '\n' || text[i] === '\r')) i++;
    const char = text[i];
    if (char === undefined) {
      if (expect === 'end') return undefined;
      if (stack.length === 0) return new Failure(i, 'the file holds no JSON value', true);
      const open = stack[stack.length - 1] === '{' ? 'an object' : 'an array';
      const unclosed = stack.length === 1 ? '1 unclosed bracket' : `${stack.length} unclosed brackets`;
      return new Failure(i, `the file ends inside ${open} (${unclosed})`, true);
    }
    switch (expect) {
      case 'end':
        return new Failure(i, `unexpected ${describe(char)} after the end of the JSON value`);
      case 'colon':
        if (char !== ':') return new Failure(i, `expected ':' after a property name, found ${describe(char)}`);
        i++;
        expect = 'value';
        continue;
      case 'comma': {
        const close = stack[stack.length - 1] === '{' ? '}' : ']';
        if (char === ',') {
          i++;
          expect = close === '}' ? 'key' : 'value';
        } else if (char === close) {
          i++;
          stack.pop();
          expect = expectedAfterValue(stack);
        } else {
          return new Failure(i, `expected ',' or '${close}', found ${describe(char)}`);
        }
        continue;
      }
      case 'first-key':
      case 'key': {
        if (char === '}') {
          if (expect === 'key') return new Failure(i, "trailing comma before '}'");
          i++;
          stack.pop();
          expect = expectedAfterValue(stack);
          continue;
        }
        if (char !== '"') return new Failure(i, `expected a property name in double quotes, found ${describe(char)}`);
        const end = scanString(text, i);
        if (end instanceof Failure) return end;
        i = end;
        expect = 'colon';
        continue;
      }
      case 'first-value':
      case 'value': {
        if (char === ']' && stack[stack.length - 1] === '[') {
          if (expect === 'value') return new Failure(i, "trailing comma before ']'");
          i++;
          stack.pop();
          expect = expectedAfterValue(stack);
          continue;
        }
        if (char === '{' || char === '[') {
          stack.push(char);
          i++;
          expect = char === '{' ? 'first-key' : 'first-value';
          continue;
        }
        let end: number | Failure;
        if (char === '"') end = scanString(text, i);
        else if (char === '-' || (char >= '0' && char <= '9')) end = scanNumber(text, i);
        else end = scanLiteral(text, i);
        if (end instanceof Failure) return end;
        i = end;
        expect = expectedAfterValue(stack);
        continue;
      }
    }
  }
}

/** The first syntax error in `text`, or undefined when it is valid JSON. */
export function findJsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const failure = scan(text);
  if (failure === undefined) return undefined;
  return { ...position(text, failure.offset), problem: failure.problem, truncated: failure.truncated };
}

/** The sentence an import shows for `error`: a cut-off file is told apart from a malformed one. */
export function jsonSyntaxErrorMessage({ line, column, problem, truncated }: JsonSyntaxError): string {
  const detail = `at line ${line}, column ${column}, ${problem}.`;
  return truncated ? `The file is incomplete (it looks cut off): ${detail}` : `The file is not valid JSON: ${detail}`;
}

/**
 * A JSON file's value, or what the reader is told is wrong with it: empty, cut off or malformed,
 * with where. A leading byte order mark is allowed.
 */
export function readJsonFile(file: string): { value: unknown } | { error: string } {
  const text = withoutByteOrderMark(file);
  if (text.trim() === '') return { error: 'The file is empty.' };
  try {
    return { value: JSON.parse(text) as unknown };
  } catch (error) {
    const syntax = findJsonSyntaxError(text);
    return { error: syntax ? jsonSyntaxErrorMessage(syntax) : `The file is not valid JSON: ${messageOf(error)}.` };
  }
}

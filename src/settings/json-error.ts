/**
 * Finds where a JSON text first goes wrong. Engines word JSON.parse errors differently and V8 often
 * leaves out the position, so imports locate the error themselves to tell the user where to look.
 */

export interface JsonErrorLocation {
  /** 0-based offset into the text. */
  offset: number;
  /** 1-based line and column. */
  line: number;
  column: number;
  message: string;
}

class JsonSyntaxError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }
}

const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
const WHITESPACE = /[ \t\n\r]*/y;

/** Returns the first syntax error of `text`, or undefined when it is valid JSON. */
export function locateJsonError(text: string): JsonErrorLocation | undefined {
  let pos = 0;

  const skipWhitespace = (): void => {
    WHITESPACE.lastIndex = pos;
    WHITESPACE.exec(text);
    pos = WHITESPACE.lastIndex;
  };
  const fail = (message: string): never => {
    throw new JsonSyntaxError(pos, message);
  };
  const expectChar = (char: string, message: string): void => {
    if (text[pos] !== char) fail(message);
    pos += 1;
  };

  const readString = (): void => {
    pos += 1; // opening quote
    for (;;) {
      const char = text[pos];
      if (char === undefined) return fail('unterminated string');
      if (char === '"') {
        pos += 1;
        return;
      }
      if (char === '\\') {
        const escape = text[pos + 1];
        if (escape === 'u') {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(pos + 2, pos + 6))) fail('invalid \\u escape in string');
          pos += 6;
        } else if (escape !== undefined && '"\\/bfnrt'.includes(escape)) {
          pos += 2;
        } else {
          fail('invalid escape in string');
        }
      } else if (char < ' ') {
        fail('line break or control character inside a string');
      } else {
        pos += 1;
      }
    }
  };

  const readValue = (): void => {
    skipWhitespace();
    const char = text[pos];
    if (char === '{') {
      pos += 1;
      skipWhitespace();
      if (text[pos] === '}') {
        pos += 1;
        return;
      }
      for (;;) {
        skipWhitespace();
        if (text[pos] !== '"') fail('expected a property name in double quotes');
        readString();
        skipWhitespace();
        expectChar(':', "expected ':' after the property name");
        readValue();
        skipWhitespace();
        if (text[pos] === '}') {
          pos += 1;
          return;
        }
        expectChar(',', "expected ',' or '}'");
      }
    }
    if (char === '[') {
      pos += 1;
      skipWhitespace();
      if (text[pos] === ']') {
        pos += 1;
        return;
      }
      for (;;) {
        readValue();
        skipWhitespace();
        if (text[pos] === ']') {
          pos += 1;
          return;
        }
        expectChar(',', "expected ',' or ']'");
      }
    }
    if (char === '"') return readString();
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, pos)) {
        pos += word.length;
        return;
      }
    }
    NUMBER.lastIndex = pos;
    if (NUMBER.exec(text)) {
      pos = NUMBER.lastIndex;
      return;
    }
    fail(char === undefined ? 'the text ends where a value was expected' : 'expected a value');
  };

  try {
    readValue();
    skipWhitespace();
    if (pos < text.length) fail('unexpected text after the end of the JSON');
    return undefined;
  } catch (error) {
    // Anything else (e.g. a stack overflow on absurd nesting) leaves the caller the engine's message.
    if (!(error instanceof JsonSyntaxError)) return undefined;
    const before = text.slice(0, error.offset);
    const line = before.split('\n').length;
    const column = error.offset - before.lastIndexOf('\n');
    return { offset: error.offset, line, column, message: error.message };
  }
}

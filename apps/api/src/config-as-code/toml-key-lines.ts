/**
 * Where each key of a TOML document is written: smol-toml returns plain values without positions,
 * so validation issues (paths into the parsed value) are mapped back to lines with this scan of the
 * source. It runs only on text smol-toml has already accepted, so it can stay lenient: it follows
 * table headers, dotted keys, arrays and inline tables, and skips over strings and comments.
 */
export type TomlPath = ReadonlyArray<string | number>;

export interface TomlKeyLines {
  /** The line of the deepest written key on `path` (a missing key resolves to its table), and that key. */
  locate(path: TomlPath): { line: number | null; path: TomlPath };
}

export function tomlKeyLines(source: string): TomlKeyLines {
  const lines = new Map<string, number>();
  new Scanner(source, (path, line) => {
    const id = pathId(path);
    if (!lines.has(id)) lines.set(id, line);
  }).scanDocument();
  return {
    locate(path) {
      for (let length = path.length; length > 0; length -= 1) {
        const line = lines.get(pathId(path.slice(0, length)));
        if (line !== undefined) return { line, path: path.slice(0, length) };
      }
      return { line: null, path: [] };
    },
  };
}

/** `teams.acme.api_keys."ci bot".scopes[1]`: how people write the path in the file. */
export function formatTomlPath(path: TomlPath): string {
  return path
    .map((part, index) => {
      if (typeof part === 'number') return `[${part}]`;
      const key = /^[A-Za-z0-9_-]+$/.test(part) ? part : JSON.stringify(part);
      return index === 0 ? key : `.${key}`;
    })
    .join('');
}

function pathId(path: TomlPath): string {
  return JSON.stringify(path);
}

class Scanner {
  private index = 0;
  private line = 1;
  private table: Array<string | number> = [];
  /** The last index of each array of tables (`[[users]]`), by its path. */
  private readonly arrayTables = new Map<string, number>();

  constructor(
    private readonly text: string,
    private readonly record: (path: TomlPath, line: number) => void,
  ) {}

  scanDocument(): void {
    while (this.index < this.text.length) {
      this.skipBlankAndComments(true);
      if (this.index >= this.text.length) break;
      if (this.peek() === '[') this.scanHeader();
      else this.scanKeyValue(this.table);
      this.skipToLineEnd();
    }
  }

  private scanHeader(): void {
    const isArray = this.text.startsWith('[[', this.index);
    this.index += isArray ? 2 : 1;
    const keys = this.scanKey();
    this.index += isArray ? 2 : 1;
    const path: Array<string | number> = [];
    keys.forEach((key, position) => {
      path.push(key);
      // Parent tables count as written here when no header of their own came first.
      this.record(path, this.line);
      const last = position === keys.length - 1;
      const id = pathId(path);
      if (isArray && last) {
        const next = (this.arrayTables.get(id) ?? -1) + 1;
        this.arrayTables.set(id, next);
        path.push(next);
      } else if (this.arrayTables.has(id)) {
        path.push(this.arrayTables.get(id)!);
      }
    });
    this.table = path;
    this.record(path, this.line);
  }

  private scanKeyValue(base: TomlPath): void {
    const line = this.line;
    const path = [...base, ...this.scanKey()];
    this.record(path, line);
    this.skipSpaces();
    if (this.peek() === '=') this.index += 1;
    this.scanValue(path);
  }

  /** A dotted key: bare, "basic" or 'literal' parts separated by dots. */
  private scanKey(): string[] {
    const parts: string[] = [];
    for (;;) {
      this.skipSpaces();
      const char = this.peek();
      if (char === '"' || char === "'") parts.push(this.scanQuotedKey(char));
      else {
        const start = this.index;
        while (this.index < this.text.length && /[A-Za-z0-9_-]/.test(this.text[this.index]!)) this.index += 1;
        parts.push(this.text.slice(start, this.index));
      }
      this.skipSpaces();
      if (this.peek() !== '.') return parts;
      this.index += 1;
    }
  }

  private scanQuotedKey(quote: string): string {
    const start = this.index;
    this.skipString();
    const raw = this.text.slice(start, this.index);
    if (quote === "'") return raw.slice(1, -1);
    try {
      return JSON.parse(raw) as string;
    } catch {
      return raw.slice(1, -1);
    }
  }

  private scanValue(path: TomlPath): void {
    this.skipSpaces();
    const char = this.peek();
    if (char === '"' || char === "'") this.skipString();
    else if (char === '[') this.scanArray(path);
    else if (char === '{') this.scanInlineTable(path);
    else while (this.index < this.text.length && !/[,\]}\n#]/.test(this.text[this.index]!)) this.index += 1;
  }

  private scanArray(path: TomlPath): void {
    this.index += 1;
    for (let element = 0; ; element += 1) {
      this.skipBlankAndComments(true);
      if (this.peek() === ']' || this.index >= this.text.length) break;
      this.record([...path, element], this.line);
      this.scanValue([...path, element]);
      this.skipBlankAndComments(true);
      if (this.peek() !== ',') break;
      this.index += 1;
    }
    this.index += 1;
  }

  private scanInlineTable(path: TomlPath): void {
    this.index += 1;
    for (;;) {
      this.skipBlankAndComments(true);
      if (this.peek() === '}' || this.index >= this.text.length) break;
      this.scanKeyValue(path);
      this.skipBlankAndComments(true);
      if (this.peek() !== ',') break;
      this.index += 1;
    }
    this.index += 1;
  }

  /** Any of the four string forms; escapes only count in basic strings. */
  private skipString(): void {
    const quote = this.peek();
    const multiline = this.text.startsWith(quote.repeat(3), this.index);
    const closing = multiline ? quote.repeat(3) : quote;
    this.index += closing.length;
    while (this.index < this.text.length) {
      const char = this.text[this.index]!;
      if (char === '\\' && quote === '"') {
        this.index += 2;
        continue;
      }
      if (char === '\n') this.line += 1;
      if (this.text.startsWith(closing, this.index)) {
        this.index += closing.length;
        // A multi-line string may end with up to two more quotes that belong to its content.
        while (multiline && this.peek() === quote) this.index += 1;
        return;
      }
      this.index += 1;
    }
  }

  private skipSpaces(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.index += 1;
  }

  private skipBlankAndComments(newlines: boolean): void {
    for (;;) {
      const char = this.peek();
      if (char === ' ' || char === '\t' || char === '\r') this.index += 1;
      else if (char === '\n' && newlines) {
        this.index += 1;
        this.line += 1;
      } else if (char === '#') while (this.index < this.text.length && this.peek() !== '\n') this.index += 1;
      else return;
    }
  }

  private skipToLineEnd(): void {
    while (this.index < this.text.length && this.peek() !== '\n') this.index += 1;
  }

  private peek(): string {
    return this.text[this.index] ?? '';
  }
}

// The items of one big JSON array, as a stream (pure): Overpass JSON keeps its elements under
// `elements`, GeoJSON its features under `features`, and some files are a bare array. The scanner
// tracks strings and nesting only; each item is handed to JSON.parse on its own, so memory holds
// one item at a time, never the file.
import { ParseError } from '../shared/errors.js';

/** One array item and where it is (`elements[3]`). */
export interface JsonItem {
  key: string;
  index: number;
  value: unknown;
}

/** Streaming splitter of the top-level `elements`/`features` array (or a top-level array). */
export class JsonArrayItems {
  readonly #source: string;
  readonly #keys: ReadonlySet<string>;
  readonly #maxItemChars: number;
  #buf = '';
  #depth = 0;
  #inString = false;
  #escape = false;
  /** Start of the string being read at depth 1 (a key), or -1. */
  #stringStart = -1;
  #lastString = '';
  /** The depth of the array being split, with its key; 0 when in none. */
  #arrayDepth = 0;
  #arrayKey = '';
  #itemStart = -1;
  #index = 0;
  #started = false;
  #found = false;
  #consumed = 0;

  constructor(source: string, keys: readonly string[], maxItemChars: number) {
    this.#source = source;
    this.#keys = new Set(keys);
    this.#maxItemChars = maxItemChars;
  }

  /** Feeds text; returns the array items it completed. */
  push(text: string): JsonItem[] {
    const buf = this.#buf + text;
    const out: JsonItem[] = [];
    let i = this.#buf.length;
    for (; i < buf.length; i++) {
      const c = buf.charCodeAt(i);
      if (this.#inString) {
        if (this.#escape) this.#escape = false;
        else if (c === 92) this.#escape = true;
        else if (c === 34) {
          this.#inString = false;
          if (this.#stringStart >= 0) {
            this.#lastString = buf.slice(this.#stringStart, i);
            this.#stringStart = -1;
          }
          if (this.#itemStart >= 0 && this.#depth === this.#arrayDepth)
            out.push(this.#item(buf, i + 1));
        }
        continue;
      }
      if (c === 32 || c === 10 || c === 13 || c === 9) continue;
      if (!this.#started) {
        if (c !== 123 && c !== 91) this.#fail('not JSON: it does not start with { or [', i);
        this.#started = true;
      }
      if (this.#arrayDepth > 0 && this.#depth === this.#arrayDepth) {
        // A number, true, false or null item ends at the next `,` or `]`.
        if (this.#itemStart >= 0 && (c === 44 || c === 93)) out.push(this.#item(buf, i));
        if (this.#itemStart < 0) {
          if (c === 93) {
            this.#arrayDepth = 0;
            this.#depth--;
            continue;
          }
          if (c === 44) continue;
          this.#itemStart = i;
        }
      }
      if (c === 34) {
        this.#inString = true;
        if (this.#depth === 1 && this.#arrayDepth === 0) this.#stringStart = i + 1;
      } else if (c === 123 || c === 91) {
        this.#open(c === 91, i);
      } else if (c === 125 || c === 93) {
        this.#depth--;
        if (this.#depth < 0) this.#fail('unbalanced } or ]', i);
        if (this.#itemStart >= 0 && this.#depth === this.#arrayDepth)
          out.push(this.#item(buf, i + 1));
      }
    }
    const keep = Math.min(
      this.#itemStart < 0 ? buf.length : this.#itemStart,
      this.#stringStart < 0 ? buf.length : this.#stringStart - 1,
    );
    this.#consumed += keep;
    this.#rebase(keep);
    this.#buf = buf.slice(keep);
    if (this.#buf.length > this.#maxItemChars)
      this.#fail(`one array item is longer than ${this.#maxItemChars} characters`, 0);
    return out;
  }

  /** Ends the input: a truncated document or one without the array is an error. */
  end(): void {
    if (!this.#started) this.#fail('the file is empty');
    if (this.#depth !== 0 || this.#inString) this.#fail('the JSON ends early (truncated?)');
    if (!this.#found)
      this.#fail(`no ${[...this.#keys].map((k) => `"${k}"`).join(' or ')} array in the JSON`);
  }

  #rebase(keep: number): void {
    if (this.#itemStart >= 0) this.#itemStart -= keep;
    if (this.#stringStart >= 0) this.#stringStart -= keep;
  }

  #open(isArray: boolean, at: number): void {
    this.#depth++;
    if (this.#depth > 64) this.#fail('JSON nested deeper than 64 levels', at);
    if (this.#arrayDepth !== 0 || !isArray) return;
    const bare = this.#depth === 1;
    if (bare || (this.#depth === 2 && this.#keys.has(this.#lastString))) {
      this.#arrayDepth = this.#depth;
      this.#arrayKey = bare ? '' : this.#lastString;
      this.#found = true;
    }
  }

  /** Parses the item from its start to `end` (exclusive). */
  #item(buf: string, end: number): JsonItem {
    const text = buf.slice(this.#itemStart, end);
    this.#itemStart = -1;
    const index = this.#index++;
    const where = `${this.#arrayKey === '' ? '' : this.#arrayKey}[${index}]`;
    try {
      return { key: this.#arrayKey, index, value: JSON.parse(text) as unknown };
    } catch (e) {
      throw new ParseError(this.#source, `invalid JSON: ${(e as Error).message}`, where, {
        cause: e,
      });
    }
  }

  #fail(message: string, at = this.#buf.length): never {
    throw new ParseError(this.#source, message, `character ${this.#consumed + at + 1}`);
  }
}

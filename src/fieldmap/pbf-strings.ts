// A PrimitiveBlock's string table: where each string is in the block's bytes, and the text only
// when an element needs it (most of a block's strings belong to elements the import steps over).
import { PbfFormatError } from './pbf-wire.js';

/** The block's string table: offsets now, text when an element needs it. */
export class Strings {
  readonly #bytes: Uint8Array;
  readonly #starts: number[] = [];
  readonly #ends: number[] = [];
  readonly #text: (string | undefined)[] = [];
  readonly #decoder = new TextDecoder();
  /** The filter's keys as bytes, to tell tags apart before decoding any string. */
  readonly #decisive: Uint8Array[];
  /** Per string: 0 not judged yet, 1 one of the filter's keys, 2 not. */
  #judged = new Uint8Array(0);

  constructor(bytes: Uint8Array, decisive: readonly string[] = []) {
    this.#bytes = bytes;
    const encoder = new TextEncoder();
    this.#decisive = decisive.map((k) => encoder.encode(k));
  }

  /** Whether string i is one of the filter's keys (compared as bytes once, before any decoding). */
  isDecisive(i: number): boolean {
    if (i >= this.#starts.length) return false;
    if (this.#judged.length !== this.#starts.length)
      this.#judged = new Uint8Array(this.#starts.length);
    let j = this.#judged[i];
    if (j === 0) {
      j = this.#compare(i) ? 1 : 2;
      this.#judged[i] = j;
    }
    return j === 1;
  }

  #compare(i: number): boolean {
    const start = this.#starts[i];
    const end = this.#ends[i];
    if (start === undefined || end === undefined) return false;
    outer: for (const t of this.#decisive) {
      if (end - start !== t.length) continue;
      for (let j = 0; j < t.length; j++) if (this.#bytes[start + j] !== t[j]) continue outer;
      return true;
    }
    return false;
  }

  /** Files the next string of the table as the bytes [start, end). */
  add(start: number, end: number): void {
    this.#starts.push(start);
    this.#ends.push(end);
  }

  /** String i as text (decoded once). */
  get(i: number): string {
    let s = this.#text[i];
    if (s === undefined) {
      const start = this.#starts[i];
      if (start === undefined) throw new PbfFormatError(`string ${i} is not in the block's table`);
      s = this.#decoder.decode(this.#bytes.subarray(start, this.#ends[i]));
      this.#text[i] = s;
    }
    return s;
  }
}

// Verdicts of one scan repeat themselves: a million-host inventory names a few makers, so the
// same list of restrictions, advisories and evidence items comes back host after host (2.5 KB of
// a covered host's 2.8 KB). Such parts are stored once per scan and referenced from the host's
// JSON as {"$part":N}; reading puts the text back before parsing, so readers get the verdict as
// it was given. Pure: no SQLite here, the caller stores the parts a batch references.

/** Verdict keys whose whole value is shared between hosts (memoised per maker in fuse.ts). */
const wholeKeys: ReadonlySet<string> = new Set(['restrictions', 'advisoryDetails']);
/** Verdict keys holding arrays whose items repeat between hosts (evidence of a model or name). */
const itemKeys: ReadonlySet<string> = new Set(['evidence']);

/** Stands for a shared value while the rest of a verdict is stringified (NUL: rare in text). */
const slot = '\u0000sousveil-slot-';

/** Parts kept per scan; past this, new repeated values stay inline (the answer is the same). */
const maxParts = 20_000;
/** Values seen once, kept to spot the second sighting; cleared when full. */
const maxSeenOnce = 50_000;
/** A value shorter than this is cheaper inline than as a reference. */
const minPartLength = 40;

/** The parts of one scan: ids by JSON text, and the JSON of shared objects by identity. */
export class VerdictParts {
  readonly #ids = new Map<string, number>();
  readonly #seenOnce = new Set<string>();
  readonly #jsonOf = new WeakMap<object, string>();
  #next: number;

  readonly #stride: number;

  /**
   * Parts already stored for this scan (from an earlier batch or process). Several packers of
   * one scan (worker threads) each take every `lane.of`-th id from `lane.index`, so they never
   * hand out the same one.
   */
  constructor(
    stored: Iterable<{ part: number; json: string }> = [],
    lane: { index: number; of: number } = { index: 0, of: 1 },
  ) {
    let last = 0;
    for (const p of stored) {
      this.#ids.set(p.json, p.part);
      last = Math.max(last, p.part);
    }
    this.#stride = lane.of;
    this.#next = (Math.ceil(last / lane.of) + 1) * lane.of + lane.index;
  }

  /**
   * The verdict's JSON with repeated parts referenced; `used` collects the parts it references
   * (id -> JSON), which the caller stores with the batch.
   */
  pack(verdict: unknown, used: Map<number, string>): string {
    if (verdict === null || typeof verdict !== 'object' || Array.isArray(verdict))
      return JSON.stringify(verdict);
    // One JSON.stringify of the verdict with a marker string in place of each shared value, then
    // the markers replaced by the parts' text: a third of the time of stringifying key by key.
    // No prototype: a key "__proto__" (JSON allows it) stays an own property.
    const marked = Object.create(null) as Record<string, unknown>;
    const texts: string[] = [];
    for (const [key, value] of Object.entries(verdict as Record<string, unknown>)) {
      const text = this.#sharedText(key, value, used);
      if (text === undefined) marked[key] = value;
      else {
        marked[key] = `${slot}${String(texts.length)}`;
        texts.push(text);
      }
    }
    const json = JSON.stringify(marked);
    let out = '';
    let from = 0;
    for (const [i, text] of texts.entries()) {
      const token = `"\\u0000sousveil-slot-${String(i)}"`;
      const at = json.indexOf(token, from);
      // A string in the verdict that spells a marker: fall back to the plain text.
      if (at < 0 || json.indexOf(token, at + token.length) >= 0 || json.indexOf(token) !== at)
        return this.#packByKey(verdict as Record<string, unknown>, used);
      out += json.slice(from, at) + text;
      from = at + token.length;
    }
    return out + json.slice(from);
  }

  /** The text of a shared value (a reference or the JSON itself); undefined for other keys. */
  #sharedText(key: string, value: unknown, used: Map<number, string>): string | undefined {
    if (!Array.isArray(value)) return undefined;
    if (wholeKeys.has(key) && value.length > 0) return this.#ref(this.#json(value), used);
    if (itemKeys.has(key))
      return `[${value.map((item) => this.#ref((JSON.stringify(item) as string | undefined) ?? 'null', used)).join(',')}]`;
    return undefined;
  }

  /** `pack`, key by key: for a verdict whose own strings spell a marker. */
  #packByKey(verdict: Record<string, unknown>, used: Map<number, string>): string {
    let out = '';
    for (const [key, value] of Object.entries(verdict)) {
      if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
      const text = this.#sharedText(key, value, used) ?? JSON.stringify(value);
      out += `${out === '' ? '{' : ','}${JSON.stringify(key)}:${text}`;
    }
    return out === '' ? '{}' : `${out}}`;
  }

  /** JSON of a shared object, worked out once per object (verdict parts are never changed). */
  #json(value: object): string {
    let json = this.#jsonOf.get(value);
    if (json === undefined) {
      json = JSON.stringify(value);
      this.#jsonOf.set(value, json);
    }
    return json;
  }

  /** A reference to `json` once it has been seen twice; until then, the JSON itself. */
  #ref(json: string, used: Map<number, string>): string {
    if (json.length < minPartLength) return json;
    let id = this.#ids.get(json);
    if (id === undefined) {
      if (!this.#seenOnce.has(json) || this.#ids.size >= maxParts) {
        if (this.#seenOnce.size >= maxSeenOnce) this.#seenOnce.clear();
        this.#seenOnce.add(json);
        return json;
      }
      this.#seenOnce.delete(json);
      id = this.#next;
      this.#next += this.#stride;
      this.#ids.set(json, id);
    }
    used.set(id, json);
    return `{"$part":${String(id)}}`;
  }
}

// A reference is the only place `{"$part":` can appear outside a JSON string: inside one, the
// quotes would be escaped.
const reference = /\{"\$part":(\d+)\}/g;

/** The verdict JSON with its references replaced by the parts' text. */
export function unpackVerdict(json: string, parts: ReadonlyMap<number, string>): string {
  if (!json.includes('{"$part":')) return json;
  return json.replace(reference, (whole, id: string) => parts.get(Number(id)) ?? whole);
}

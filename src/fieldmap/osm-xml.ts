// OSM XML (`.osm`) and OsmChange (`.osc`) as a stream (pure): text goes in by chunks, elements come
// out as soon as they close. Only the markup OSM uses is read: no DOCTYPE (so no entity expansion),
// no CDATA. Attributes naming who edited (user, uid, changeset) are never read.
import { ParseError } from '../shared/errors.js';
import {
  defaultReaderLimits,
  type OsmAction,
  type OsmElement,
  type ReaderLimits,
} from './osm-element.js';

const entities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Streaming reader of OSM XML and OsmChange documents. */
export class OsmXmlReader {
  readonly #source: string;
  readonly #limits: ReaderLimits;
  #buf = '';
  #line = 1;
  #root: string | undefined;
  #depth = 0;
  readonly #open: string[] = [];
  #action: OsmAction | undefined;
  #current: OsmElement | undefined;
  #out: OsmElement[] = [];

  constructor(source: string, limits: ReaderLimits = defaultReaderLimits) {
    this.#source = source;
    this.#limits = limits;
  }

  /** Feeds the next piece of text; returns the elements it completed. */
  push(text: string): OsmElement[] {
    this.#buf = this.#buf.length === 0 ? text : this.#buf + text;
    let pos = 0;
    const buf = this.#buf;
    for (;;) {
      const lt = buf.indexOf('<', pos);
      if (lt < 0) {
        this.#countLines(buf, pos, buf.length);
        pos = buf.length;
        break;
      }
      this.#countLines(buf, pos, lt);
      const end = this.#markupEnd(buf, lt);
      if (end < 0) {
        pos = lt;
        break;
      }
      this.#markup(buf, lt, end);
      this.#countLines(buf, lt, end);
      pos = end;
    }
    this.#buf = buf.slice(pos);
    if (this.#buf.length > this.#limits.maxElementChars)
      this.#fail(`one XML tag is longer than ${this.#limits.maxElementChars} characters`);
    return this.#take();
  }

  /** Ends the document: an element left open or a missing root is an error. */
  end(): OsmElement[] {
    if (this.#buf.trim().length > 0) this.#fail('the file ends inside a tag');
    if (this.#root === undefined) this.#fail('no OSM XML in the file (no <osm> or <osmChange>)');
    if (this.#depth > 0) this.#fail(`the file ends before </${this.#root}> (truncated?)`);
    return this.#take();
  }

  #take(): OsmElement[] {
    const out = this.#out;
    this.#out = [];
    return out;
  }

  #countLines(buf: string, from: number, to: number): void {
    for (let i = buf.indexOf('\n', from); i >= 0 && i < to; i = buf.indexOf('\n', i + 1))
      this.#line++;
  }

  #fail(message: string): never {
    throw new ParseError(this.#source, message, `line ${this.#line}`);
  }

  /** Index just past the markup starting at `lt`, or -1 when the buffer ends inside it. */
  #markupEnd(buf: string, lt: number): number {
    if (buf.startsWith('<?', lt)) return after(buf.indexOf('?>', lt), 2);
    if (buf.startsWith('<!--', lt)) return after(buf.indexOf('-->', lt), 3);
    if (buf.startsWith('<!', lt) && buf.length - lt >= 9) {
      const what = buf.startsWith('<![CDATA[', lt) ? 'CDATA sections' : 'DOCTYPE declarations';
      this.#fail(`${what} are not accepted in OSM XML`);
    }
    let quote = 0;
    for (let i = lt + 1; i < buf.length; i++) {
      const c = buf.charCodeAt(i);
      if (quote !== 0) {
        if (c === quote) quote = 0;
      } else if (c === 34 || c === 39) quote = c;
      else if (c === 62) return i + 1;
    }
    return -1;
  }

  #markup(buf: string, lt: number, end: number): void {
    const c = buf.charCodeAt(lt + 1);
    if (c === 63 || c === 33) return; // <? … ?> and <!-- … -->
    if (c === 47) {
      this.#close(buf.slice(lt + 2, end - 1).trim());
      return;
    }
    const selfClosing = buf.charCodeAt(end - 2) === 47;
    const inner = buf.slice(lt + 1, selfClosing ? end - 2 : end - 1);
    const m = /^[^\s/>]+/.exec(inner);
    if (m === null) this.#fail('a tag without a name');
    const name = m[0];
    this.#start(
      name,
      attributes(inner.slice(name.length), (e) => this.#fail(e)),
    );
    if (selfClosing) this.#close(name);
  }

  #start(name: string, attrs: Record<string, string>): void {
    this.#depth++;
    this.#open.push(name);
    if (this.#depth > 16) this.#fail('elements nested deeper than 16 levels');
    if (this.#root === undefined) {
      if (name !== 'osm' && name !== 'osmChange')
        this.#fail(`not OSM XML: the root element is <${name}>, not <osm> or <osmChange>`);
      this.#root = name;
      return;
    }
    if (
      this.#depth === 2 &&
      this.#root === 'osmChange' &&
      (name === 'create' || name === 'modify' || name === 'delete')
    ) {
      this.#action = name;
      return;
    }
    if (name === 'node' || name === 'way' || name === 'relation') this.#startElement(name, attrs);
    else if (this.#current !== undefined) this.#child(name, attrs);
  }

  #startElement(type: OsmElement['type'], attrs: Record<string, string>): void {
    if (this.#current !== undefined) this.#fail(`<${type}> inside <${this.#current.type}>`);
    const id = Number(attrs.id);
    if (!Number.isSafeInteger(id)) this.#fail(`<${type}> with id "${attrs.id ?? ''}"`);
    const base = {
      id,
      tags: {},
      position: `line ${this.#line}`,
      ...(attrs.version === undefined ? {} : { version: Number(attrs.version) }),
      ...(this.#action === undefined ? {} : { action: this.#action }),
    };
    if (type === 'node')
      this.#current = { type, ...base, lat: coord(attrs.lat), lon: coord(attrs.lon) };
    else if (type === 'way') this.#current = { type, ...base, refs: [] };
    else this.#current = { type, ...base };
  }

  #child(name: string, attrs: Record<string, string>): void {
    const el = this.#current;
    if (el === undefined) return;
    if (name === 'tag') {
      const k = attrs.k;
      if (k === undefined) this.#fail('<tag> without k');
      if (!(k in el.tags) && Object.keys(el.tags).length >= this.#limits.maxTags)
        this.#fail(`${el.type} ${el.id} has more than ${this.#limits.maxTags} tags`);
      el.tags[k] = attrs.v ?? '';
    } else if (name === 'nd' && el.type === 'way') {
      if (el.refs.length >= this.#limits.maxRefs)
        this.#fail(`way ${el.id} has more than ${this.#limits.maxRefs} nodes`);
      el.refs.push(Number(attrs.ref));
      if (attrs.lat !== undefined) (el.geometry ??= []).push(latLon(attrs));
    } else if (name === 'center' && el.type !== 'node') {
      el.center = latLon(attrs);
    }
  }

  #close(name: string): void {
    const open = this.#open.pop();
    if (open === undefined) this.#fail(`</${name}> closes nothing`);
    if (open !== name) this.#fail(`</${name}> where </${open}> was expected`);
    this.#depth--;
    if (this.#depth === 1 && this.#root === 'osmChange') this.#action = undefined;
    if (this.#current?.type === name) {
      this.#out.push(this.#current);
      this.#current = undefined;
    }
  }
}

function after(i: number, n: number): number {
  return i < 0 ? -1 : i + n;
}

function coord(v: string | undefined): number {
  return v === undefined || v.trim() === '' ? NaN : Number(v);
}

function latLon(attrs: Record<string, string>): { lat: number; lon: number } {
  return { lat: coord(attrs.lat), lon: coord(attrs.lon) };
}

const attrPattern = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function attributes(text: string, fail: (m: string) => never): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(attrPattern)) {
    const key = m[1] as string;
    const raw = m[2] ?? m[3] ?? '';
    out[key] = raw.includes('&') ? decode(raw, fail) : raw;
  }
  return out;
}

function decode(raw: string, fail: (m: string) => never): string {
  return raw.replaceAll(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (_, e: string) => {
    if (e.startsWith('#')) {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1));
      if (code > 0x10ffff) fail(`character reference &${e}; is out of range`);
      return String.fromCodePoint(code);
    }
    const named = entities[e];
    if (named === undefined) fail(`unknown entity &${e};`);
    return named;
  });
}

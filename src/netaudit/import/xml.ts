// A small, strict, non-validating XML parser for untrusted documents (nmap -oX, SADP, WS-Discovery).
// Linear time, iterative (no recursion), bounded depth and node count. Entity expansion is off: only
// the five predefined entities and numeric references are decoded; a DTD internal subset (where
// entities would be declared) is refused, a bare `<!DOCTYPE name>` is skipped.
import { ParseError } from '../../shared/errors.js';

/** One element: its qualified name, attributes, child elements and its own decoded text. */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Character data directly inside this element (CDATA included), untrimmed. */
  text: string;
}

export interface XmlOptions {
  /** Names the input in errors (default `xml`). */
  source?: string;
  /** Deepest element nesting accepted (default 256). */
  maxDepth?: number;
  /** Most elements accepted (default 200 000). */
  maxNodes?: number;
}

export const defaultMaxDepth = 256;
export const defaultMaxNodes = 200_000;

const predefined: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const nameRe = /[A-Za-z_:\u00C0-\uFFEF][\w.:\-\u00B7\u00C0-\uFFEF]*/y;

interface Open {
  el: XmlElement;
  parts: string[];
}

interface State {
  text: string;
  maxDepth: number;
  maxNodes: number;
  stack: Open[];
  root: XmlElement | undefined;
  nodes: number;
  fail: Fail;
}

/** Parses a whole document into its root element; throws ParseError when it is not well-formed. */
export function parseXml(text: string, options: XmlOptions = {}): XmlElement {
  const source = options.source ?? 'xml';
  const st: State = {
    text,
    maxDepth: options.maxDepth ?? defaultMaxDepth,
    maxNodes: options.maxNodes ?? defaultMaxNodes,
    stack: [],
    root: undefined,
    nodes: 0,
    fail: (message, at) => {
      throw new ParseError(source, message, positionOf(text, at));
    },
  };
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const end = lt < 0 ? text.length : lt;
    if (end > i) addText(st, text.slice(i, end), i);
    if (lt < 0) break;
    i = readMarkup(st, lt);
  }
  const unclosed = st.stack.at(-1);
  if (unclosed !== undefined) st.fail(`<${unclosed.el.name}> is never closed`, text.length);
  return st.root ?? st.fail('no root element', 0);
}

function addText(st: State, raw: string, at: number): void {
  const top = st.stack.at(-1);
  if (top !== undefined) top.parts.push(decodeEntities(raw));
  else if (!/^\s*$/.test(raw)) st.fail('text outside the root element', at);
}

/** Reads the markup starting with `<` at `i`; returns where the next token starts. */
function readMarkup(st: State, i: number): number {
  const { text, fail } = st;
  if (text.startsWith('<!--', i)) return skipPast(text, '-->', i + 4, fail, 'comment');
  if (text.startsWith('<![CDATA[', i)) {
    const close = text.indexOf(']]>', i + 9);
    if (close < 0) fail('unterminated CDATA section', i);
    const top = st.stack.at(-1) ?? fail('CDATA outside the root element', i);
    top.parts.push(text.slice(i + 9, close));
    return close + 3;
  }
  if (text.startsWith('<?', i)) return skipPast(text, '?>', i + 2, fail, 'processing instruction');
  if (text.startsWith('<!DOCTYPE', i)) {
    if (st.root !== undefined) fail('DOCTYPE after the root element', i);
    return skipDoctype(text, i, fail);
  }
  if (text.startsWith('<!', i)) fail('markup declarations are refused (no entities)', i);
  return text.startsWith('</', i) ? readEndTag(st, i) : openElement(st, i);
}

function readEndTag(st: State, i: number): number {
  nameRe.lastIndex = i + 2;
  const name = nameRe.exec(st.text)?.[0] ?? st.fail('bad end tag', i);
  const j = skipSpace(st.text, i + 2 + name.length);
  if (st.text[j] !== '>') st.fail('bad end tag', j);
  const top = st.stack.pop();
  if (top?.el.name !== name) return st.fail(`unexpected </${name}>`, i);
  top.el.text = top.parts.join('');
  return j + 1;
}

function openElement(st: State, i: number): number {
  if (st.root !== undefined && st.stack.length === 0) st.fail('a second root element', i);
  if (++st.nodes > st.maxNodes) st.fail(`more than ${st.maxNodes} elements`, i);
  const { el, next, selfClosing } = readStartTag(st.text, i, st.fail);
  const parent = st.stack.at(-1);
  if (parent !== undefined) parent.el.children.push(el);
  else st.root = el;
  if (!selfClosing) {
    if (st.stack.length >= st.maxDepth) st.fail(`nesting deeper than ${st.maxDepth}`, i);
    st.stack.push({ el, parts: [] });
  }
  return next;
}

type Fail = (message: string, at: number) => never;

function readStartTag(
  text: string,
  start: number,
  fail: Fail,
): { el: XmlElement; next: number; selfClosing: boolean } {
  nameRe.lastIndex = start + 1;
  const name = nameRe.exec(text)?.[0] ?? fail('bad start tag', start);
  const attrs = Object.create(null) as Record<string, string>;
  const el: XmlElement = { name, attrs, children: [], text: '' };
  let i = start + 1 + name.length;
  for (;;) {
    const afterSpace = skipSpace(text, i);
    const spaced = afterSpace > i;
    i = afterSpace;
    if (text[i] === '>') return { el, next: i + 1, selfClosing: false };
    if (text.startsWith('/>', i)) return { el, next: i + 2, selfClosing: true };
    if (!spaced) fail('expected whitespace, > or />', i);
    nameRe.lastIndex = i;
    const attr = nameRe.exec(text)?.[0] ?? fail('bad attribute name', i);
    i = skipSpace(text, i + attr.length);
    if (text[i] !== '=') fail(`attribute ${attr} has no value`, i);
    i = skipSpace(text, i + 1);
    const quote = text[i];
    if (quote !== '"' && quote !== "'") return fail('attribute value is not quoted', i);
    const close = text.indexOf(quote, i + 1);
    if (close < 0) fail('unterminated attribute value', i);
    const raw = text.slice(i + 1, close);
    if (raw.includes('<')) fail('< in attribute value', i);
    if (Object.hasOwn(attrs, attr)) fail(`duplicate attribute ${attr}`, i);
    // Attribute-value normalization: literal tabs and newlines become spaces; &#xa; stays a newline.
    attrs[attr] = decodeEntities(raw.replaceAll(/[\t\n\r]/g, ' '));
    i = close + 1;
  }
}

function skipSpace(text: string, i: number): number {
  let j = i;
  for (let c = text.charCodeAt(j); c === 32 || c === 9 || c === 10 || c === 13;) {
    c = text.charCodeAt(++j);
  }
  return j;
}

function skipPast(text: string, marker: string, from: number, fail: Fail, what: string): number {
  const at = text.indexOf(marker, from);
  if (at < 0) fail(`unterminated ${what}`, from);
  return at + marker.length;
}

function skipDoctype(text: string, start: number, fail: Fail): number {
  let quote = '';
  for (let j = start + 9; j < text.length; j++) {
    const c = text[j];
    if (quote !== '') {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[') fail('DTD internal subsets are refused (no entity declarations)', j);
    else if (c === '>') return j + 1;
  }
  return fail('unterminated DOCTYPE', start);
}

/** Decodes the five predefined entities and numeric references; anything else stays as written. */
export function decodeEntities(s: string): string {
  if (!s.includes('&')) return s;
  return s.replaceAll(/&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-z]{2,4});/g, (all, e: string) => {
    if (e.startsWith('#')) {
      const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : all;
    }
    return predefined[e] ?? all;
  });
}

function positionOf(text: string, at: number): string {
  let line = 1;
  let lineStart = 0;
  for (let j = text.indexOf('\n'); j >= 0 && j < at; j = text.indexOf('\n', j + 1)) {
    line++;
    lineStart = j + 1;
  }
  return `line ${line} col ${at - lineStart + 1}`;
}

/** The name without its namespace prefix (`env:Body` -> `Body`). */
export function localName(name: string): string {
  return name.slice(name.lastIndexOf(':') + 1);
}

/** `el` and all its descendants with this local name, in document order (iterative). */
export function findAll(el: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  const todo: XmlElement[] = [el];
  for (let next = todo.pop(); next !== undefined; next = todo.pop()) {
    if (localName(next.name) === name) out.push(next);
    for (let k = next.children.length - 1; k >= 0; k--) todo.push(next.children[k] as XmlElement);
  }
  return out;
}

/** The direct children with this local name. */
export function childrenNamed(el: XmlElement, name: string): XmlElement[] {
  return el.children.filter((c) => localName(c.name) === name);
}

/** The first direct child with this local name. */
export function child(el: XmlElement, name: string): XmlElement | undefined {
  return el.children.find((c) => localName(c.name) === name);
}

/** The trimmed text of the first direct child with this local name; undefined when absent or empty. */
export function childText(el: XmlElement, name: string): string | undefined {
  const t = child(el, name)?.text.trim();
  return t === undefined || t === '' ? undefined : t;
}

import { ParseError } from '../../shared/errors.js';

/** Most leaf values read from one discovery reply. */
export const maxLeaves = 512;
/** Largest reply accepted; discovery replies are a few kilobytes. */
export const maxXmlBytes = 64 * 1024;

const entities: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Text of the leaf elements of a small XML document (a SADP or WS-Discovery reply), by local name
 * (namespace prefix dropped). One linear pass. Only the five predefined entities and numeric
 * references are decoded: DOCTYPE declarations and custom entities are never expanded.
 */
export function xmlLeaves(bytes: Uint8Array, source: string): Map<string, string[]> {
  if (bytes.length > maxXmlBytes)
    throw new ParseError(source, `reply of ${bytes.length} bytes is over ${maxXmlBytes}`);
  const text = new TextDecoder().decode(bytes);
  if (/<!(DOCTYPE|ENTITY)/i.test(text)) {
    throw new ParseError(
      source,
      'DOCTYPE and ENTITY declarations are refused (no entity expansion)',
    );
  }
  if (!/^\s*</.test(text)) throw new ParseError(source, 'not an XML document', 'byte 0');
  const leaves = new Map<string, string[]>();
  const open =
    /<([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)(\s[^<>]*)?>([^<]*)<\/([A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)\s*>/g;
  let count = 0;
  for (let m = open.exec(text); m !== null; m = open.exec(text)) {
    const name = m[2] ?? '';
    if (name !== m[6]) continue;
    if (++count > maxLeaves) break;
    const list = leaves.get(name) ?? [];
    list.push(decodeEntities(m[4] ?? '').trim());
    leaves.set(name, list);
  }
  return leaves;
}

function decodeEntities(s: string): string {
  return s.replaceAll(/&(#x[0-9a-f]{1,6}|#\d{1,7}|[a-z]{2,4});/gi, (all, e: string) => {
    if (e.startsWith('#x') || e.startsWith('#X'))
      return safeCodePoint(parseInt(e.slice(2), 16), all);
    if (e.startsWith('#')) return safeCodePoint(parseInt(e.slice(1), 10), all);
    return entities[e] ?? all;
  });
}

function safeCodePoint(n: number, fallback: string): string {
  return n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : fallback;
}

/** The first value of a leaf, or undefined. */
export function leaf(leaves: Map<string, string[]>, name: string): string | undefined {
  const v = leaves.get(name)?.[0];
  return v === undefined || v === '' ? undefined : v.slice(0, 256);
}

import { BytesView, decodeUtf8 } from './bytes-view.js';
import type { XmlAttribute, XmlElement } from './axml.js';

const maxDepth = 64;

interface Field {
  number: number;
  wire: number;
  /** Varint value (wire 0) or the bytes (wire 2). */
  value: number;
  start: number;
  end: number;
}

/**
 * Reads an App Bundle's `manifest/AndroidManifest.xml`, which aapt2 writes as a protobuf
 * `XmlNode` (aapt2 Resources.proto: XmlNode.element=1; XmlElement.name=3, attribute=4, child=5;
 * XmlAttribute.namespace_uri=1, name=2, value=3, resource_id=5, compiled_item=6) into the same
 * element list as binary XML, so one manifest reader serves both.
 */
export function parseProtoXml(bytes: Uint8Array, source = 'AndroidManifest.xml'): XmlElement[] {
  const v = new BytesView(bytes, source);
  const out: XmlElement[] = [];
  const element = fieldsOf(v, 0, bytes.length).find((f) => f.number === 1 && f.wire === 2);
  if (element === undefined) throw v.fail('not a protobuf XML node (no element)', 0);
  readElement(v, element, 0, out);
  return out;
}

function readElement(v: BytesView, e: Field, depth: number, out: XmlElement[]): void {
  if (depth > maxDepth) throw v.fail('XML nested too deeply', e.start);
  let name = '';
  const attributes: XmlAttribute[] = [];
  const children: Field[] = [];
  for (const f of fieldsOf(v, e.start, e.end)) {
    if (f.number === 3 && f.wire === 2) name = text(v, f);
    else if (f.number === 4 && f.wire === 2) attributes.push(readAttribute(v, f));
    else if (f.number === 5 && f.wire === 2) children.push(f);
  }
  out.push({ name, depth, attributes });
  for (const child of children) {
    const inner = fieldsOf(v, child.start, child.end).find((f) => f.number === 1 && f.wire === 2);
    if (inner !== undefined) readElement(v, inner, depth + 1, out);
  }
}

function readAttribute(v: BytesView, a: Field): XmlAttribute {
  let namespace = '';
  let name = '';
  let raw: string | undefined;
  let resourceId: number | undefined;
  let compiled: number | boolean | undefined;
  for (const f of fieldsOf(v, a.start, a.end)) {
    if (f.number === 1 && f.wire === 2) namespace = text(v, f);
    else if (f.number === 2 && f.wire === 2) name = text(v, f);
    else if (f.number === 3 && f.wire === 2) raw = text(v, f);
    else if (f.number === 5 && f.wire === 0) resourceId = f.value;
    else if (f.number === 6 && f.wire === 2) compiled = primitiveOf(v, f);
  }
  const value = compiled ?? raw ?? '';
  return { namespace, name, resourceId: resourceId === 0 ? undefined : resourceId, value };
}

/** Item.prim (7): int_decimal (6), int_hexadecimal (7), boolean (8). */
function primitiveOf(v: BytesView, item: Field): number | boolean | undefined {
  const prim = fieldsOf(v, item.start, item.end).find((f) => f.number === 7 && f.wire === 2);
  if (prim === undefined) return undefined;
  for (const f of fieldsOf(v, prim.start, prim.end)) {
    if ((f.number === 6 || f.number === 7) && f.wire === 0) return f.value | 0;
    if (f.number === 8 && f.wire === 0) return f.value !== 0;
  }
  return undefined;
}

function text(v: BytesView, f: Field): string {
  return decodeUtf8(v.bytes.subarray(f.start, f.end));
}

function fieldsOf(v: BytesView, from: number, to: number): Field[] {
  const out: Field[] = [];
  for (let at = from; at < to;) {
    const key = varint(v, at, to);
    const number = Math.floor(key.value / 8);
    const wire = key.value % 8;
    at = key.next;
    if (wire === 0) {
      const x = varint(v, at, to);
      out.push({ number, wire, value: x.value, start: at, end: x.next });
      at = x.next;
    } else if (wire === 2) {
      const length = varint(v, at, to);
      const end = length.next + length.value;
      if (end > to) throw v.fail('protobuf field runs past its parent', at);
      out.push({ number, wire, value: length.value, start: length.next, end });
      at = end;
    } else if (wire === 1 || wire === 5) {
      at += wire === 1 ? 8 : 4;
      if (at > to) throw v.fail('protobuf field runs past its parent', at);
    } else throw v.fail(`protobuf wire type ${wire} not supported`, at);
  }
  return out;
}

/** A varint of up to 10 bytes; values past 2^53 lose precision, which no field here needs. */
function varint(v: BytesView, at: number, to: number): { value: number; next: number } {
  let value = 0;
  for (let i = 0; i < 10; i++) {
    if (at + i >= to) throw v.fail('varint runs past its field', at);
    const b = v.u8(at + i);
    value += (b & 0x7f) * 2 ** (7 * i);
    if ((b & 0x80) === 0) return { value, next: at + i + 1 };
  }
  throw v.fail('varint longer than ten bytes', at);
}

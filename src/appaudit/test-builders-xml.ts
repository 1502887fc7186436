// Android XML for tests: binary XML (AXML, as in APKs) with its string pool, the manifest of an
// app spec, and the protobuf XML of App Bundles; from the layouts in the parsers' comments.
import { enc, Writer } from './test-builders-bytes.js';

export interface XmlSpec {
  readonly name: string;
  readonly attrs?: readonly {
    readonly name: string;
    readonly android?: boolean;
    readonly id?: number;
    readonly value: string | number | boolean;
  }[];
  readonly children?: readonly XmlSpec[];
}

const androidNs = 'http://schemas.android.com/apk/res/android';

/** Binary XML (AXML) for a tree: string pool (UTF-16 or UTF-8), resource map, elements. */
export function buildAxml(root: XmlSpec, options: { utf8?: boolean } = {}): Uint8Array {
  const withIds: { name: string; id: number }[] = [];
  const others = new Set<string>([androidNs, 'android']);
  const walk = (e: XmlSpec): void => {
    others.add(e.name);
    for (const a of e.attrs ?? []) {
      if (a.id !== undefined && !withIds.some((x) => x.name === a.name))
        withIds.push({ name: a.name, id: a.id });
      if (a.id === undefined) others.add(a.name);
      if (typeof a.value === 'string') others.add(a.value);
    }
    for (const c of e.children ?? []) walk(c);
  };
  walk(root);
  const strings = [
    ...withIds.map((x) => x.name),
    ...[...others].filter((s) => !withIds.some((x) => x.name === s)),
  ];
  const index = (s: string): number => strings.indexOf(s);
  const body = new Writer();
  body.bytes(stringPool(strings, options.utf8 === true));
  const map = new Writer();
  map
    .u16(0x0180)
    .u16(8)
    .u32(8 + 4 * withIds.length);
  for (const x of withIds) map.u32(x.id);
  body.bytes(map.done());
  body
    .u16(0x0100)
    .u16(16)
    .u32(24)
    .u32(1)
    .u32(0xffffffff)
    .u32(index('android'))
    .u32(index(androidNs));
  const element = (e: XmlSpec): void => {
    const attrs = e.attrs ?? [];
    body
      .u16(0x0102)
      .u16(16)
      .u32(36 + 20 * attrs.length)
      .u32(1)
      .u32(0xffffffff);
    body.u32(0xffffffff).u32(index(e.name)).u16(20).u16(20).u16(attrs.length).u16(0).u16(0).u16(0);
    for (const a of attrs) {
      body.u32(a.android === false ? 0xffffffff : index(androidNs)).u32(index(a.name));
      if (typeof a.value === 'string')
        body.u32(index(a.value)).u16(8).u8(0).u8(3).u32(index(a.value));
      else if (typeof a.value === 'boolean')
        body
          .u32(0xffffffff)
          .u16(8)
          .u8(0)
          .u8(0x12)
          .u32(a.value ? 0xffffffff : 0);
      else body.u32(0xffffffff).u16(8).u8(0).u8(0x10).u32(a.value);
    }
    for (const c of e.children ?? []) element(c);
    body.u16(0x0103).u16(16).u32(24).u32(1).u32(0xffffffff).u32(0xffffffff).u32(index(e.name));
  };
  element(root);
  const inner = body.done();
  return new Writer()
    .u16(0x0003)
    .u16(8)
    .u32(8 + inner.length)
    .bytes(inner)
    .done();
}

function stringPool(strings: readonly string[], utf8: boolean): Uint8Array {
  const data = new Writer();
  const offsets: number[] = [];
  for (const s of strings) {
    offsets.push(data.length);
    if (utf8) {
      const b = enc.encode(s);
      data.u8(s.length).u8(b.length).bytes(b).u8(0);
    } else {
      data.u16(s.length);
      for (let i = 0; i < s.length; i++) data.u16(s.charCodeAt(i));
      data.u16(0);
    }
  }
  while (data.length % 4 !== 0) data.u8(0);
  const start = 28 + 4 * strings.length;
  const w = new Writer()
    .u16(0x0001)
    .u16(28)
    .u32(start + data.length);
  w.u32(strings.length)
    .u32(0)
    .u32(utf8 ? 0x100 : 0)
    .u32(start)
    .u32(0);
  for (const o of offsets) w.u32(o);
  return w.bytes(data.done()).done();
}

/** A manifest of an app with permissions, components and meta-data, for tests. */
export function manifestSpec(options: {
  package: string;
  versionCode?: number;
  versionName?: string;
  permissions?: readonly string[];
  components?: readonly { kind: string; name: string }[];
  metaData?: readonly { name: string; value: string }[];
}): XmlSpec {
  return {
    name: 'manifest',
    attrs: [
      { name: 'versionCode', id: 0x0101021b, value: options.versionCode ?? 1 },
      { name: 'versionName', id: 0x0101021c, value: options.versionName ?? '1.0' },
      { name: 'package', android: false, value: options.package },
    ],
    children: [
      {
        name: 'uses-sdk',
        attrs: [
          { name: 'minSdkVersion', id: 0x0101020c, value: 21 },
          { name: 'targetSdkVersion', id: 0x01010270, value: 34 },
        ],
      },
      ...(options.permissions ?? []).map((p) => ({
        name: 'uses-permission',
        attrs: [{ name: 'name', id: 0x01010003, value: p }],
      })),
      {
        name: 'application',
        attrs: [{ name: 'allowBackup', id: 0x01010280, value: true }],
        children: [
          ...(options.components ?? []).map((c) => ({
            name: c.kind,
            attrs: [{ name: 'name', id: 0x01010003, value: c.name }],
          })),
          ...(options.metaData ?? []).map((m) => ({
            name: 'meta-data',
            attrs: [
              { name: 'name', id: 0x01010003, value: m.name },
              { name: 'value', id: 0x01010024, value: m.value },
            ],
          })),
        ],
      },
    ],
  };
}

function protoVarint(n: number): number[] {
  const out: number[] = [];
  let x = n;
  do {
    const b = x % 128;
    x = Math.floor(x / 128);
    out.push(x > 0 ? b | 0x80 : b);
  } while (x > 0);
  return out;
}

function protoField(number: number, body: Uint8Array | number): Uint8Array {
  if (typeof body === 'number')
    return Uint8Array.from([...protoVarint(number * 8), ...protoVarint(body)]);
  return Uint8Array.from([...protoVarint(number * 8 + 2), ...protoVarint(body.length), ...body]);
}

export const cat = (...parts: Uint8Array[]): Uint8Array => {
  const w = new Writer();
  for (const p of parts) w.bytes(p);
  return w.done();
};

/** An App Bundle manifest: the tree as an aapt2 protobuf XmlNode. */
export function buildProtoXml(root: XmlSpec): Uint8Array {
  const element = (e: XmlSpec): Uint8Array => {
    const attrs = (e.attrs ?? []).map((a) => {
      const parts = [
        protoField(1, enc.encode(a.android === false ? '' : androidNs)),
        protoField(2, enc.encode(a.name)),
        protoField(3, enc.encode(String(a.value))),
      ];
      if (a.id !== undefined) parts.push(protoField(5, a.id));
      if (typeof a.value === 'number')
        parts.push(protoField(6, protoField(7, protoField(6, a.value))));
      if (typeof a.value === 'boolean')
        parts.push(protoField(6, protoField(7, protoField(8, a.value ? 1 : 0))));
      return protoField(4, cat(...parts));
    });
    const children = (e.children ?? []).map((c) => protoField(5, protoField(1, element(c))));
    return cat(protoField(3, enc.encode(e.name)), ...attrs, ...children);
  };
  return protoField(1, element(root));
}

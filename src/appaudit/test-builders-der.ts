// DER for tests: X.509 certificates, PKCS #7 and the APK signing block that carries them.
import { enc, Writer } from './test-builders-bytes.js';

/** A DER element from its tag and contents. */
export function der(tag: number, ...parts: readonly Uint8Array[]): Uint8Array {
  const body = new Writer();
  for (const p of parts) body.bytes(p);
  const content = body.done();
  const w = new Writer().u8(tag);
  if (content.length < 0x80) w.u8(content.length);
  else if (content.length < 0x100) w.u8(0x81).u8(content.length);
  else
    w.u8(0x82)
      .u8(content.length >> 8)
      .u8(content.length & 0xff);
  return w.bytes(content).done();
}

function oid(dotted: string): Uint8Array {
  const [a = 0, b = 0, ...rest] = dotted.split('.').map(Number);
  const out = [40 * a + b];
  for (const n of rest) {
    const groups: number[] = [];
    let x = n;
    do {
      groups.unshift(x & 0x7f);
      x = Math.floor(x / 128);
    } while (x > 0);
    out.push(...groups.map((g, i) => (i < groups.length - 1 ? g | 0x80 : g)));
  }
  return der(0x06, Uint8Array.from(out));
}

function dn(pairs: readonly (readonly [string, string])[]): Uint8Array {
  const codes: Record<string, string> = { CN: '2.5.4.3', O: '2.5.4.10', C: '2.5.4.6' };
  return der(
    0x30,
    ...pairs.map(([k, v]) => der(0x31, der(0x30, oid(codes[k] ?? k), der(0x0c, enc.encode(v))))),
  );
}

/** A self-signed-looking X.509 certificate (the signature bytes are not a real signature). */
export function buildCertificate(subject: readonly (readonly [string, string])[]): Uint8Array {
  const alg = der(0x30, oid('1.2.840.113549.1.1.11'), der(0x05));
  const tbs = der(
    0x30,
    der(0xa0, der(0x02, Uint8Array.of(2))),
    der(0x02, Uint8Array.of(0x01, 0x23, 0x45)),
    alg,
    dn(subject),
    der(0x30, der(0x17, enc.encode('240101000000Z')), der(0x18, enc.encode('20540101000000Z'))),
    dn(subject),
    der(0x30, alg, der(0x03, Uint8Array.of(0, 1, 2, 3))),
  );
  return der(0x30, tbs, alg, der(0x03, Uint8Array.of(0, 9, 9, 9)));
}

/** A PKCS#7 SignedData holding one certificate, as META-INF/CERT.RSA does. */
export function buildPkcs7(certificate: Uint8Array): Uint8Array {
  const signedData = der(
    0x30,
    der(0x02, Uint8Array.of(1)),
    der(0x31),
    der(0x30, oid('1.2.840.113549.1.7.1')),
    der(0xa0, certificate),
    der(0x31),
  );
  return der(0x30, oid('1.2.840.113549.1.7.2'), der(0xa0, signedData));
}

/** An APK Signing Block with one v2 (or v3) signer carrying `certificate`. */
export function buildSigningBlock(certificate: Uint8Array, id = 0x7109871a): Uint8Array {
  const prefixed = (...parts: Uint8Array[]): Uint8Array => {
    const inner = new Writer();
    for (const p of parts) inner.bytes(p);
    const bytes = inner.done();
    return new Writer().u32(bytes.length).bytes(bytes).done();
  };
  const signedData = prefixed(prefixed(), prefixed(prefixed(certificate)), prefixed());
  const value = prefixed(prefixed(signedData, prefixed(), prefixed()));
  const pair = new Writer()
    .u64(value.length + 4)
    .u32(id)
    .bytes(value)
    .done();
  const size = pair.length + 8 + 16;
  return new Writer().u64(size).bytes(pair).u64(size).bytes(enc.encode('APK Sig Block 42')).done();
}

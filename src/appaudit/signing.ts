import { BytesView, decodeUtf8 } from './bytes-view.js';
import { derBytes, derChildren, derOid, readDer, type Der } from './der.js';

/** The certificate an APK was signed with, as far as a report needs it. */
export interface SigningCertificate {
  readonly scheme: 'v1' | 'v2' | 'v3';
  /** The certificate's DER bytes (its SHA-256 is the usual fingerprint). */
  readonly der: Uint8Array;
  readonly subject: string;
  readonly issuer: string;
  readonly serial: string;
  readonly notBefore: string;
  readonly notAfter: string;
}

const blockV2 = 0x7109871a;
const blockV3 = 0xf05368c0;

/**
 * The first signer's certificate from an APK Signing Block (v3 preferred over v2), or undefined
 * when the block holds neither. Layout: AOSP "APK Signature Scheme v2/v3" pages — id-value pairs
 * with u64 lengths, then u32-length-prefixed signers, signed data, digests and certificates.
 */
export function readSigningBlock(
  bytes: Uint8Array,
  block: { offset: number; size: number },
  source = 'APK signing block',
): SigningCertificate | undefined {
  const v = new BytesView(bytes, source);
  const end = block.offset + 8 + block.size - 24;
  const found = new Map<number, { at: number; length: number }>();
  for (let at = block.offset + 8; at + 12 <= end;) {
    const length = v.u64(at, 'pair length');
    if (length < 4 || at + 8 + length > end)
      throw v.fail('signing block pair runs past the block', at);
    found.set(v.u32(at + 8, 'pair id'), { at: at + 12, length: length - 4 });
    at += 8 + length;
  }
  for (const [id, scheme] of [
    [blockV3, 'v3'],
    [blockV2, 'v2'],
  ] as const) {
    const pair = found.get(id);
    if (pair === undefined) continue;
    const signers = prefixed(v, pair.at, pair.at + pair.length);
    const signer = prefixed(v, signers.at, signers.end);
    const signedData = prefixed(v, signer.at, signer.end);
    const digests = prefixed(v, signedData.at, signedData.end);
    const certificates = prefixed(v, digests.end, signedData.end);
    const first = prefixed(v, certificates.at, certificates.end);
    return readCertificate(v, first.at, first.end, scheme);
  }
  return undefined;
}

function prefixed(v: BytesView, at: number, limit: number): { at: number; end: number } {
  const length = v.u32(at, 'length prefix');
  if (at + 4 + length > limit) throw v.fail('length-prefixed field runs past its parent', at);
  return { at: at + 4, end: at + 4 + length };
}

/** The first certificate of a v1 signature file (`META-INF/*.RSA|DSA|EC`, PKCS#7 SignedData). */
export function readPkcs7Certificate(
  bytes: Uint8Array,
  source = 'META-INF signature',
): SigningCertificate {
  const v = new BytesView(bytes, source);
  const contentInfo = readDer(v, 0, bytes.length);
  const [oid, explicit] = derChildren(v, contentInfo);
  if (
    oid?.tag !== 0x06 ||
    derOid(derBytes(v, oid)) !== '1.2.840.113549.1.7.2' ||
    explicit === undefined
  ) {
    throw v.fail('not a PKCS#7 SignedData structure', 0);
  }
  const signedData = derChildren(v, explicit)[0];
  if (signedData === undefined) throw v.fail('empty SignedData', explicit.start);
  const certificates = derChildren(v, signedData).find((d) => d.tag === 0xa0);
  const first = certificates === undefined ? undefined : derChildren(v, certificates)[0];
  if (first === undefined) throw v.fail('SignedData carries no certificate', signedData.start);
  return readCertificate(v, first.start, first.end, 'v1');
}

function readCertificate(
  v: BytesView,
  at: number,
  limit: number,
  scheme: SigningCertificate['scheme'],
): SigningCertificate {
  const cert = readDer(v, at, limit);
  const tbs = derChildren(v, cert)[0];
  if (cert.tag !== 0x30 || tbs?.tag !== 0x30) throw v.fail('not an X.509 certificate', at);
  const fields = derChildren(v, tbs);
  const rest = fields[0]?.tag === 0xa0 ? fields.slice(1) : fields;
  const [serial, , issuer, validity, subject] = rest;
  if (
    serial === undefined ||
    issuer === undefined ||
    validity === undefined ||
    subject === undefined
  ) {
    throw v.fail('X.509 certificate with missing fields', tbs.start);
  }
  const [notBefore, notAfter] = derChildren(v, validity);
  return {
    scheme,
    der: v.bytes.subarray(cert.start, cert.end),
    subject: nameOf(v, subject),
    issuer: nameOf(v, issuer),
    serial: Array.from(derBytes(v, serial), (b) => b.toString(16).padStart(2, '0')).join(''),
    notBefore: notBefore === undefined ? '' : timeOf(v, notBefore),
    notAfter: notAfter === undefined ? '' : timeOf(v, notAfter),
  };
}

const attributeNames: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '1.2.840.113549.1.9.1': 'E',
};

/** A distinguished name as RFC 4514 writes it: `CN=…, O=…, C=…`, last RDN of the DER first. */
function nameOf(v: BytesView, name: Der): string {
  const parts: string[] = [];
  for (const set of derChildren(v, name)) {
    for (const pair of derChildren(v, set)) {
      const [oid, value] = derChildren(v, pair);
      if (oid?.tag !== 0x06 || value === undefined) continue;
      const key = derOid(derBytes(v, oid));
      parts.push(`${attributeNames[key] ?? key}=${textOf(v, value)}`);
    }
  }
  return parts.reverse().join(', ');
}

function textOf(v: BytesView, d: Der): string {
  const bytes = derBytes(v, d);
  if (d.tag === 0x1e) {
    let s = '';
    for (let i = 0; i + 1 < bytes.length; i += 2)
      s += String.fromCharCode(((bytes[i] as number) << 8) | (bytes[i + 1] as number));
    return s;
  }
  return decodeUtf8(bytes);
}

/** UTCTime or GeneralizedTime as an ISO date-time. */
function timeOf(v: BytesView, d: Der): string {
  const t = decodeUtf8(derBytes(v, d));
  const m = (
    d.tag === 0x17
      ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/
      : /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/
  ).exec(t);
  if (m === null) return t;
  const [, y = '', mo = '', day = '', h = '', mi = '', s = '00'] = m;
  const year = y.length === 2 ? `${Number(y) >= 50 ? '19' : '20'}${y}` : y;
  return `${year}-${mo}-${day}T${h}:${mi}:${s}Z`;
}

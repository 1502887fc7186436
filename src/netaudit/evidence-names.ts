// Vendor and brand names stated in what a device shows (pure): a discovery reply's vendor field,
// a page title, a copyright line, a logo, a certificate's organisation. Each name found becomes
// `name:<vendor>` evidence; fusion decides whether it is the maker or a label of the maker.
import { normalizeName, type Kb } from '../kb/index.js';
import type { Evidence } from './evidence.js';

const maxSeen = 200;
const clip = (s: string): string => (s.length > maxSeen ? `${s.slice(0, maxSeen)}…` : s);

function claim(kb: Kb, probe: string, seen: string, vendor: string, weight: number): Evidence {
  return {
    probe,
    seen: clip(seen),
    fingerprint: `name:${vendor}`,
    kind: 'name',
    vendor,
    weight,
    sources: kb.vendors.get(vendor)?.sources ?? [],
  };
}

/** A vendor or brand named by a whole field (a discovery reply's manufacturer, an inventory's maker). */
export function nameClaim(
  kb: Kb,
  probe: string,
  text: string | undefined,
  weight: number,
): Evidence[] {
  if (text === undefined || text.length === 0 || text.length > 200) return [];
  const vendor = kb.names.get(text.trim().toLowerCase()) ?? kb.names.get(normalizeName(text));
  return vendor === undefined ? [] : [claim(kb, probe, text, vendor, weight)];
}

const maxWords = 4;

/**
 * Vendors named as whole words anywhere in a short text: the longest name wins where names
 * overlap ("Hytera Communications Corporation Limited" before "Hytera"). Names under three
 * characters are ignored; they are too easily other words.
 */
export function vendorsNamedIn(kb: Kb, text: string): string[] {
  const words = normalizeName(text.slice(0, 400))
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w !== '');
  const found: string[] = [];
  for (let i = 0; i < words.length;) {
    let step = 1;
    for (let n = Math.min(maxWords, words.length - i); n >= 1; n--) {
      const phrase = words.slice(i, i + n).join(' ');
      const vendor = phrase.length >= 3 ? kb.names.get(phrase) : undefined;
      if (vendor === undefined) continue;
      if (!found.includes(vendor)) found.push(vendor);
      step = n;
      break;
    }
    i += step;
  }
  return found;
}

/** Name claims for every vendor a short text names. */
export function namesIn(
  kb: Kb,
  probe: string,
  text: string | undefined,
  weight: number,
): Evidence[] {
  if (text === undefined || text === '') return [];
  return vendorsNamedIn(kb, text).map((v) => claim(kb, probe, text, v, weight));
}

const copyright =
  /(?:©|&copy;|\(c\)|copyright)\s*(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?([^<>\n]{2,120})/gi;
const logo = /<img\b[^>]*?\b(?:alt|src)\s*=\s*"([^"]{1,120})"/gi;

/**
 * Names a page states about its maker: copyright lines (weight 0.5) and logo images' alt text or
 * file names (0.4). Bounded: at most the first 64 KiB of the body and eight of each kind.
 */
export function namesInPage(kb: Kb, probe: string, body: string | undefined): Evidence[] {
  if (body === undefined || body === '') return [];
  const page = body.slice(0, 64 * 1024);
  const out: Evidence[] = [];
  for (const m of [...page.matchAll(copyright)].slice(0, 8))
    out.push(...namesIn(kb, probe, m[1]?.trim(), 0.5));
  for (const m of [...page.matchAll(logo)].slice(0, 8)) {
    const value = (m[1] ?? '').replace(/^.*\//, '').replace(/\.[a-z]{3,4}$/i, '');
    out.push(...namesIn(kb, probe, value.replaceAll(/[_-]+/g, ' '), 0.4));
  }
  return out;
}

/** Names in a certificate's subject or issuer: the organisation (`O=`) and common name (`CN=`). */
export function namesInCertificate(kb: Kb, probe: string, dn: string | undefined): Evidence[] {
  if (dn === undefined) return [];
  const out: Evidence[] = [];
  for (const m of dn.matchAll(/\b(?:O|CN)\s*=\s*([^,/]{1,120})/g))
    out.push(...namesIn(kb, probe, m[1]?.trim(), 0.4));
  return out;
}

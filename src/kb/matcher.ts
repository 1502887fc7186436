import type { Fingerprint, FingerprintKind } from './schema.js';

interface CompiledRegex {
  fingerprint: Fingerprint;
  re: RegExp;
}

/** Fingerprints compiled for lookup: hash maps for exact, prefix and suffix patterns, regexes by kind. */
export interface FingerprintIndex {
  readonly byPrefix: ReadonlyMap<string, Fingerprint[]>;
  readonly prefixLengths: readonly number[];
  /** Exact patterns by kind, keyed by the lower-cased pattern. */
  readonly exact: ReadonlyMap<FingerprintKind, ReadonlyMap<string, Fingerprint[]>>;
  readonly suffix: ReadonlyMap<string, Fingerprint[]>;
  readonly regex: ReadonlyMap<FingerprintKind, readonly CompiledRegex[]>;
  /** One alternation of every regex pattern: a value it misses matches no regex at all. */
  readonly anyRegex: { insensitive: RegExp; sensitive: RegExp };
}

/** Compiles a pattern; throws the RegExp's SyntaxError for a bad regex. */
export function compilePattern(fp: Fingerprint): (value: string) => boolean {
  switch (fp.match) {
    case 'regex': {
      const re = new RegExp(fp.pattern, fp.caseSensitive ? 'u' : 'iu');
      return (v) => re.test(v);
    }
    case 'exact':
      return fp.caseSensitive
        ? (v) => v === fp.pattern
        : (v) => v.toLowerCase() === fp.pattern.toLowerCase();
    case 'prefix': {
      const p = fp.pattern.toUpperCase();
      return (v) => v.toUpperCase().startsWith(p);
    }
    case 'suffix': {
      const p = fp.pattern.toLowerCase();
      return (v) => {
        const d = v.toLowerCase();
        return d === p || d.endsWith(`.${p}`);
      };
    }
  }
}

/** Builds the lookup index; fingerprints whose regex does not compile are left out (kb check reports them). */
export function indexFingerprints(fingerprints: readonly Fingerprint[]): FingerprintIndex {
  const byPrefix = new Map<string, Fingerprint[]>();
  const exact = new Map<FingerprintKind, Map<string, Fingerprint[]>>();
  const suffix = new Map<string, Fingerprint[]>();
  const regex = new Map<FingerprintKind, CompiledRegex[]>();
  const push = <K, V>(m: Map<K, V[]>, k: K, v: V): void => {
    const list = m.get(k);
    if (list) list.push(v);
    else m.set(k, [v]);
  };
  for (const fp of fingerprints) {
    if (fp.match === 'prefix') push(byPrefix, fp.pattern.toUpperCase(), fp);
    else if (fp.match === 'exact') {
      let byValue = exact.get(fp.kind);
      if (!byValue) exact.set(fp.kind, (byValue = new Map<string, Fingerprint[]>()));
      push(byValue, fp.pattern.toLowerCase(), fp);
    } else if (fp.match === 'suffix') push(suffix, fp.pattern.toLowerCase(), fp);
    else {
      try {
        push(regex, fp.kind, {
          fingerprint: fp,
          re: new RegExp(fp.pattern, fp.caseSensitive ? 'u' : 'iu'),
        });
      } catch {
        // Reported by checkKb; an index must still be usable.
      }
    }
  }
  const prefixLengths = [...new Set([...byPrefix.keys()].map((k) => k.length))].sort(
    (a, b) => b - a,
  );
  return { byPrefix, prefixLengths, exact, suffix, regex, anyRegex: alternation(regex) };
}

function alternation(regex: ReadonlyMap<FingerprintKind, readonly CompiledRegex[]>): {
  insensitive: RegExp;
  sensitive: RegExp;
} {
  const all = [...regex.values()].flat().map((r) => r.fingerprint);
  const join = (fps: Fingerprint[], flags: string): RegExp =>
    fps.length === 0 ? /(?!)/ : new RegExp(fps.map((f) => `(?:${f.pattern})`).join('|'), flags);
  return {
    insensitive: join(
      all.filter((f) => !f.caseSensitive),
      'iu',
    ),
    sensitive: join(
      all.filter((f) => f.caseSensitive),
      'u',
    ),
  };
}

/** False when no regex fingerprint of any kind can match the value (one test instead of dozens). */
export function mayMatchRegex(index: FingerprintIndex, value: string): boolean {
  return index.anyRegex.insensitive.test(value) || index.anyRegex.sensitive.test(value);
}

/** Fingerprints of the longest registered prefix of a MAC's hex digits (IEEE MA-S, then MA-M, then MA-L). */
export function matchMac(index: FingerprintIndex, hex: string): Fingerprint[] {
  for (const len of index.prefixLengths) {
    if (hex.length < len) continue;
    const hit = index.byPrefix.get(hex.slice(0, len));
    if (hit) return hit;
  }
  return [];
}

/** Fingerprints of one kind that match a value. */
export function matchKind(
  index: FingerprintIndex,
  kind: FingerprintKind,
  value: string,
): Fingerprint[] {
  const out: Fingerprint[] = [];
  const exactHits = index.exact.get(kind)?.get(value.toLowerCase());
  if (exactHits) {
    for (const fp of exactHits) if (!fp.caseSensitive || fp.pattern === value) out.push(fp);
  }
  for (const { fingerprint, re } of index.regex.get(kind) ?? []) {
    if (re.test(value)) out.push(fingerprint);
  }
  return out;
}

/** Cloud-domain fingerprints for a domain or any of its parent domains. */
export function matchDomain(index: FingerprintIndex, domain: string): Fingerprint[] {
  let d = domain.toLowerCase();
  for (;;) {
    const hit = index.suffix.get(d);
    if (hit) return hit;
    const dot = d.indexOf('.');
    if (dot < 0) return [];
    d = d.slice(dot + 1);
  }
}

// HTTP Digest access authentication, client side (RFC 7616, which obsoletes RFC 2617): parse the
// challenges a 401 carries, pick one, compute the Authorization header. Pure: the hash function and
// the client nonce are passed in.

/** One challenge of a WWW-Authenticate header: its scheme and its auth-params (names lower-cased). */
export interface AuthChallenge {
  scheme: string;
  params: Record<string, string>;
}

/** Digest algorithms this client answers (RFC 7616 §3.3 and §6.1); SHA-512-256 is not offered. */
export type DigestAlgorithm = 'MD5' | 'MD5-sess' | 'SHA-256' | 'SHA-256-sess';
export type HashName = 'md5' | 'sha256';
/** Hex digest of UTF-8 text. */
export type HexHash = (hash: HashName, text: string) => string;

const maxChallenges = 16;
const maxParams = 32;

/**
 * Splits WWW-Authenticate values into challenges (RFC 7235 §4.1: several may share one header,
 * separated by commas). Bounded; anything unparseable ends the list rather than throwing.
 */
export function parseChallenges(values: readonly string[]): AuthChallenge[] {
  const out: AuthChallenge[] = [];
  for (const value of values) {
    const text = value.slice(0, 8192);
    // A token followed by a space or the end starts a challenge; params are name=token|quoted.
    const re =
      /\s*,?\s*([A-Za-z][\w.-]*)(?!\s*=)(?:\s+|$)|\s*,?\s*([\w.-]+)\s*=\s*("(?:[^"\\]|\\.)*"|[^\s,]*)/y;
    let current: AuthChallenge | undefined;
    for (let m = re.exec(text); m !== null && m[0] !== ''; m = re.exec(text)) {
      if (m[1] !== undefined) {
        if (out.length >= maxChallenges) return out;
        current = { scheme: m[1].toLowerCase(), params: {} };
        out.push(current);
      } else if (current !== undefined && m[2] !== undefined) {
        if (Object.keys(current.params).length >= maxParams) continue;
        const raw = m[3] ?? '';
        current.params[m[2].toLowerCase()] = raw.startsWith('"')
          ? raw.slice(1, -1).replaceAll(/\\(.)/g, '$1')
          : raw;
      }
    }
  }
  return out;
}

/** What to send for a set of challenges: a Digest answer, Basic, or nothing (with why). */
export type AuthChoice =
  | { kind: 'digest'; challenge: AuthChallenge; algorithm: DigestAlgorithm }
  | { kind: 'basic' }
  | { kind: 'none'; reason: string };

const algorithms: Record<string, DigestAlgorithm> = {
  md5: 'MD5',
  'md5-sess': 'MD5-sess',
  'sha-256': 'SHA-256',
  'sha-256-sess': 'SHA-256-sess',
};

/** The algorithm a challenge or answer names (MD5 when absent), or undefined when unsupported. */
export function digestAlgorithm(name: string | undefined): DigestAlgorithm | undefined {
  return algorithms[(name ?? 'md5').toLowerCase()];
}

/**
 * Picks the challenge to answer: Digest first, SHA-256 over MD5 (RFC 7616 §3.7). Basic only when
 * the user allowed it and the connection is TLS, because Basic sends the password itself.
 */
export function chooseAuth(
  challenges: readonly AuthChallenge[],
  o: { tls: boolean; allowBasic: boolean },
): AuthChoice {
  const usable = challenges
    .filter((c) => c.scheme === 'digest' && c.params.realm !== undefined && c.params.nonce)
    .filter((c) => qopOf(c) !== undefined)
    .map((c) => ({ c, algorithm: digestAlgorithm(c.params.algorithm) }))
    .filter((x): x is { c: AuthChallenge; algorithm: DigestAlgorithm } => x.algorithm !== undefined)
    .sort((a, b) => Number(b.algorithm.startsWith('SHA')) - Number(a.algorithm.startsWith('SHA')));
  const best = usable[0];
  if (best !== undefined) return { kind: 'digest', challenge: best.c, algorithm: best.algorithm };
  if (challenges.some((c) => c.scheme === 'digest'))
    return { kind: 'none', reason: 'Digest challenge with an unsupported algorithm or qop' };
  if (challenges.some((c) => c.scheme === 'basic')) {
    if (!o.allowBasic)
      return {
        kind: 'none',
        reason: 'only Basic auth offered; not sent (see --allow-basic-auth)',
      };
    if (!o.tls)
      return {
        kind: 'none',
        reason: 'only Basic auth offered over plain HTTP; the password would cross in clear',
      };
    return { kind: 'basic' };
  }
  return { kind: 'none', reason: 'no Digest challenge in the 401' };
}

/** `auth` when the challenge offers it, `''` for an RFC 2069 challenge without qop, else undefined. */
function qopOf(c: AuthChallenge): 'auth' | '' | undefined {
  const qop = c.params.qop;
  if (qop === undefined) return '';
  return qop
    .split(',')
    .map((q) => q.trim().toLowerCase())
    .includes('auth')
    ? 'auth'
    : undefined;
}

export interface DigestInput {
  challenge: AuthChallenge;
  algorithm: DigestAlgorithm;
  user: string;
  password: string;
  method: string;
  uri: string;
  cnonce: string;
  /** Nonce count, 1 for the first (and here only) use of a nonce. */
  nc: number;
}

/** The request-digest of RFC 7616 §3.4.1 (and RFC 2617 §3.2.2.1 for a challenge without qop). */
export function digestResponse(i: DigestInput, hex: HexHash): string {
  const hash: HashName = i.algorithm.startsWith('SHA-256') ? 'sha256' : 'md5';
  const h = (s: string): string => hex(hash, s);
  const realm = i.challenge.params.realm ?? '';
  const nonce = i.challenge.params.nonce ?? '';
  const nc = ncText(i.nc);
  let ha1 = h(`${i.user}:${realm}:${i.password}`);
  if (i.algorithm.endsWith('-sess')) ha1 = h(`${ha1}:${nonce}:${i.cnonce}`);
  const ha2 = h(`${i.method}:${i.uri}`);
  return qopOf(i.challenge) === 'auth'
    ? h(`${ha1}:${nonce}:${nc}:${i.cnonce}:auth:${ha2}`)
    : h(`${ha1}:${nonce}:${ha2}`);
}

function ncText(nc: number): string {
  return nc.toString(16).padStart(8, '0');
}

const quote = (s: string): string => `"${s.replaceAll(/(["\\])/g, '\\$1')}"`;

/** The Authorization header value answering a Digest challenge (RFC 7616 §3.4). */
export function digestAuthorization(i: DigestInput, hex: HexHash): string {
  const p = i.challenge.params;
  const auth = qopOf(i.challenge) === 'auth';
  const parts = [
    `username=${quote(i.user)}`,
    `realm=${quote(p.realm ?? '')}`,
    `nonce=${quote(p.nonce ?? '')}`,
    `uri=${quote(i.uri)}`,
    `algorithm=${i.algorithm}`,
    `response=${quote(digestResponse(i, hex))}`,
    ...(auth ? ['qop=auth', `nc=${ncText(i.nc)}`, `cnonce=${quote(i.cnonce)}`] : []),
    ...(p.opaque === undefined ? [] : [`opaque=${quote(p.opaque)}`]),
  ];
  return `Digest ${parts.join(', ')}`;
}

/** Hex digits of a MAC address in any common notation, upper-case; undefined if it is not one. */
export function parseMac(value: string): string | undefined {
  const v = value.length === 17 ? value : value.trim();
  if (v.length === 17 && isColonMac(v)) {
    return (
      v.slice(0, 2) +
      v.slice(3, 5) +
      v.slice(6, 8) +
      v.slice(9, 11) +
      v.slice(12, 14) +
      v.slice(15)
    ).toUpperCase();
  }
  let hex: string;
  if (/^[0-9a-f]{1,2}([:-])[0-9a-f]{1,2}(\1[0-9a-f]{1,2}){4}$/i.test(v)) {
    hex = v
      .split(/[:-]/)
      .map((g) => g.padStart(2, '0'))
      .join('');
  } else if (/^[0-9a-f]{4}\.[0-9a-f]{4}\.[0-9a-f]{4}$/i.test(v)) {
    hex = v.replaceAll('.', '');
  } else if (/^[0-9a-f]{12}$/i.test(v)) {
    hex = v;
  } else {
    return undefined;
  }
  return hex.toUpperCase();
}

/** The common `aa:bb:cc:dd:ee:ff` / `aa-bb-…` form, checked without a regex (the hot path of `--stdin`). */
function isColonMac(v: string): boolean {
  const sep = v.charCodeAt(2);
  if (sep !== 58 && sep !== 45) return false;
  for (let i = 0; i < 17; i++) {
    const c = v.charCodeAt(i);
    if (i % 3 === 2) {
      if (c !== sep) return false;
    } else if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102)))
      return false;
  }
  return true;
}

/** Hex digits of a bare OUI (`44:19:B6`, `4419B6`, `44-19-B6`), or of an MA-M/MA-S prefix. */
export function parseMacPrefix(value: string): string | undefined {
  const v = value.trim();
  if (/^[0-9a-f]{2}([:-])[0-9a-f]{2}\1[0-9a-f]{2}(\1[0-9a-f]{1,2})?$/i.test(v)) {
    return v.replaceAll(/[:-]/g, '').toUpperCase();
  }
  if (/^[0-9a-f]{6}$/i.test(v)) return v.toUpperCase();
  return undefined;
}

/** True when a value is shaped like a MAC address (short groups split by `:` or `-`) but is not one. */
export function looksLikeBrokenMac(value: string): boolean {
  const v = value.trim();
  return (
    /^[0-9a-z]{1,3}([:-][0-9a-z]{1,3}){3,7}$/i.test(v) && /\d/.test(v) && parseMac(v) === undefined
  );
}

/** A domain name, lower-case, without a trailing dot; undefined if the value is not one. */
export function parseDomain(value: string): string | undefined {
  const v = value.trim().toLowerCase().replace(/\.$/, '');
  if (v.length > 253) return undefined;
  if (!/^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{1,62}$/.test(v)) {
    return undefined;
  }
  return v;
}

const legalSuffix =
  /\b(co|corp|corporation|company|inc|incorporated|ltd|limited|llc|gmbh|ab|ag|sa|plc|pvt|private|group|technologies|technology|tech|digital|international|holdings?)\b\.?/g;

/** A company or brand name reduced to its comparable core: lower-case, no legal suffixes or punctuation. */
export function normalizeName(value: string): string {
  const lowered = value.normalize('NFKC').toLowerCase();
  const words = lowered.replaceAll(/[.,()'"’&/]/g, ' ');
  const core = words.replaceAll(legalSuffix, ' ').replaceAll(/\s+/g, ' ').trim();
  return core.length > 0 ? core : words.replaceAll(/\s+/g, ' ').trim();
}

/** Fingerprint kinds whose values are header values: a leading `Server:` etc. is stripped first. */
export const headerKinds: ReadonlySet<string> = new Set([
  'http-server',
  'http-realm',
  'rtsp-server',
  'rtsp-realm',
]);

/** Strips a leading `Header-Name:` from a banner, so `Server: App-webs/` matches like `App-webs/`. */
export function stripHeaderName(value: string): string {
  const m = /^(server|www-authenticate|x-powered-by)\s*:\s*/i.exec(value);
  return m ? value.slice(m[0].length) : value;
}

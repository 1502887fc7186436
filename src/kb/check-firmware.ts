import type { RawKb } from './parse.js';
import { componentVersion, indicatorMatches } from './firmware-match.js';

type Add = (r: { id: string; file: string }, message: string) => void;

/**
 * Firmware rules: sources and vendors resolve; each pattern compiles, matches every example (a
 * component's with a version captured) and none of its negatives.
 */
export function checkFirmwareRules(kb: RawKb, add: Add): void {
  const sources = new Set(kb.sources.map((s) => s.id));
  const vendors = new Set(kb.vendors.map((v) => v.id));
  for (const c of kb['firmware-components']) {
    for (const id of c.sources) if (!sources.has(id)) add(c, `sources: unknown source "${id}"`);
    if (!compiles(c.pattern) || (c.files !== undefined && !compiles(c.files))) {
      add(c, 'pattern or files: invalid regex');
      continue;
    }
    for (const e of c.examples)
      if (componentVersion(c, e) === undefined)
        add(c, `pattern finds no version in its example "${e}"`);
    for (const n of c.negatives)
      if (componentVersion(c, n) !== undefined) add(c, `pattern matches its negative "${n}"`);
  }
  for (const i of kb['firmware-indicators']) {
    for (const id of i.sources) if (!sources.has(id)) add(i, `sources: unknown source "${id}"`);
    if (i.vendor !== undefined && !vendors.has(i.vendor))
      add(i, `vendor: unknown vendor "${i.vendor}"`);
    if (!compiles(i.pattern) || (i.files !== undefined && !compiles(i.files))) {
      add(i, 'pattern or files: invalid regex');
      continue;
    }
    for (const e of i.examples)
      if (!indicatorMatches(i, e)) add(i, `pattern misses its own example "${e}"`);
    for (const n of i.negatives)
      if (indicatorMatches(i, n)) add(i, `pattern matches its negative "${n}"`);
  }
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern);
    return true;
  } catch {
    return false;
  }
}

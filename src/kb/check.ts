import { compilePattern } from './matcher.js';
import { headerKinds, parseDomain, parseMac, stripHeaderName } from './normalize.js';
import type { RawKb } from './parse.js';
import type { KbProblem } from './problems.js';
import type { Fingerprint } from './schema.js';
import { registrantGaps } from './registrant-gaps.js';
import { checkSdks } from './check-sdks.js';
import { checkFirmwareRules } from './check-firmware.js';
import { parseVersion } from './versions.js';
import { copyProblem } from '../shared/source-hosts.js';

/** What the checks need beyond the records: the IEEE registrant names present in `oui-data`. */
export interface CheckContext {
  /** Registrant names, lower-cased, for exact lookups. */
  registrants: ReadonlySet<string>;
  /** The IEEE registry (hex prefix -> registrant and address), for the coverage check; absent skips it. */
  registry?: Readonly<Record<string, string>>;
}

type Located = { id: string; file: string };

/** Cross-record checks: unique ids, resolved references, sources, dates, patterns against their examples. */
export function checkKb(kb: RawKb, ctx: CheckContext): KbProblem[] {
  const problems: KbProblem[] = [];
  const add = (r: Located, message: string): void => {
    problems.push({ file: r.file, record: r.id, message });
  };
  for (const list of Object.values(kb) as Located[][]) checkUnique(list, add);
  const sources = new Set(kb.sources.map((s) => s.id));
  // A source read on a mirror or scraper names the canonical page as url and the copy as readAt.
  for (const s of kb.sources) {
    const copy = copyProblem(s);
    if (copy !== undefined) add(s, copy);
  }
  const vendors = new Set(kb.vendors.map((v) => v.id));
  const refSources = (r: Located, ids: readonly string[], where = 'sources'): void => {
    for (const id of ids) if (!sources.has(id)) add(r, `${where}: unknown source "${id}"`);
  };
  const refVendor = (r: Located, id: string, where: string): void => {
    if (!vendors.has(id)) add(r, `${where}: unknown vendor "${id}"`);
  };
  for (const v of kb.vendors) {
    refSources(v, v.sources);
    if (v.stateOwnership) refSources(v, v.stateOwnership.sources, 'stateOwnership.sources');
    for (const name of v.ouiRegistrants) {
      if (!ctx.registrants.has(name.trim().toLowerCase())) {
        add(v, `ouiRegistrants: "${name}" is not an IEEE registrant in oui-data`);
      }
    }
  }
  for (const r of kb.relations) {
    refSources(r, r.sources);
    refVendor(r, r.from, 'from');
    refVendor(r, r.to, 'to');
    if (r.from === r.to) add(r, 'a vendor cannot relate to itself');
    checkDates(r, r.since, r.until, add);
  }
  for (const r of kb.restrictions) {
    refSources(r, r.sources);
    r.entities.forEach((e, i) => refVendor(r, e.vendor, `entities.${i}.vendor`));
    checkDates(r, r.effective, r.until, add);
  }
  for (const a of kb.advisories) {
    refSources(a, a.sources);
    a.vendors.forEach((v, i) => refVendor(a, v, `vendors.${i}`));
    a.affected.forEach((range, i) => {
      refSources(a, range.sources, `affected.${i}.sources`);
      range.vendors?.forEach((v, j) => refVendor(a, v, `affected.${i}.vendors.${j}`));
    });
    checkAffected(a, add);
  }
  for (const p of kb.products) {
    refSources(p, p.sources);
    refVendor(p, p.vendor, 'vendor');
    checkModels(p, (m) => add(p, m));
  }
  for (const r of kb.restrictions) checkRestrictionDates(r, add);
  if (ctx.registry !== undefined)
    for (const gap of registrantGaps(kb, ctx.registry)) add(gap.vendor, gap.message);
  for (const f of kb.fingerprints) {
    refSources(f, f.sources);
    refVendor(f, f.vendor, 'vendor');
    if (f.brand !== undefined) refVendor(f, f.brand, 'brand');
    checkPattern(f, (m) => add(f, m));
  }
  checkSdks(kb, add);
  checkFirmwareRules(kb, add);
  return problems;
}

function checkUnique(list: readonly Located[], add: (r: Located, m: string) => void): void {
  const seen = new Map<string, string>();
  for (const r of list) {
    const first = seen.get(r.id);
    if (first !== undefined) add(r, `duplicate id (first in ${first})`);
    else seen.set(r.id, r.file);
  }
}

function checkDates(
  r: Located,
  from: string | undefined,
  until: string | undefined,
  add: (r: Located, m: string) => void,
): void {
  if (from !== undefined && until !== undefined && until < from)
    add(r, `ends (${until}) before it starts (${from})`);
}

function checkAffected(a: RawKb['advisories'][number], add: (r: Located, m: string) => void): void {
  a.affected.forEach((range, i) => {
    for (const key of ['introduced', 'lastAffected', 'fixed'] as const) {
      const s = range[key];
      if (s !== undefined && parseVersion(range.scheme, s) === undefined) {
        add(a, `affected.${i}.${key}: "${s}" is not a ${range.scheme} version`);
      }
    }
    if (range.models !== undefined && !compiles(range.models))
      add(a, `affected.${i}.models: invalid regex`);
    if (range.firmware !== undefined && !compiles(range.firmware))
      add(a, `affected.${i}.firmware: invalid regex`);
    if (range.deviceTypes === undefined && range.models === undefined)
      add(a, `affected.${i}: needs a product scope (deviceTypes or models)`);
    const bounded = [range.lastAffected, range.fixed, range.builtBefore].some(
      (x) => x !== undefined,
    );
    if (!bounded) add(a, `affected.${i}: needs lastAffected, fixed or builtBefore`);
  });
}

/** Announcement, adoption and release come no later than the end; the end comes after the start. */
function checkRestrictionDates(
  r: RawKb['restrictions'][number],
  add: (r: Located, m: string) => void,
): void {
  for (const key of ['announced', 'adopted', 'released'] as const) {
    const d = r[key];
    if (d !== undefined && r.until !== undefined && r.until < d)
      add(r, `${key} (${d}) is after the end (${r.until})`);
  }
  if (r.adopted !== undefined && r.released !== undefined && r.released < r.adopted)
    add(r, `released (${r.released}) before adopted (${r.adopted})`);
}

function checkModels(p: RawKb['products'][number], add: (m: string) => void): void {
  if (!compiles(p.models)) {
    add('models: invalid regex');
    return;
  }
  const re = new RegExp(p.models, 'i');
  for (const ex of p.examples) if (!re.test(ex)) add(`models misses its own example "${ex}"`);
  for (const neg of p.negatives)
    if (re.test(neg)) add(`models matches its negative example "${neg}"`);
}

function compiles(pattern: string): boolean {
  try {
    new RegExp(pattern, 'iu');
    return true;
  } catch {
    return false;
  }
}

/** Normalises an example the way identification normalises an input of the pattern's kind. */
export function normalizeForKind(fp: Pick<Fingerprint, 'kind'>, value: string): string | undefined {
  if (fp.kind === 'mac-prefix') return parseMac(value);
  if (fp.kind === 'cloud-domain') return parseDomain(value);
  if (headerKinds.has(fp.kind)) return stripHeaderName(value);
  return value;
}

function checkPattern(f: Fingerprint, add: (m: string) => void): void {
  let test: (v: string) => boolean;
  try {
    test = compilePattern(f);
  } catch (e) {
    add(`pattern: invalid regex: ${(e as Error).message}`);
    return;
  }
  for (const ex of f.examples) {
    const v = normalizeForKind(f, ex);
    if (v === undefined) add(`example "${ex}" is not a valid ${f.kind} value`);
    else if (!test(v)) add(`pattern misses its own example "${ex}"`);
  }
  for (const neg of f.negatives) {
    const v = normalizeForKind(f, neg);
    if (v !== undefined && test(v)) add(`pattern matches its negative example "${neg}"`);
  }
}

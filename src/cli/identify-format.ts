import type { Identification, Kb, RestrictionView, VendorVerdict } from '../kb/index.js';

const statusLabel: Record<string, string> = {
  named: 'named entity',
  affiliate: 'subsidiary/affiliate of a named entity',
  oem: 'OEM of a covered maker',
  'former-affiliate': 'formerly an affiliate',
  'in-scope': 'in scope (class rule)',
  'prc-origin': 'PRC-origin, not covered',
  'not-covered': 'not covered',
};

const kindLabel: Record<string, string> = {
  mac: 'MAC address',
  'mac-prefix': 'MAC prefix',
  'snmp-oid': 'SNMP OID',
  'favicon-md5': 'favicon MD5',
  domain: 'domain',
  name: 'name',
  banner: 'banner / model',
};

/** A readable block for one identification, with numbered sources at the end. */
export function formatIdentification(kb: Kb, id: Identification): string {
  const lines = [`${id.input}  (${kindLabel[id.inputKind] ?? id.inputKind})`];
  const v = id.verdict;
  if (!id.match || v === undefined) return `${lines[0]}\n  no match\n`;
  const cite = citer(kb);
  lines.push(`  maker         ${v.maker.name} (${v.maker.country})`);
  if (v.brand) lines.push(`  brand         ${v.brand.name} (${v.brand.country})`);
  lines.push(
    `  status        ${v.covered ? 'COVERED' : 'not covered by US federal rules'} — ${statusLabel[v.category]}`,
  );
  for (const e of id.evidence.slice(0, 5)) {
    lines.push(
      `  evidence      ${e.kind} ${e.fingerprint} (weight ${e.weight})${e.note ? ` — ${e.note}` : ''} ${cite(e.sources)}`,
    );
  }
  for (const r of v.relations) {
    const span = [r.since ?? '?', r.until ?? (r.active ? 'now' : '?')].join(' to ');
    lines.push(
      `  relation      ${r.from.name} -> ${r.to.name}: ${r.type}, ${span} (${r.confidence})${r.active ? '' : ' [ended]'} ${cite(r.sources)}`,
    );
  }
  lines.push('  restrictions');
  for (const r of relevant(v)) lines.push(`    ${restrictionLine(r)} ${cite(r.sources)}`);
  for (const a of v.advisories) {
    const kev = a.kevAdded ? `, CISA KEV since ${a.kevAdded}` : '';
    lines.push(
      `  advisory      ${a.cve}${a.cvss === undefined ? '' : ` (CVSS ${a.cvss}${kev})`} ${a.title}${a.via === 'maker' ? ' [maker]' : ''}`,
    );
  }
  lines.push(...cite.list().map((s) => `  ${s}`));
  return `${lines.join('\n')}\n`;
}

function relevant(v: VendorVerdict): RestrictionView[] {
  const shown = v.restrictions.filter(
    (r) => r.status !== 'not-covered' && r.status !== 'prc-origin',
  );
  return shown.length > 0 ? shown : v.restrictions.filter((r) => r.jurisdiction === 'US');
}

function restrictionLine(r: RestrictionView): string {
  const when = r.since ? `since ${r.since}${r.until ? ` until ${r.until}` : ''}` : '';
  return `${r.jurisdiction.padEnd(5)} ${r.instrument.padEnd(34)} ${statusLabel[r.status]?.padEnd(24) ?? ''} ${when}`.trimEnd();
}

/** Numbers sources as they are cited, and lists them with their URLs. */
function citer(kb: Kb): ((ids: readonly string[]) => string) & { list: () => string[] } {
  const numbers = new Map<string, number>();
  const cite = (ids: readonly string[]): string => {
    const ns = ids.map((id) => {
      let n = numbers.get(id);
      if (n === undefined) numbers.set(id, (n = numbers.size + 1));
      return n;
    });
    return ns.length > 0 ? `[${[...new Set(ns)].join(',')}]` : '';
  };
  const list = (): string[] =>
    [...numbers].map(([id, n]) => {
      const s = kb.sources.get(id);
      return s ? `[${n}] ${s.publisher}, "${s.title}" (${s.date}) ${s.url}` : `[${n}] ${id}`;
    });
  return Object.assign(cite, { list });
}

/** One tab-separated line for batch output: input, kind, maker, brand, category, covered. */
export function formatIdentificationLine(id: Identification): string {
  const v = id.verdict;
  if (!v) return `${id.input}\t${id.inputKind}\tno match\n`;
  return `${id.input}\t${id.inputKind}\t${v.maker.name}\t${v.brand?.name ?? '-'}\t${v.category}\t${v.covered ? 'covered' : 'not-covered'}\n`;
}

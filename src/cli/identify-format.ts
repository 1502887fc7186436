import {
  alternativesFor,
  isFederalEquipmentRule,
  reachedByRestriction,
  type AdvisoryView,
  type Identification,
  type Kb,
  type RestrictionView,
} from '../kb/index.js';

const statusLabel: Record<string, string> = {
  named: 'named entity',
  affiliate: 'subsidiary/affiliate',
  oem: 'OEM of covered maker',
  'former-affiliate': 'former affiliate',
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

/**
 * A readable block for one identification. The table cites each record's first (primary) source;
 * `--json` carries them all.
 */
export function formatIdentification(kb: Kb, id: Identification, asOf: string): string {
  const head = `${id.input}  (${kindLabel[id.inputKind] ?? id.inputKind})`;
  const v = id.verdict;
  if (!id.match || v === undefined) return `${head}\n  no match\n`;
  const cite = citer(kb);
  const lines = [
    head,
    `  maker         ${v.maker.name} (${v.maker.country}) ${cite(v.sources.slice(0, 1))}`.trimEnd(),
  ];
  if (v.brand) lines.push(`  brand         ${v.brand.name} (${v.brand.country})`);
  const basis = v.restrictions.find((r) => isFederalEquipmentRule(r) && r.status === v.category);
  const weak =
    basis && basis.confidence !== 'high' && v.covered ? ` (${basis.confidence} confidence)` : '';
  const verdict = v.covered
    ? `COVERED under US federal rules${weak}`
    : 'not covered by US federal rules';
  lines.push(
    `  status        ${verdict} — ${statusLabel[v.category] ?? v.category} (as of ${asOf})`,
  );
  for (const e of id.evidence.slice(0, 5)) {
    lines.push(
      `  evidence      ${e.kind} (weight ${e.weight})${e.note ? `: ${e.note}` : ''} ${cite(e.sources)}`,
    );
  }
  for (const r of v.relations) {
    const conf = r.confidence === 'high' ? '' : `, ${r.confidence} confidence`;
    lines.push(
      `  relation      ${r.from.name} -> ${r.to.name}: ${r.type}${span(r.since, r.until)}${conf}${r.active ? '' : ' (ended)'} ${cite(r.sources)}`,
    );
  }
  if (v.restrictions.length > 0) lines.push('  restrictions');
  for (const r of v.restrictions)
    lines.push(`    ${restrictionLine(r)} ${cite(r.sources)}`.trimEnd());
  if (v.notInForce.length > 0) lines.push(`  not in force on ${asOf}`);
  for (const r of v.notInForce) {
    const when = r.begins !== undefined ? `begins ${r.begins}` : `ended ${r.ended ?? ''}`;
    lines.push(`    ${r.jurisdiction.padEnd(5)} ${r.short.padEnd(28)} ${when}`);
  }
  if (!v.covered && v.notReachedBy.length > 0) lines.push('  not reached by');
  if (!v.covered)
    for (const r of v.notReachedBy)
      lines.push(`    ${r.jurisdiction.padEnd(5)} ${r.short.padEnd(28)} ${namesOf(kb, r)}`);
  for (const a of v.advisories) lines.push(`  advisory      ${advisoryLine(a)}`);
  if (reachedByRestriction(kb, v.maker.id, asOf)) {
    const groups = alternativesFor(kb, v.maker.id, asOf).filter((g) => g.alternatives.length > 0);
    if (groups.length > 0)
      lines.push(
        '  not covered   makers in the kb no restriction reaches (a list, not an endorsement)',
      );
    for (const g of groups)
      lines.push(
        `    ${g.label.padEnd(18)} ${g.alternatives
          .map((a) =>
            `${a.name} (${[a.country, ...a.owners.map((o) => `${o.type} of ${o.name}, ${o.country}`)].join('; ')}) ${cite(a.sources.slice(0, 1))}`.trimEnd(),
          )
          .join(', ')}`,
      );
  }
  lines.push('  sources', ...cite.list().map((s) => `    ${s}`));
  return `${lines.join('\n')}\n`;
}

function span(since: string | undefined, until: string | undefined): string {
  if (since !== undefined && until !== undefined) return `, ${since} to ${until}`;
  if (since !== undefined) return `, since ${since}`;
  return until === undefined ? '' : `, until ${until}`;
}

/** What a rule that does not reach the vendor names instead ("names Huawei, ZTE, …"). */
function namesOf(kb: Kb, r: RestrictionView): string {
  const rule = kb.restrictions.find((x) => x.id === r.restriction);
  const names = (rule?.entities ?? []).map((e) => kb.vendors.get(e.vendor)?.name ?? e.vendor);
  return names.length > 0 ? `names ${names.join(', ')}` : 'a class rule that does not reach it';
}

function advisoryLine(a: AdvisoryView): string {
  const kev = a.kevAdded ? `, CISA KEV since ${a.kevAdded}` : '';
  const cvss = a.cvss === undefined ? '' : `CVSS ${a.cvss}`;
  const via = a.via === 'maker' ? ' [filed against the maker]' : '';
  const status =
    a.status === 'affected' ? 'affected' : `may apply — ${a.reason ?? 'not enough known'}`;
  return `${a.cve} (${cvss}${kev}) ${a.title}${via}\n                ${status}; affects ${a.scope}`;
}

function restrictionLine(r: RestrictionView): string {
  const label = statusLabel[r.status] ?? r.status;
  const conf =
    r.confidence === 'high' || r.status === 'not-covered' ? '' : ` (${r.confidence} confidence)`;
  const when = r.since ? `since ${r.since}${r.until ? ` until ${r.until}` : ''}${conf}` : '';
  return `${r.jurisdiction.padEnd(5)} ${r.short.padEnd(28)} ${label.padEnd(22)} ${when}`;
}

/** Numbers primary sources as they are cited, and lists them with their URLs. */
function citer(kb: Kb): ((ids: readonly string[]) => string) & { list: () => string[] } {
  const numbers = new Map<string, number>();
  const cite = (ids: readonly string[]): string => {
    const first = ids[0];
    if (first === undefined) return '';
    let n = numbers.get(first);
    if (n === undefined) numbers.set(first, (n = numbers.size + 1));
    return `[${n}]`;
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

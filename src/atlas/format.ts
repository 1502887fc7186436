// Plain-text renderings of atlas statistics and subject pages (pure), for the terminal.
import { formatTable } from '../shared/text.js';
import type { HeadlineRow } from './headlines.js';
import type { AtlasStats } from './stats.js';
import type { FigureView, ProjectView, SubjectView } from './show.js';

const number = new Intl.NumberFormat('en-GB');

const table = formatTable;

function claimed(h: HeadlineRow): string {
  return h.claim.display;
}

function supportText(h: HeadlineRow): string {
  const s = h.support;
  switch (s.kind) {
    case 'computed':
      return (
        `${s.verdict === 'supported' ? 'supported' : 'NOT YET SUPPORTED'}: the records count ${number.format(s.n)} ${s.how}` +
        (h.indexes.length === 0
          ? ''
          : `; the indexes count ${h.indexes.map((i) => `${i.display} (${short(i.by[0] ?? '')})`).join(', ')}`)
      );
    case 'corroborated':
    case 'contradicted':
      return `${s.kind === 'corroborated' ? 'corroborated' : 'CONTRADICTED'} by ${s.claims
        .map((c) => `${c.display} [${c.sources.join(', ')}]`)
        .join('; ')}`;
    case 'none':
      return `unverified: ${s.reason}`;
  }
}

function deploymentTable(rows: AtlasStats['deployments']): string {
  return table(
    ['VENDOR', 'YEAR', 'COUNTRIES', 'PROJECTS'],
    rows.map((r) => [
      r.name,
      r.year === null ? '?' : String(r.year),
      r.countries.join(' '),
      String(r.projects.length),
    ]),
  );
}

export function formatStats(s: AtlasStats): string {
  const out: string[] = [];
  const src = s.sourcing;
  out.push(
    `Atlas: ${Object.entries(s.counts)
      .map(([k, n]) => `${n} ${k}`)
      .join(', ')}`,
    `Surveillance projects in ${s.countriesWithSurveillanceProjects} countries (${s.countriesWithChineseSuppliedSurveillanceProjects} with a supplier based in China); ${s.reviewCandidates} imported review candidate(s) not counted.`,
    `Sources: ${src.withCanonicalUrl} of ${src.sources} (${src.canonicalShare} %) with a canonical url; ${src.withTwoIndependentSources} of ${src.surveillanceProjects} surveillance projects (${src.twoIndependentShare} %) cite two or more independent sites.`,
    '',
    "The seed article's figures, claimed versus what the records support",
    table(
      ['SUBJECT', 'FIGURE', 'CLAIMED', 'BY', 'THE RECORDS'],
      s.headlines.map((h) => [
        h.subject,
        h.label,
        claimed(h),
        h.by.length > 1 ? `${short(h.by[0] ?? '')} +${h.by.length - 1}` : short(h.by[0] ?? ''),
        supportText(h),
      ]),
    ),
    '',
    'Countries with surveillance deployments, by vendor and start year',
    deploymentTable(s.deployments.filter((r) => r.class === 'surveillance')),
    '',
    'Strategic infrastructure (ports, railways, corridors, networks), counted apart',
    deploymentTable(s.deployments.filter((r) => r.class === 'infrastructure')),
    '',
    "Cameras by project (every source's figure)",
    table(
      ['COUNTRY', 'PROJECT', 'CAMERAS', 'SOURCES'],
      s.cameras.map((r) => [
        r.country,
        r.name + (r.disputed ? ' (figures disagree)' : ''),
        r.claims
          .map(
            (c) =>
              `${number.format(Number(c.value))}${c.precision === 'at-least' ? '+' : ''}${c.property === 'cameras' ? '' : ` ${c.property.replace('cameras-', '')}`}`,
          )
          .join(' | '),
        r.claims.map((c) => c.sources.join(',')).join(' | '),
      ]),
    ),
    '',
    'Financing (best claim per financed project; currencies not converted)',
    table(
      ['FINANCIER', 'TOTAL', 'COUNTRIES', 'CLAIMS'],
      s.financing.byFinancier.map((r) => [
        r.name,
        Object.entries(r.totals)
          .map(([u, n]) => `${u.toUpperCase()} ${number.format(n)}`)
          .join(' + '),
        r.countries.join(' '),
        String(r.claims.length),
      ]),
    ),
    '',
    'Restrictions by jurisdiction (from the knowledge base)',
    table(
      ['JURISDICTION', 'RESTRICTIONS (effective)'],
      s.restrictions.map((r) => [
        r.jurisdiction,
        r.restrictions.map((x) => `${x.short} (${x.effective})`).join('; '),
      ]),
    ),
  );
  return `${out.join('\n')}\n`;
}

function marks(refs: readonly number[]): string {
  return refs.map((n) => `[${n}]`).join('');
}

function short(title: string): string {
  return title.length > 40 ? `${title.slice(0, 39)}…` : title;
}

/** Appends one by one: a figure may have more claims than a spread may pass as arguments. */
function append(into: string[], lines: readonly string[]): void {
  for (const l of lines) into.push(l);
}

function figureLines(f: FigureView, indent: string): string[] {
  const head = `${indent}${f.label}${f.disagree && f.claims.length > 1 ? ` — ${f.claims.length} figures, sources disagree` : ''}`;
  const rows = f.claims.map(
    (c) =>
      `${indent}  ${c.text.padEnd(28)} ${(c.asOf ?? '').padEnd(10)} ${c.confidence.padEnd(10)} ${c.status.padEnd(9)} ${marks(c.sources)}` +
      (c.note !== undefined ? `\n${indent}    note: ${c.note}` : ''),
  );
  rows.unshift(head);
  return rows;
}

function projectLines(p: ProjectView): string[] {
  const lines = [
    `${p.name}${p.aliases.length > 0 ? ` (${p.aliases.join(', ')})` : ''}  ${marks(p.sources)}`,
    `  ${p.kind}${p.bri ? ', Belt and Road' : ''}, ${p.status}${p.started !== undefined ? `, since ${p.started}` : ''}`,
    `  ${p.summary}`,
  ];
  if (p.places.length > 0) lines.push(`  places: ${p.places.join(', ')}`);
  if (p.suppliers.length > 0)
    lines.push(`  suppliers: ${p.suppliers.map((s) => s.name).join(', ')}`);
  if (p.financiers.length > 0)
    lines.push(`  financiers: ${p.financiers.map((s) => s.name).join(', ')}`);
  if (p.capabilities.length > 0) lines.push(`  capabilities: ${p.capabilities.join(', ')}`);
  for (const a of p.agreements)
    lines.push(
      `  agreement: ${a.name} (${a.kind}${a.date !== undefined ? `, ${a.date}` : ''}) ${marks(a.sources)}`,
    );
  for (const f of p.figures) append(lines, figureLines(f, '  '));
  return lines;
}

export function formatSubject(v: SubjectView): string {
  const out = [`${v.name} — ${v.about}`, ''];
  if (v.figures.length > 0) {
    out.push('Figures');
    for (const f of v.figures) append(out, figureLines(f, '  '));
    out.push('');
  }
  if (v.projects.length > 0) {
    out.push(v.kind === 'project' ? 'Project' : `Projects (${v.projects.length})`);
    for (const p of v.projects) {
      append(
        out,
        projectLines(p).map((l) => `  ${l}`),
      );
      out.push('');
    }
  }
  if (v.trainings.length > 0) {
    out.push('Training');
    for (const t of v.trainings) out.push(`  ${t.name}: ${t.summary} ${marks(t.sources)}`);
    out.push('');
  }
  if (v.restrictions.length > 0) {
    out.push('Restrictions');
    for (const r of v.restrictions)
      out.push(`  ${r.effective}  ${r.jurisdiction}  ${r.short} — ${r.title}`);
    out.push('');
  }
  out.push('Sources');
  for (const s of v.sources)
    out.push(
      `  [${s.n}] ${s.title} — ${s.publisher}, ${s.date}${s.url !== undefined ? `\n      ${s.url}` : ''}`,
    );
  return `${out.join('\n')}\n`;
}

// The seed article's headline figures, claimed versus what the records support.
import { get } from '../api.js';
import { fmt, h, table } from '../dom.js';

interface ClaimView {
  id: string;
  value: number | string | boolean;
  /** The figure with its unit or currency, as the server words it. */
  display: string;
  precision: string;
  unit?: string;
  sources: string[];
}
interface Headline {
  claim: ClaimView;
  subject: string;
  subjectName: string;
  label: string;
  by: string[];
  support:
    | { kind: 'computed'; n: number; records: string[]; how: string; verdict: string }
    | { kind: 'corroborated' | 'contradicted'; claims: ClaimView[] }
    | { kind: 'none'; reason: string };
}
interface Stats {
  counts: Record<string, number>;
  headlines: Headline[];
  deployments: Array<{
    name: string;
    year: number | null;
    countries: string[];
    projects: string[];
  }>;
  cameras: Array<{
    name: string;
    country: string;
    disputed: boolean;
    claims: Array<ClaimView & { property: string }>;
  }>;
  financing: {
    byFinancier: Array<{ name: string; totals: Record<string, number>; countries: string[] }>;
  };
  restrictions: Array<{
    jurisdiction: string;
    restrictions: Array<{ short: string; effective: string }>;
  }>;
}

const value = (c: ClaimView): string => c.display;

function support(s: Headline['support']): Node {
  switch (s.kind) {
    case 'computed':
      return h(
        'span',
        {},
        h('strong', {}, fmt.format(s.n)),
        ` — ${s.how}. `,
        h(
          'span',
          { class: `badge ${s.verdict === 'supported' ? 'ok' : 'warn'}` },
          s.verdict === 'supported' ? 'supported' : 'not yet supported',
        ),
        h(
          'details',
          {},
          h('summary', {}, `the ${s.records.length} records`),
          h('p', { class: 'records' }, s.records.join(', ')),
        ),
      );
    case 'none':
      return h('span', {}, h('span', { class: 'badge' }, 'unverified'), ` ${s.reason}`);
    default:
      return h(
        'span',
        {},
        h('span', { class: `badge ${s.kind === 'corroborated' ? 'ok' : 'warn'}` }, s.kind),
        ' other sources: ',
        s.claims.map((c) => `${value(c)} [${c.sources.join(', ')}]`).join('; '),
      );
  }
}

export async function statisticsPage(main: HTMLElement): Promise<void> {
  const s = await get<Stats>('/statistics');
  main.append(
    h('h1', {}, 'Statistics'),
    h(
      'p',
      { class: 'lede' },
      `From ${Object.entries(s.counts)
        .map(([k, n]) => `${n} ${k}`)
        .join(', ')}.`,
    ),
    table(
      "The seed article's figures: claimed, and what the records support",
      ['Subject', 'Figure', 'Claimed', 'By', 'The records'],
      s.headlines.map((x) => [
        x.subjectName,
        x.label,
        value(x.claim),
        x.by.join('; '),
        support(x.support),
      ]),
    ),
    table(
      'Cameras by project (every source side by side)',
      ['Country', 'Project', 'Figures'],
      s.cameras.map((c) => [
        c.country,
        c.name + (c.disputed ? ' (disagree)' : ''),
        c.claims
          .map(
            (x) =>
              `${value(x)}${x.property === 'cameras' ? '' : ` ${x.property.replace('cameras-', '')}`} [${x.sources.join(', ')}]`,
          )
          .join(' | '),
      ]),
    ),
    table(
      'Financing by financier (currencies not converted)',
      ['Financier', 'Total', 'Countries'],
      s.financing.byFinancier.map((f) => [
        f.name,
        Object.entries(f.totals)
          .map(([u, n]) => `${u.toUpperCase()} ${fmt.format(n)}`)
          .join(' + '),
        f.countries.join(' '),
      ]),
    ),
    table(
      'Deployments by vendor and start year',
      ['Vendor', 'Year', 'Countries', 'Projects'],
      s.deployments.map((d) => [
        d.name,
        d.year === null ? '?' : String(d.year),
        d.countries.join(' '),
        String(d.projects.length),
      ]),
    ),
    table(
      'Restrictions by jurisdiction',
      ['Jurisdiction', 'Restrictions'],
      s.restrictions.map((r) => [
        r.jurisdiction,
        r.restrictions.map((x) => `${x.short} (${x.effective})`).join('; '),
      ]),
    ),
  );
}

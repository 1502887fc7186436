// One AidData GCDF 3.0 row's fields read as atlas values (pure): amounts, dates, capabilities,
// kind, status and the summary a review candidate carries.
import type { AidDataRow, Field } from './aiddata-table.js';
import { MONEY_UNITS } from './properties.js';
import type { Capability, Project } from './schema.js';

export function readAmount(
  v: AidDataRow['values'],
  bad: (f: Field, m: string) => void,
): { value: number; unit: string; estimated: boolean; note: string } | undefined {
  const num = (f: Field): number | undefined => {
    const s = v[f];
    if (s === undefined || s === '' || s === 'NA') return undefined;
    const n = Number(s.replace(/,/g, ''));
    if (!Number.isFinite(n) || n < 0) {
      bad(f, `${JSON.stringify(s)} is not an amount`);
      return undefined;
    }
    return n;
  };
  const original = num('amountOriginal');
  const nominal = num('amountNominal');
  const constant = num('amountConstant');
  const estimated = /^yes$/i.test(v.amountEstimated ?? '');
  const currency = (v.currency ?? '').toLowerCase();
  if (original !== undefined && MONEY_UNITS.includes(currency))
    return { value: original, unit: currency, estimated, note: 'Amount in the original currency.' };
  if (nominal !== undefined)
    return { value: nominal, unit: 'usd', estimated, note: 'Amount in nominal USD.' };
  if (constant !== undefined)
    return {
      value: Math.round(constant),
      unit: 'usd',
      estimated,
      note: 'Amount in constant 2021 USD (AidData deflated), not the nominal sum.',
    };
  return undefined;
}

const YEAR = /^(\d{4})(?:\.0+)?$/;

export function readStart(
  v: AidDataRow['values'],
  bad: (f: Field, m: string) => void,
): string | undefined {
  const date = v.startDate ?? '';
  if (date !== '' && date !== 'NA') {
    if (/^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
    bad('startDate', `${JSON.stringify(date)} is not a date (YYYY-MM-DD)`);
    return undefined;
  }
  const year = v.startYear ?? '';
  if (year === '' || year === 'NA') return undefined;
  const m = YEAR.exec(year);
  if (m?.[1] !== undefined) return m[1];
  bad('startYear', `${JSON.stringify(year)} is not a year`);
  return undefined;
}

export function readCommitment(
  v: AidDataRow['values'],
  bad: (f: Field, m: string) => void,
): string | undefined {
  const date = v.commitmentDate ?? '';
  if (date !== '' && date !== 'NA') {
    if (/^\d{4}-\d{2}-\d{2}$/.test(date)) return date;
    bad('commitmentDate', `${JSON.stringify(date)} is not a date (YYYY-MM-DD)`);
    return undefined;
  }
  const year = v.commitmentYear ?? '';
  if (year === '' || year === 'NA') return undefined;
  const m = YEAR.exec(year);
  if (m?.[1] !== undefined) return m[1];
  bad('commitmentYear', `${JSON.stringify(year)} is not a year`);
  return undefined;
}

const has = (text: string, re: RegExp): boolean => re.test(text);

/** Capabilities the record's own words name. */
export function capabilitiesOf(text: string, sector: string): Capability[] {
  const caps: Capability[] = [];
  if (has(text, /\b(cctv|cameras?|closed-circuit|video (surveillance|monitoring))\b/i))
    caps.push('cctv');
  if (has(text, /\bfacial recognition\b/i)) caps.push('facial-recognition');
  if (has(text, /\bcommand (cent(re|er)|and control)\b/i)) caps.push('command-centre');
  if (has(text, /\b(911|emergency (call|response|dispatch) (system|cent(re|er)))\b/i))
    caps.push('emergency-dispatch');
  if (has(text, /\bdata cent(re|er)\b/i)) caps.push('data-centre');
  if (has(text, /\b(biometric|national id|identity card)\b/i)) caps.push('biometric-id');
  if (sector.toUpperCase() === 'COMMUNICATIONS') caps.push('telecom-network');
  return caps;
}

/** The project kind the record's words suggest; telecom-network (infrastructure) otherwise. */
export function kindOf(text: string, caps: readonly Capability[]): Project['kind'] {
  if (/\bsafe cit(y|ies)\b/i.test(text)) return 'safe-city';
  if (/\bsmart cit(y|ies)\b/i.test(text)) return 'smart-city';
  if (/\b(police|policing|public security)\b/i.test(text) && caps.includes('cctv'))
    return 'police-platform';
  if (caps.includes('emergency-dispatch')) return 'emergency-system';
  if (/\bsurveillance\b/i.test(text) || caps.includes('cctv') || caps.includes('biometric-id'))
    return 'national-surveillance';
  if (/\b(police|policing|public security)\b/i.test(text)) return 'police-platform';
  return 'telecom-network';
}

export function statusOf(status: string): Project['status'] {
  const s = status.toLowerCase();
  if (s.startsWith('pipeline')) return 'announced';
  if (s === 'implementation') return 'under-construction';
  if (s === 'completion') return 'operating';
  if (s.includes('suspend')) return 'suspended';
  if (s.includes('cancel')) return 'cancelled';
  return 'unknown';
}

export function summaryOf(
  record: number,
  v: AidDataRow['values'],
  why: { keywords: string[]; vendors: string[] },
): string {
  const matched = [...why.keywords, ...why.vendors.map((x) => `vendor ${x}`)].join(', ');
  const description = (v.description ?? '').replace(/\s+/g, ' ').trim();
  const short = description.length > 400 ? `${description.slice(0, 397)}…` : description;
  return (
    `Imported from AidData GCDF 3.0 record ${record} (${v.sector || 'sector not given'}; AidData status ` +
    `${v.status || 'not given'}); a candidate for review, selected for: ${matched}.` +
    (short === '' ? '' : ` ${short}`)
  );
}

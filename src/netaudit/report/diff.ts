/** The fields of a stored host that a diff compares. */
export interface DiffHost {
  address: string;
  mac?: string;
  maker?: string;
  brand?: string;
  model?: string;
  firmware?: string;
  covered: boolean;
  advisories?: readonly string[];
}

export interface HostChange {
  address: string;
  changes: Array<{ field: string; before: string; after: string }>;
}

export interface ScanDiff {
  appeared: DiffHost[];
  disappeared: DiffHost[];
  changed: HostChange[];
  unchanged: number;
}

const fields = ['mac', 'maker', 'brand', 'model', 'firmware', 'covered', 'advisories'] as const;

/** What appeared, disappeared or changed between two scans, host by host (by address). */
export function diffScans(before: readonly DiffHost[], after: readonly DiffHost[]): ScanDiff {
  const old = new Map(before.map((h) => [h.address, h]));
  const now = new Map(after.map((h) => [h.address, h]));
  const changed: HostChange[] = [];
  let unchanged = 0;
  for (const [address, h] of now) {
    const o = old.get(address);
    if (!o) continue;
    const changes = fields
      .map((f) => ({ field: f, before: show(o[f]), after: show(h[f]) }))
      .filter((c) => c.before !== c.after);
    if (changes.length > 0) changed.push({ address, changes });
    else unchanged++;
  }
  return {
    appeared: after.filter((h) => !old.has(h.address)),
    disappeared: before.filter((h) => !now.has(h.address)),
    changed,
    unchanged,
  };
}

function show(v: string | boolean | readonly string[] | undefined): string {
  if (v === undefined) return '-';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  return typeof v === 'string' ? v : v.join(' ') || '-';
}

/** The diff as readable lines: + appeared, - disappeared, ~ changed. */
export function formatDiff(d: ScanDiff): string {
  const who = (h: DiffHost): string =>
    `${h.address}  ${h.maker ?? 'unidentified'}${h.brand ? ` (${h.brand})` : ''}${h.covered ? '  COVERED' : ''}`;
  const lines = [
    ...d.appeared.map((h) => `+ ${who(h)}`),
    ...d.disappeared.map((h) => `- ${who(h)}`),
    ...d.changed.flatMap((c) => [
      `~ ${c.address}`,
      ...c.changes.map((x) => `    ${x.field}: ${x.before} -> ${x.after}`),
    ]),
  ];
  lines.push(
    `${d.appeared.length} appeared, ${d.disappeared.length} disappeared, ${d.changed.length} changed, ${d.unchanged} unchanged`,
  );
  return lines.join('\n') + '\n';
}

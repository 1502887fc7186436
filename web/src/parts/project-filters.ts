// The project filters shared by the map and the project list: vendor, kind, capability, financier,
// start years and status. Their values live in the URL; the API applies them, so what the page
// shows, its URL and its downloads agree.
import { fieldText, h } from '../dom.js';
import type { ProjectItem } from '../types.js';
import { params, setParams } from '../url.js';

export const filterNames = [
  'vendor',
  'kind',
  'class',
  'capability',
  'financier',
  'status',
  'from',
  'to',
] as const;

/** The filters set in the current URL. */
export function currentFilters(): Record<string, string | undefined> {
  const p = params();
  return Object.fromEntries(filterNames.map((n) => [n, p[n]]));
}

function options(items: ReadonlyArray<{ id: string; name: string }>): Array<[string, string]> {
  const m = new Map<string, string>();
  for (const i of items) m.set(i.id, i.name);
  return [...m].sort((a, b) => a[1].localeCompare(b[1]));
}

function select(
  name: string,
  label: string,
  values: Array<[string, string]>,
  current: string | undefined,
): Node[] {
  const id = `f-${name}`;
  const el = h(
    'select',
    { id, name },
    h('option', { value: '' }, 'any'),
    values.map(([v, text]) => h('option', { value: v, selected: v === current }, text)),
  );
  return [h('label', { for: id }, label), el];
}

/**
 * A filter form over every project (for the choices); each change writes the URL and calls
 * `onChange`, which redraws from the API.
 */
export function filterForm(
  all: readonly ProjectItem[],
  onChange: () => void,
  withClass = true,
): HTMLElement {
  const f = currentFilters();
  const years = all.map((p) => p.year).filter((y): y is number => y !== undefined);
  const minY = years.length > 0 ? Math.min(...years) : 2000;
  const maxY = years.length > 0 ? Math.max(...years) : 2026;
  const year = (name: 'from' | 'to', label: string): Node[] => [
    h('label', { for: `f-${name}` }, label),
    h('input', {
      id: `f-${name}`,
      name,
      type: 'number',
      min: minY,
      max: maxY,
      step: 1,
      value: f[name] ?? '',
      inputmode: 'numeric',
    }),
  ];
  const form = h(
    'form',
    { class: 'filters', 'aria-label': 'Filter projects' },
    select('vendor', 'Supplier', options(all.flatMap((p) => p.suppliers)), f.vendor),
    select('kind', 'Kind', options(all.map((p) => ({ id: p.kind, name: p.kindLabel }))), f.kind),
    withClass
      ? select(
          'class',
          'Class',
          [
            ['surveillance', 'surveillance'],
            ['infrastructure', 'infrastructure'],
          ],
          f.class,
        )
      : [],
    select('capability', 'Capability', options(all.flatMap((p) => p.capabilities)), f.capability),
    select('financier', 'Financier', options(all.flatMap((p) => p.financiers)), f.financier),
    select(
      'status',
      'Status',
      options(all.map((p) => ({ id: p.status, name: p.statusLabel }))),
      f.status,
    ),
    year('from', 'Started from'),
    year('to', 'to'),
    h('button', { type: 'reset' }, 'Clear filters'),
  );
  form.addEventListener('change', () => {
    const data = new FormData(form as HTMLFormElement);
    setParams(Object.fromEntries(filterNames.map((n) => [n, fieldText(data, n)])));
    onChange();
  });
  form.addEventListener('reset', () => {
    setTimeout(() => {
      setParams(Object.fromEntries(filterNames.map((n) => [n, undefined])));
      onChange();
    });
  });
  form.addEventListener('submit', (e) => e.preventDefault());
  return form;
}

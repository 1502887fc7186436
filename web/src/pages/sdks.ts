// SDKs: the list the knowledge base knows (filtered by category and jurisdiction, the filters in
// the URL), and each SDK's page — maker and country, the maker's ownership chain and the
// restrictions that reach it, the rules that find it with their evidence kind, the saved apps
// it was seen in — with numbered sources.
import { get } from '../api.js';
import { fieldText, h, table } from '../dom.js';
import { cite, sourceList } from '../parts/sources.js';
import { verdictSections } from '../parts/verdict.js';
import type { SdkItem, SdkPage } from '../types.js';
import { params, setParams } from '../url.js';
import { appsTable } from './apps.js';

const jurisdictionWords: Record<SdkItem['jurisdiction'], string> = {
  prc: 'PRC-based makers',
  other: 'makers elsewhere',
  unknown: 'maker’s country unknown',
};

function sdkRows(list: readonly SdkItem[]): Node {
  return table(
    `${list.length} SDKs`,
    ['SDK', 'Maker', 'Country', 'Categories', 'Rules', 'Saved apps with it'],
    list.map((s) => [
      h('a', { href: `/sdks/${s.id}` }, s.name),
      s.vendor !== undefined ? h('a', { href: `/vendors/${s.vendor.id}` }, s.maker) : s.maker,
      s.jurisdiction === 'prc'
        ? h('strong', { class: 'prc' }, s.country?.name ?? 'China')
        : (s.country?.name ?? 'unknown'),
      s.categories.join(', '),
      String(s.ruleCount),
      String(s.appCount),
    ]),
  );
}

export async function sdksPage(main: HTMLElement): Promise<void> {
  const all = await get<SdkItem[]>('/sdks');
  const p = params();
  const categories = [...new Set(all.flatMap((s) => s.categories))].sort();
  const body = h('div', { 'aria-live': 'polite' });
  const update = (): void => {
    const q = params();
    const shown = all.filter(
      (s) =>
        (q.category === undefined || s.categories.includes(q.category)) &&
        (q.jurisdiction === undefined || s.jurisdiction === q.jurisdiction),
    );
    body.replaceChildren(sdkRows(shown));
  };
  const select = (name: string, label: string, options: Array<[string, string]>): Node[] => [
    h('label', { for: `f-${name}` }, label),
    h(
      'select',
      { id: `f-${name}`, name },
      h('option', { value: '' }, 'any'),
      options.map(([v, t]) => h('option', { value: v, selected: p[name] === v }, t)),
    ),
  ];
  const form = h(
    'form',
    { class: 'filters', 'aria-label': 'Filter SDKs' },
    select(
      'category',
      'Category',
      categories.map((c) => [c, c]),
    ),
    select('jurisdiction', 'Maker', Object.entries(jurisdictionWords)),
  );
  form.addEventListener('change', () => {
    const data = new FormData(form as HTMLFormElement);
    setParams({
      category: fieldText(data, 'category'),
      jurisdiction: fieldText(data, 'jurisdiction'),
    });
    update();
  });
  main.append(
    h('h1', {}, 'SDKs'),
    h(
      'p',
      { class: 'lede' },
      'Third-party SDKs an Android app can carry, with their makers, where those makers are based, and the rules that find them in an app file. PRC-based makers first. ',
      h('a', { href: '/apps' }, 'Audit an app'),
      '.',
    ),
    form,
    body,
  );
  update();
}

export async function sdkPage(main: HTMLElement, id: string): Promise<void> {
  const p = await get<SdkPage>(`/sdks/${encodeURIComponent(id)}`);
  const m = p.maker;
  main.append(
    h('h1', {}, p.name),
    h(
      'p',
      { class: 'lede' },
      `${p.categories.join(', ')} SDK made by `,
      m.vendor !== undefined ? h('a', { href: `/vendors/${m.vendor.id}` }, m.name) : m.name,
      m.country !== undefined ? `, based in ${m.country.name}` : ', country not recorded',
      '. ',
      m.ownership !== undefined ? `${m.ownership}. ` : '',
      p.since !== undefined ? `Since ${p.since}. ` : '',
      cite(p.cites),
    ),
    p.note !== undefined ? h('p', {}, p.note) : '',
    p.exodusId !== undefined
      ? h('p', { class: 'muted' }, `Listed by Exodus Privacy as tracker ${p.exodusId}.`)
      : '',
    p.makerVerdict !== undefined
      ? h(
          'div',
          { class: 'verdict' },
          h(
            'p',
            { class: 'muted' },
            `The maker in the knowledge base: ${p.makerVerdict.vendor.name}.`,
          ),
          verdictSections(p.makerVerdict),
        )
      : '',
    h(
      'section',
      {},
      h('h2', {}, 'How it is found in an app'),
      table(
        `${p.rules.length} rules`,
        ['Evidence', 'Pattern', 'Example', 'Confidence'],
        p.rules.map((r) => [
          r.kindLabel,
          h('code', {}, r.pattern),
          h('code', {}, r.examples[0] ?? ''),
          r.confidence + (r.note !== undefined ? ` — ${r.note}` : ''),
        ]),
      ),
    ),
    h(
      'section',
      { class: 'sdk-apps' },
      h('h2', {}, 'Saved apps seen with it'),
      p.apps.length === 0
        ? h('p', { class: 'muted' }, 'None of the saved app audits found it.')
        : appsTable(`${p.apps.length}${p.moreApps ? '+' : ''} saved audits`, p.apps),
    ),
    sourceList(p.sources),
  );
}

// The identify box: a MAC, banner, model, brand or domain in, the same answer the CLI gives out —
// maker, brand, relations with dates, only the restrictions that reach it, advisories, sources.
// The question and the date live in the URL.
import { get } from '../api.js';
import { h, type Child } from '../dom.js';
import { cite, sourceList } from '../parts/sources.js';
import { verdictSections } from '../parts/verdict.js';
import type { IdentifyAnswer } from '../types.js';
import { params, setParams } from '../url.js';

export async function identifyPage(main: HTMLElement): Promise<void> {
  const p = params();
  const input = h('input', {
    id: 'identify-q',
    name: 'q',
    type: 'text',
    autocomplete: 'off',
    spellcheck: false,
    value: p.q ?? '',
    placeholder: 'e.g. 44:19:b6:12:34:56, App-webs/, DS-2CD2143G0-I, Lorex',
  }) as HTMLInputElement;
  const date = h('input', {
    id: 'identify-date',
    name: 'asOf',
    type: 'date',
    value: p.asOf ?? '',
  }) as HTMLInputElement;
  const out = h('div', { 'aria-live': 'polite', class: 'identify-result' });
  const ask = async (): Promise<void> => {
    const q = input.value.trim();
    setParams({ q, asOf: date.value });
    if (q === '') return;
    out.replaceChildren(h('p', {}, 'Looking it up…'));
    try {
      out.replaceChildren(
        h('div', {}, render(await get<IdentifyAnswer>('/identify', { q, asOf: date.value }))),
      );
    } catch (err) {
      out.replaceChildren(h('p', { role: 'alert' }, (err as Error).message));
    }
  };
  const form = h(
    'form',
    {
      role: 'search',
      onsubmit: (e: Event) => {
        e.preventDefault();
        void ask();
      },
    },
    h('label', { for: 'identify-q' }, 'A MAC address, banner, model code, brand or domain'),
    input,
    h('label', { for: 'identify-date' }, 'As of (leave empty for today)'),
    date,
    h('button', { type: 'submit' }, 'Identify'),
  );
  main.append(h('h1', {}, 'Identify'), form, out);
  if (input.value.trim() !== '') await ask();
}

function render(a: IdentifyAnswer): Child[] {
  const v = a.verdict;
  if (!a.match || v === undefined)
    return [
      h('p', {}, `No match for “${a.input}” (read as ${a.inputKindLabel}) in the knowledge base.`),
    ];
  return [
    h(
      'h2',
      {},
      v.vendor.name,
      v.brand !== undefined && v.maker.id !== v.vendor.id ? ` — made by ${v.maker.name}` : '',
    ),
    h('p', {}, `Read as ${a.inputKindLabel}.`),
    a.evidence.length > 0
      ? h(
          'ul',
          { class: 'evidence' },
          a.evidence.map((e) =>
            h(
              'li',
              {},
              `${e.kindLabel} (weight ${e.weight})${e.note !== undefined ? `: ${e.note}` : ''} `,
              cite(e.cites),
            ),
          ),
        )
      : '',
    ...verdictSections(v),
    sourceList(a.sources),
  ];
}

// The identify box: a MAC, banner, model, brand or domain in, the verdict out.
import { get } from '../api.js';
import { h } from '../dom.js';

interface Verdict {
  vendor: { name: string };
  maker: { name: string };
  covered: boolean;
  category: string;
  restrictions: Array<{ short: string; status: string; since?: string }>;
  advisories: Array<{ cve: string; kevAdded?: string; status: string; reason?: string }>;
}

type Outcome =
  | {
      ok: true;
      value: {
        input: string;
        inputKind: string;
        match: boolean;
        evidence: Array<{ fingerprint: string; weight: number }>;
        verdict?: Verdict;
      };
    }
  | { ok: false; input: string; error: string };

export async function identifyPage(main: HTMLElement): Promise<void> {
  const input = h('input', {
    id: 'identify-q',
    name: 'q',
    type: 'text',
    autocomplete: 'off',
    spellcheck: false,
    placeholder: 'e.g. 44:19:b6:12:34:56, App-webs/, DS-2CD2143G0-I, LTS',
  }) as HTMLInputElement;
  const out = h('div', { 'aria-live': 'polite', class: 'identify-result' });
  const form = h(
    'form',
    {
      role: 'search',
      onsubmit: (e: Event) => {
        e.preventDefault();
        const q = input.value.trim();
        if (q === '') return;
        out.replaceChildren(h('p', {}, 'Looking it up…'));
        get<Outcome>(`/identify?q=${encodeURIComponent(q)}`)
          .then((r) => out.replaceChildren(render(r)))
          .catch((err: unknown) =>
            out.replaceChildren(h('p', { role: 'alert' }, (err as Error).message)),
          );
      },
    },
    h('label', { for: 'identify-q' }, 'A MAC address, banner, model code, brand or domain'),
    input,
    h('button', { type: 'submit' }, 'Identify'),
  );
  main.append(h('h1', {}, 'Identify'), form, out);
}

function render(r: Outcome): Node {
  if (!r.ok) return h('p', { role: 'alert' }, `“${r.input}”: ${r.error}`);
  const { value } = r;
  const v = value.verdict;
  if (!value.match || v === undefined)
    return h(
      'p',
      {},
      `No match for “${value.input}” (read as ${value.inputKind}) in the knowledge base.`,
    );
  return h(
    'section',
    { class: 'verdict' },
    h('h2', {}, v.vendor.name, v.maker.name !== v.vendor.name ? ` — made by ${v.maker.name}` : ''),
    h(
      'p',
      {},
      h(
        'span',
        { class: `badge ${v.covered ? 'warn' : 'ok'}` },
        v.covered ? `covered (${v.category})` : v.category,
      ),
      ` read as ${value.inputKind}; matched ${value.evidence.map((e) => `${e.fingerprint} (weight ${e.weight})`).join(', ')}`,
    ),
    h(
      'ul',
      {},
      v.restrictions
        .filter((x) => x.status !== 'not-covered')
        .map((x) => h('li', {}, `${x.short}: ${x.status}${x.since ? ` since ${x.since}` : ''}`)),
    ),
    v.advisories.length > 0
      ? h(
          'p',
          {},
          `Advisories: ${v.advisories
            .map(
              (a) =>
                `${a.cve}${a.kevAdded ? ' (CISA KEV)' : ''} — ${a.status === 'affected' ? 'affected' : `may apply: ${a.reason ?? 'not enough known'}`}`,
            )
            .join('; ')}`,
        )
      : null,
  );
}

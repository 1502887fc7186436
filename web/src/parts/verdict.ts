// A vendor's verdict, as the vendor page and the identify answer both show it: maker and brand,
// the relation chain with dates, only the restrictions that reach it, advisories — with sources.
import { h, type Child } from '../dom.js';
import type { VendorVerdictView } from '../types.js';
import { cite } from './sources.js';

const vendorLink = (r: { id: string; name: string }): Node =>
  h('a', { href: `/vendors/${r.id}` }, r.name);

/** The sections of a verdict: status, relations, restrictions (and those not in force), advisories. */
export function verdictSections(v: VendorVerdictView): Child[] {
  const status = v.covered
    ? `Covered under US federal rules: ${v.categoryLabel}`
    : `Not covered by US federal rules: ${v.categoryLabel}`;
  return [
    h(
      'p',
      { class: 'verdict-status' },
      h(
        'span',
        { class: `badge ${v.covered ? 'warn' : 'ok'}` },
        v.covered ? 'covered' : 'not covered',
      ),
      ` ${status}, as of ${v.asOf}.`,
    ),
    v.stateOwnership !== undefined
      ? h(
          'section',
          {},
          h('h2', {}, 'Ownership'),
          h('p', {}, v.stateOwnership.summary, ' ', cite(v.stateOwnership.cites)),
        )
      : '',
    h(
      'section',
      {},
      h('h2', {}, 'Ownership, affiliates and brands'),
      v.relations.length === 0
        ? h('p', { class: 'muted' }, 'None recorded.')
        : h(
            'ul',
            { class: 'relations' },
            v.relations.map((r) =>
              h(
                'li',
                {},
                vendorLink(r.from),
                ` ${r.typeLabel} `,
                vendorLink(r.to),
                r.sinceText !== undefined ? `, from ${r.sinceText}` : '',
                r.untilText !== undefined ? ` until ${r.untilText}` : '',
                r.state === 'ended'
                  ? ' (former)'
                  : r.state === 'future'
                    ? ' (not yet begun on that date)'
                    : '',
                r.confidence !== 'high' ? ` — ${r.confidence} confidence` : '',
                ' ',
                cite(r.cites),
                r.note !== undefined ? h('span', { class: 'note' }, r.note) : '',
              ),
            ),
          ),
    ),
    h(
      'section',
      {},
      h('h2', {}, 'Restrictions that reach it'),
      v.restrictions.length === 0
        ? h('p', { class: 'muted' }, 'None on this date.')
        : h(
            'ol',
            { class: 'timeline' },
            [...v.restrictions]
              .sort((a, b) => (a.since ?? a.effective).localeCompare(b.since ?? b.effective))
              .map((r) =>
                h(
                  'li',
                  {},
                  h('time', { datetime: r.since ?? r.effective }, r.sinceText ?? r.effective),
                  ' ',
                  h('strong', {}, r.short),
                  ` (${r.jurisdictionName}, ${r.kindLabel}) — ${r.statusLabel}`,
                  r.via !== undefined && r.status !== 'named'
                    ? [' through ', vendorLink(r.via)]
                    : '',
                  r.untilText !== undefined ? `, until ${r.untilText}` : '',
                  r.confidence !== 'high' ? ` (${r.confidence} confidence)` : '',
                  '. ',
                  h('span', { class: 'muted' }, r.title),
                  ' ',
                  cite(r.cites),
                ),
              ),
          ),
      v.notInForce.length > 0
        ? [
            h('h3', {}, `Not in force on ${v.asOf}`),
            h(
              'ul',
              {},
              v.notInForce.map((r) =>
                h(
                  'li',
                  {},
                  h('strong', {}, r.short),
                  r.begins !== undefined ? ` begins ${r.begins}` : ` ended ${r.ended ?? ''}`,
                  ' ',
                  cite(r.cites),
                ),
              ),
            ),
          ]
        : '',
      !v.covered && v.notReachedBy.length > 0
        ? [
            h('h3', {}, 'US federal rules that do not reach it'),
            h(
              'ul',
              {},
              v.notReachedBy.map((r) =>
                h(
                  'li',
                  {},
                  h('strong', {}, r.short),
                  ` names ${r.names.map((n) => n.name).join(', ')}`,
                ),
              ),
            ),
          ]
        : '',
    ),
    h(
      'section',
      {},
      h('h2', {}, 'Known vulnerabilities'),
      v.advisories.length === 0
        ? h('p', { class: 'muted' }, 'None recorded.')
        : h(
            'ul',
            {},
            v.advisories.map((a) =>
              h(
                'li',
                {},
                h('strong', {}, a.cve),
                ` — ${a.title}`,
                a.cvss !== undefined ? ` (CVSS ${a.cvss})` : '',
                a.kevAdded !== undefined
                  ? `, on CISA's Known Exploited list since ${a.kevAdded}`
                  : '',
                '. Affects ',
                a.scope,
                '. ',
                a.status === 'affected'
                  ? h('strong', {}, 'Affected.')
                  : a.status === 'may-apply'
                    ? `May apply: ${a.reason ?? 'not enough is known'}.`
                    : '',
                a.via === 'maker' ? ' Filed against the maker.' : '',
                ' ',
                cite(a.cites),
              ),
            ),
          ),
    ),
  ];
}

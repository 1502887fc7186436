// One report in the moderation queue: what was reported, the stored photo (already cleaned), the
// audit log, the possible duplicates to merge into, and the accept / merge / reject buttons, each
// needing a reason. Decisions carry the session's CSRF token.
import { ApiFailure, apiUrl, sendJson } from '../api.js';
import { h } from '../dom.js';
import type { DecisionMade, ModerationQueue } from '../types.js';
import { path } from '../url.js';

type Queued = ModerationQueue['reports'][number];
type Decision = 'accept' | 'reject' | 'merge';

function describe(r: Queued): string[] {
  const f = r.fields;
  return [
    `Type: ${f.type}${f.cameraType === undefined ? '' : `, ${f.cameraType}`}`,
    f.direction === undefined ? 'Facing: not said' : `Facing ${f.direction}°`,
    ...(f.brand === undefined ? [] : [`Brand: ${f.brand}`]),
    ...(f.model === undefined ? [] : [`Model: ${f.model}`]),
    ...(f.operatorSign === undefined ? [] : [`Operator sign: ${f.operatorSign}`]),
    ...(f.note === undefined ? [] : [`Note: ${f.note}`]),
  ];
}

/** The card of one queued report; a decision replaces it with its outcome. */
export function reportCard(r: Queued, csrf: string, notice: HTMLElement): HTMLElement {
  const id = `r-${r.id}`;
  const reason = h('textarea', {
    id: `${id}-reason`,
    rows: 2,
    maxlength: 1000,
    required: true,
  }) as HTMLTextAreaElement;
  const problem = h('p', { class: 'report-problem', role: 'alert' });
  const candidates = [
    ...r.nearby.map((c) => ({
      kind: 'camera' as const,
      id: c.id,
      label: `mapped camera ${c.id}, ${c.distanceM} m away${c.maker === undefined ? '' : `, ${c.maker}`}`,
    })),
    ...r.nearbyReports.map((o) => ({
      kind: 'report' as const,
      id: o.id,
      label: `accepted report ${o.id.slice(0, 8)}…, ${o.distanceM} m away, ${o.type}, ${o.day}`,
    })),
  ];
  const otherKind = h(
    'select',
    { id: `${id}-kind`, 'aria-label': 'Merge into a' },
    h('option', { value: 'camera' }, 'camera'),
    h('option', { value: 'report' }, 'report'),
  ) as HTMLSelectElement;
  const otherId = h('input', {
    id: `${id}-into`,
    'aria-label': 'its id (n123 for a mapped camera, or a report id)',
    size: 20,
  }) as HTMLInputElement;
  const mergeChoice = h(
    'fieldset',
    { class: 'merge-choice' },
    h('legend', {}, 'Merge into (a duplicate of)'),
    candidates.map((c, i) =>
      h(
        'p',
        {},
        h('input', {
          type: 'radio',
          name: `${id}-target`,
          id: `${id}-t${i}`,
          value: `${c.kind}:${c.id}`,
          checked: i === 0,
        }),
        h('label', { for: `${id}-t${i}` }, ` ${c.label}`),
      ),
    ),
    h(
      'p',
      {},
      h('input', {
        type: 'radio',
        name: `${id}-target`,
        id: `${id}-tother`,
        value: 'other',
        checked: candidates.length === 0,
      }),
      h('label', { for: `${id}-tother` }, ' another: '),
      otherKind,
      ' ',
      otherId,
    ),
  );
  const card = h('article', { class: 'moderation-report', id, 'data-report': r.id });
  const decide = async (decision: Decision): Promise<void> => {
    problem.textContent = '';
    if (reason.value.trim() === '') {
      problem.textContent = 'Give a reason: it is kept in the report’s audit log.';
      reason.focus();
      return;
    }
    const body: Record<string, unknown> = { decision, reason: reason.value };
    if (decision === 'merge') {
      const picked =
        card.querySelector<HTMLInputElement>(`input[name="${id}-target"]:checked`)?.value ??
        'other';
      const [kind, into] =
        picked === 'other'
          ? [otherKind.value, otherId.value.trim()]
          : [picked.slice(0, picked.indexOf(':')), picked.slice(picked.indexOf(':') + 1)];
      if (into === '') {
        problem.textContent =
          'Say what it is merged into: pick a possible duplicate or type an id.';
        return;
      }
      body.mergeInto = { kind, id: into };
    }
    try {
      const done = await sendJson<DecisionMade>(
        'POST',
        `/moderation/reports/${encodeURIComponent(r.id)}/decisions`,
        body,
        { 'x-csrf-token': csrf },
      );
      notice.textContent = `Report ${r.id.slice(0, 8)}… ${done.status}.`;
      card.replaceChildren(
        h('p', { class: 'done', 'data-status': done.status }, `Report ${r.id}: ${done.status}.`),
      );
    } catch (e) {
      problem.textContent =
        e instanceof ApiFailure && (e.status === 401 || e.status === 403)
          ? `${e.message} — log out and in again.`
          : `Not decided: ${(e as Error).message}`;
    }
  };
  card.append(
    h('h2', {}, `Report ${r.id.slice(0, 8)}…`, h('small', {}, ` ${r.day}, ${r.status}`)),
    r.photo === undefined
      ? h('p', { class: 'hint' }, 'No photo.')
      : h(
          'figure',
          {},
          h('img', {
            src: apiUrl(`/moderation/reports/${encodeURIComponent(r.id)}/photo`),
            alt: 'The reported camera, as stored: metadata removed, faces painted over',
            width: r.photo.width,
            height: r.photo.height,
            loading: 'lazy',
          }),
          h(
            'figcaption',
            {},
            `${r.photo.width} × ${r.photo.height}, ${r.photo.redactions} region(s) painted over`,
          ),
        ),
    h(
      'ul',
      {},
      describe(r).map((t) => h('li', {}, t)),
      h(
        'li',
        {},
        'Position: ',
        h(
          'a',
          { href: path('/', { lat: String(r.lat), lon: String(r.lon), z: '18' }) },
          `${r.lat}, ${r.lon}`,
        ),
      ),
    ),
    r.decisions.length === 0
      ? ''
      : h(
          'details',
          {},
          h('summary', {}, `Audit log (${r.decisions.length})`),
          h(
            'ul',
            {},
            r.decisions.map((d) =>
              h(
                'li',
                {},
                `${d.at} ${d.moderator}: ${d.decision}${d.mergedInto === undefined ? '' : ` into ${d.mergedInto.kind} ${d.mergedInto.id}`} — ${d.reason}`,
              ),
            ),
          ),
        ),
    h(
      'p',
      { class: 'field' },
      h('label', { for: reason.id }, 'Reason (kept in the audit log)'),
      reason,
    ),
    mergeChoice,
    problem,
    h(
      'p',
      { class: 'decision-buttons' },
      h(
        'button',
        { type: 'button', class: 'accept', onclick: () => void decide('accept') },
        'Accept',
      ),
      h('button', { type: 'button', class: 'merge', onclick: () => void decide('merge') }, 'Merge'),
      h(
        'button',
        { type: 'button', class: 'reject', onclick: () => void decide('reject') },
        'Reject',
      ),
    ),
  );
  return card;
}

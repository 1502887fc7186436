// Moderation: log in (the session cookie is set by the server, HttpOnly; the CSRF token it answers
// is kept in this tab's sessionStorage and sent with every change), the queue of reports with
// their photo and possible duplicates, accept / reject / merge with a reason, log out.
import { ApiFailure, get, sendJson } from '../api.js';
import { fieldText, h } from '../dom.js';
import { navigate } from '../nav.js';
import { reportCard } from '../parts/report-card.js';
import type { ModerationQueue, SessionOpened } from '../types.js';
import { params, path } from '../url.js';

const tokenKey = 'sousveil.csrf';
const nameKey = 'sousveil.moderator';
const statuses = ['new', 'accepted', 'rejected', 'merged'] as const;

function session(): { name: string; csrf: string } | undefined {
  const csrf = sessionStorage.getItem(tokenKey);
  const name = sessionStorage.getItem(nameKey);
  return csrf === null || name === null ? undefined : { name, csrf };
}

function forget(): void {
  sessionStorage.removeItem(tokenKey);
  sessionStorage.removeItem(nameKey);
}

export async function moderationPage(main: HTMLElement): Promise<void> {
  const mine = session();
  if (mine === undefined) {
    main.append(loginView());
    return;
  }
  const raw = params().status ?? 'new';
  const status = statuses.find((s) => s === raw) ?? 'new';
  let queue: ModerationQueue;
  try {
    queue = await get<ModerationQueue>('/moderation/reports', { status });
  } catch (e) {
    if (e instanceof ApiFailure && e.status === 401) {
      forget();
      main.append(loginView('Your session has ended: log in again.'));
      return;
    }
    throw e;
  }
  const notice = h('p', { class: 'moderation-notice', role: 'status' });
  main.append(
    h('h1', {}, 'Moderation'),
    h(
      'div',
      { class: 'moderation-bar' },
      h('span', {}, `Logged in as ${mine.name}. `),
      h(
        'button',
        { type: 'button', id: 'logout', onclick: () => void logout(mine.csrf) },
        'Log out',
      ),
    ),
    h(
      'nav',
      { class: 'moderation-tabs', 'aria-label': 'Reports by status' },
      statuses.map((s) =>
        h(
          'a',
          {
            href: path('/moderation', { status: s }),
            'aria-current': s === status ? 'page' : undefined,
          },
          s,
        ),
      ),
    ),
    h(
      'p',
      { class: 'lede' },
      `${queue.total} ${status} report${queue.total === 1 ? '' : 's'}${queue.reports.length < queue.total ? ` (the first ${queue.reports.length} shown)` : ''}. Possible duplicates: mapped cameras and accepted reports within ${queue.nearbyRadiusM} m.`,
    ),
    notice,
    h(
      'ol',
      { class: 'moderation-queue' },
      queue.reports.map((r) => h('li', {}, reportCard(r, mine.csrf, notice))),
    ),
  );
}

function loginView(message?: string): HTMLElement {
  const problem = h('p', { class: 'report-problem', role: 'alert' }, message ?? '');
  const form = h(
    'form',
    { class: 'login-form' },
    h(
      'p',
      { class: 'field' },
      h('label', { for: 'mod-name' }, 'Name'),
      h('input', { id: 'mod-name', name: 'name', autocomplete: 'username', required: true }),
    ),
    h(
      'p',
      { class: 'field' },
      h('label', { for: 'mod-password' }, 'Password'),
      h('input', {
        id: 'mod-password',
        name: 'password',
        type: 'password',
        autocomplete: 'current-password',
        required: true,
      }),
    ),
    problem,
    h('p', {}, h('button', { type: 'submit' }, 'Log in')),
  ) as HTMLFormElement;
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const data = new FormData(form);
    problem.textContent = '';
    sendJson<SessionOpened>('POST', '/sessions', {
      name: fieldText(data, 'name'),
      password: fieldText(data, 'password'),
    }).then(
      (s) => {
        sessionStorage.setItem(tokenKey, s.csrfToken);
        sessionStorage.setItem(nameKey, s.name);
        navigate('/moderation');
      },
      (err: unknown) => (problem.textContent = `Not logged in: ${(err as Error).message}`),
    );
  });
  return h(
    'div',
    {},
    h('h1', {}, 'Moderation: log in'),
    h(
      'p',
      { class: 'lede' },
      'For moderators of citizen reports (accounts are made with `sousveil users add NAME --role moderator`). Five wrong passwords lock an account for 15 minutes.',
    ),
    form,
  );
}

async function logout(csrf: string): Promise<void> {
  try {
    await sendJson('DELETE', '/sessions/current', undefined, { 'x-csrf-token': csrf });
  } catch {
    // Already ended on the server (a restart ends every session): forgetting it here is enough.
  }
  forget();
  navigate('/moderation');
}

// The observatory UI: a router over real paths (/countries/EC, /projects/ecu-911?…), so every view
// has a URL that works when reloaded, shared or opened in a new tab, and in-page links (#src-3,
// #main) are plain anchors. Each page renders into <main> and moves focus to its heading.
import './style.css';
import { ApiFailure } from './api.js';
import { h } from './dom.js';
import { navigate } from './nav.js';
import { appPage, appsPage } from './pages/apps.js';
import { auditPage, auditsPage } from './pages/audits.js';
import { countryPage } from './pages/country.js';
import { firmwarePage, firmwareReportPage } from './pages/firmware.js';
import { glossaryPage } from './pages/glossary.js';
import { identifyPage } from './pages/identify.js';
import { mapPage } from './pages/map.js';
import { moderationPage } from './pages/moderation.js';
import { projectPage, projectsPage } from './pages/projects.js';
import { reportPage } from './pages/report.js';
import { sdkPage, sdksPage } from './pages/sdks.js';
import { searchPage } from './pages/search.js';
import { sitesPage } from './pages/sites.js';
import { statisticsPage } from './pages/statistics.js';
import { vendorPage, vendorsPage } from './pages/vendors.js';

type Page = (main: HTMLElement, arg: string) => Promise<void>;

const pages: Array<[RegExp, Page]> = [
  [/^\/$/, (m) => mapPage(m)],
  [/^\/countries\/([^/]+)$/, countryPage],
  [/^\/projects$/, (m) => projectsPage(m)],
  [/^\/projects\/([^/]+)$/, projectPage],
  [/^\/statistics$/, (m) => statisticsPage(m)],
  [/^\/vendors$/, (m) => vendorsPage(m)],
  [/^\/vendors\/([^/]+)$/, vendorPage],
  [/^\/audits$/, (m) => auditsPage(m)],
  [/^\/audits\/(\d+)$/, auditPage],
  [/^\/sites$/, (m) => sitesPage(m)],
  [/^\/apps$/, (m) => appsPage(m)],
  [/^\/apps\/(\d+)$/, appPage],
  [/^\/sdks$/, (m) => sdksPage(m)],
  [/^\/sdks\/([^/]+)$/, sdkPage],
  [/^\/firmware$/, (m) => firmwarePage(m)],
  [/^\/firmware\/(\d+)$/, firmwareReportPage],
  [/^\/identify$/, (m) => identifyPage(m)],
  [/^\/search$/, (m) => searchPage(m)],
  [/^\/glossary$/, (m) => glossaryPage(m)],
  [/^\/report$/, (m) => reportPage(m)],
  [/^\/moderation$/, (m) => moderationPage(m)],
];

const main = document.getElementById('main') as HTMLElement;
let generation = 0;
let firstRender = true;

async function route(): Promise<void> {
  const path = location.pathname.replace(/\/+$/, '') || '/';
  const mine = ++generation;
  main.replaceChildren(h('p', { class: 'loading', role: 'status' }, 'Loading…'));
  for (const a of document.querySelectorAll<HTMLAnchorElement>('nav a')) {
    const target = a.getAttribute('href') ?? '';
    if (target === path || (target !== '/' && path.startsWith(target)))
      a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const found = pages.find(([re]) => re.test(path));
  const page = document.createElement('div');
  try {
    if (found === undefined) throw new ApiFailure(404, `There is no page at ${path}.`);
    const [re, render] = found;
    await render(page, decodeURIComponent(re.exec(path)?.[1] ?? ''));
  } catch (e) {
    page.replaceChildren(
      h(
        'h1',
        {},
        e instanceof ApiFailure && e.status === 404 ? 'Not found' : 'Something went wrong',
      ),
      h('p', { role: 'alert' }, (e as Error).message),
      h('p', {}, h('a', { href: '/' }, 'Back to the map')),
    );
  }
  if (mine !== generation) return;
  main.replaceChildren(...page.childNodes);
  const heading = main.querySelector('h1');
  document.title = `${heading?.textContent ?? 'sousveil'} · sousveil observatory`;
  heading?.setAttribute('tabindex', '-1');
  if (location.hash.length > 1) {
    const target = document.getElementById(location.hash.slice(1));
    target?.scrollIntoView();
    if (!firstRender) target?.focus();
  } else if (!firstRender) heading?.focus();
  firstRender = false;
}

document.addEventListener('click', (e) => {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey)
    return;
  const a = (e.target as Element | null)?.closest('a');
  if (a === null || a === undefined || a.target !== '' || a.hasAttribute('download')) return;
  const href = a.getAttribute('href') ?? '';
  // In-page anchors (#src-3) and other sites are the browser's; paths of this site are ours.
  if (!href.startsWith('/') || href.startsWith('//') || href.startsWith('/api/')) return;
  e.preventDefault();
  navigate(href);
});

document.querySelector<HTMLFormElement>('.site-search')?.addEventListener('submit', (e) => {
  e.preventDefault();
  const q = (document.getElementById('site-q') as HTMLInputElement).value.trim();
  if (q !== '') navigate(`/search?q=${encodeURIComponent(q)}`);
});

window.addEventListener('popstate', () => void route());
window.addEventListener('sousveil:navigate', () => void route());
void route();

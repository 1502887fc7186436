// The observatory UI: a hash router over pages that read /api/v1. Each page renders into <main>
// and moves focus to its heading, so keyboard and screen-reader users land on the new content.
import './style.css';
import { ApiFailure } from './api.js';
import { h } from './dom.js';
import { auditPage, auditsPage } from './pages/audits.js';
import { countryPage } from './pages/country.js';
import { identifyPage } from './pages/identify.js';
import { mapPage } from './pages/map.js';
import { statisticsPage } from './pages/statistics.js';
import { vendorPage, vendorsPage } from './pages/vendors.js';

type Page = (main: HTMLElement, arg: string) => Promise<void>;

const pages: Array<[RegExp, Page]> = [
  [/^\/?$/, (m) => mapPage(m)],
  [/^\/countr(?:y|ies)\/([^/]+)$/, countryPage],
  [/^\/statistics$/, (m) => statisticsPage(m)],
  [/^\/vendors$/, (m) => vendorsPage(m)],
  [/^\/vendors?\/([^/]+)$/, vendorPage],
  [/^\/audits$/, (m) => auditsPage(m)],
  [/^\/audits?\/(\d+)$/, auditPage],
  [/^\/identify$/, (m) => identifyPage(m)],
];

const main = document.getElementById('main') as HTMLElement;
let generation = 0;

async function route(): Promise<void> {
  const path = decodeURIComponent(location.hash.replace(/^#/, '')) || '/';
  const mine = ++generation;
  main.replaceChildren(h('p', { class: 'loading', role: 'status' }, 'Loading…'));
  for (const a of document.querySelectorAll<HTMLAnchorElement>('nav a')) {
    const target = a.getAttribute('href')?.slice(1) ?? '';
    if (target === path || (target !== '/' && path.startsWith(target)))
      a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const found = pages.find(([re]) => re.test(path));
  const page = document.createElement('div');
  try {
    if (found === undefined) throw new ApiFailure(404, `No page at ${path}`);
    const [re, render] = found;
    await render(page, re.exec(path)?.[1] ?? '');
  } catch (e) {
    page.replaceChildren(
      h(
        'h1',
        {},
        e instanceof ApiFailure && e.status === 404 ? 'Not found' : 'Something went wrong',
      ),
      h('p', { role: 'alert' }, (e as Error).message),
      h('p', {}, h('a', { href: '#/' }, 'Back to the map')),
    );
  }
  if (mine !== generation) return;
  main.replaceChildren(...page.childNodes);
  const heading = main.querySelector('h1');
  document.title = `${heading?.textContent ?? 'sousveil'} · sousveil observatory`;
  heading?.setAttribute('tabindex', '-1');
  // On first load focus stays at the top (the skip link is the first Tab); later, it follows.
  if (!firstRender) heading?.focus();
  firstRender = false;
}

let firstRender = true;

window.addEventListener('hashchange', () => void route());
void route();

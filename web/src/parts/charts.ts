// Charts drawn by the page itself as SVG (no library, no other host): bars by year.
import { h } from '../dom.js';

const svgNs = 'http://www.w3.org/2000/svg';

function el(tag: string, attrs: Record<string, string | number>): SVGElement {
  const e = document.createElementNS(svgNs, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

/** Stacked bars by year; `series` names the parts of each bar, with their colours. */
export function barChart(
  title: string,
  rows: ReadonlyArray<{ year: number; values: readonly number[] }>,
  series: ReadonlyArray<{ name: string; colour: string; className: string }>,
): Node {
  if (rows.length === 0) return h('p', { class: 'muted' }, `${title}: nothing to draw.`);
  const max = Math.max(1, ...rows.map((r) => r.values.reduce((a, b) => a + b, 0)));
  const bar = 24;
  const width = rows.length * (bar + 8) + 40;
  const height = 180;
  const svg = el('svg', { viewBox: `0 0 ${width} ${height + 40}`, role: 'img', class: 'chart' });
  svg.setAttribute(
    'aria-label',
    `${title}: ${rows.map((r) => `${r.year}: ${r.values.map((v, i) => `${v} ${series[i]?.name ?? ''}`).join(', ')}`).join('; ')}`,
  );
  rows.forEach((r, i) => {
    let y = height;
    const x = 30 + i * (bar + 8);
    r.values.forEach((v, j) => {
      const hgt = (v / max) * (height - 10);
      if (hgt > 0)
        svg.append(
          el('rect', { x, y: y - hgt, width: bar, height: hgt, fill: series[j]?.colour ?? '#888' }),
        );
      y -= hgt;
    });
    const label = el('text', {
      x: x + bar / 2,
      y: height + 14,
      'text-anchor': 'middle',
      'font-size': 10,
    });
    label.textContent = String(r.year).slice(2);
    svg.append(label);
  });
  const top = el('text', { x: 2, y: 12, 'font-size': 10 });
  top.textContent = String(max);
  svg.append(top, el('line', { x1: 26, y1: height, x2: width, y2: height, stroke: '#5c5c5c' }));
  return h(
    'figure',
    { class: 'chart-figure' },
    svg,
    h(
      'figcaption',
      {},
      title,
      ' — ',
      series.map((s, i) => [
        i > 0 ? ', ' : '',
        h('span', { class: `swatch ${s.className}` }),
        ` ${s.name}`,
      ]),
      '. Years are shown by their last two digits.',
    ),
  );
}

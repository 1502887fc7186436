// `sousveil map stats`: cameras and the covered share by maker, country, city or square area.
import { osmAttribution } from '../../fieldmap/index.js';
import { UserError } from '../../shared/errors.js';
import type { BoundingBox, CameraCluster, CameraStats } from '../../store/index.js';
import { dbOption, defineCommand, jsonOption, writeJson } from '../command.js';
import { filterOptions, queryOf, str, withStore } from './map-shared.js';

const world: BoundingBox = { west: -180, south: -90, east: 180, north: 90 };

export const mapStats = defineCommand({
  path: ['map', 'stats'],
  summary:
    'street cameras and their covered share by maker, country or city (--by); type and operator; by square area with --cell',
  description: `Counts the cameras in the store, filtered as the flags say: cameras and the share made by covered
makers, by maker (default), by country or by city/area (--by). A camera's country and city are
set at import (see \`map import --help\`). Data © OpenStreetMap contributors, ODbL.`,
  options: {
    ...jsonOption,
    ...filterOptions,
    ...dbOption,
    by: {
      type: 'string',
      value: 'GROUP',
      choices: ['maker', 'country', 'city'],
      default: 'maker',
      description: 'count by maker, country or city (city: the 100 largest)',
    },
    cell: {
      type: 'string',
      value: 'DEG',
      description: 'also count by square areas of DEG degrees (0.1 is about a city), largest first',
    },
  },
  run: async ({ flags, io }) => {
    const { box, filter } = await queryOf(flags, io);
    const cell = str(flags.cell) === undefined ? undefined : Number(flags.cell);
    if (cell !== undefined && !(cell > 0 && cell <= 90))
      throw new UserError('--cell must be a number of degrees above 0 and at most 90');
    return withStore(flags, async (store) => {
      const stats = await store.cameras.stats(box, filter);
      const rows = groupRows(stats, flags.by);
      const areas =
        cell === undefined
          ? undefined
          : (await store.cameras.clusters(box ?? world, cell, filter)).sort(
              (a, b) => b.count - a.count,
            );
      if (flags.json) {
        writeJson(io, {
          ...stats,
          by: flags.by,
          groups: rows,
          ...(areas === undefined ? {} : { areas }),
          attribution: osmAttribution,
        });
        return 0;
      }
      io.stdout.write(formatStats(stats, flags.by, rows, areas));
      return 0;
    });
  },
});

/** One group of `map stats --by`: its name, cameras, covered cameras and their share. */
interface GroupRow {
  name: string;
  country?: string;
  cameras: number;
  covered: number;
  coveredShare: number;
}

function groupRows(stats: CameraStats, by: string): GroupRow[] {
  const share = (covered: number, n: number): number =>
    n === 0 ? 0 : Math.round((covered / n) * 1000) / 1000;
  if (by === 'maker')
    return stats.byMaker.map((m) => ({
      name: m.maker,
      cameras: m.count,
      covered: m.covered,
      coveredShare: share(m.covered, m.count),
    }));
  return (by === 'country' ? stats.byCountry : stats.byCity).map((g) => ({
    name: g.key,
    ...(g.country === undefined ? {} : { country: g.country }),
    cameras: g.count,
    covered: g.covered,
    coveredShare: share(g.covered, g.count),
  }));
}

/** The stats as a text report. */
function formatStats(
  stats: CameraStats,
  by: string,
  rows: readonly GroupRow[],
  areas: CameraCluster[] | undefined,
): string {
  const share = (n: number, of: number) => (of === 0 ? '-' : `${Math.round((n / of) * 100)}%`);
  const lines = [
    `${stats.total} camera(s), ${stats.covered} covered (${share(stats.covered, stats.total)})`,
    '',
    `${by.toUpperCase().padEnd(31)} CAMERAS  COVERED`,
  ];
  for (const r of rows)
    lines.push(
      `${(r.country === undefined ? r.name : `${r.name}, ${r.country}`).slice(0, 31).padEnd(31)} ${String(r.cameras).padStart(7)}  ${share(r.covered, r.cameras).padStart(7)}`,
    );
  lines.push(
    '',
    `types: ${Object.entries(stats.byType)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  lines.push(
    `operators: ${Object.entries(stats.byOperatorType)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}`,
  );
  if (areas !== undefined) {
    lines.push('', 'AREA (centre)           CAMERAS  COVERED');
    for (const a of areas.slice(0, 50))
      lines.push(
        `${`${a.lat.toFixed(3)},${a.lon.toFixed(3)}`.padEnd(22)} ${String(a.count).padStart(8)}  ${share(a.covered, a.count).padStart(7)}`,
      );
  }
  lines.push('', `Data ${osmAttribution}`);
  return `${lines.join('\n')}\n`;
}

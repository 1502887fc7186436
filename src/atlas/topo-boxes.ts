// Bounding boxes of country shapes from a TopoJSON topology (pure), one box per polygon so a
// country with overseas parts gets several. Used to check that a place lies in its country.
import type { CountryBoxes } from './check.js';

interface Topology {
  transform?: { scale: [number, number]; translate: [number, number] };
  arcs: number[][][];
  objects: Record<string, { geometries: Array<{ id?: string; type: string; arcs?: unknown }> }>;
}

/** Boxes by geometry id (ISO 3166-1 numeric in Natural Earth's world-atlas). */
export function topologyBoxes(topology: Topology, object = 'countries'): CountryBoxes {
  const { scale = [1, 1], translate = [0, 0] } = topology.transform ?? {};
  // Decode each arc's delta-encoded, quantised positions into a box of absolute degrees.
  const arcBoxes = topology.arcs.map((arc) => {
    let x = 0;
    let y = 0;
    const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const [dx = 0, dy = 0] of arc) {
      if (topology.transform !== undefined) {
        x += dx;
        y += dy;
      } else {
        x = dx;
        y = dy;
      }
      const lon = x * scale[0] + translate[0];
      const lat = y * scale[1] + translate[1];
      box[0] = Math.min(box[0], lon);
      box[1] = Math.min(box[1], lat);
      box[2] = Math.max(box[2], lon);
      box[3] = Math.max(box[3], lat);
    }
    return box;
  });
  const ringsBox = (rings: number[][]): [number, number, number, number] => {
    const box: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
    for (const ring of rings) {
      for (const i of ring) {
        const a = arcBoxes[i < 0 ? ~i : i];
        if (a === undefined) continue;
        box[0] = Math.min(box[0], a[0]);
        box[1] = Math.min(box[1], a[1]);
        box[2] = Math.max(box[2], a[2]);
        box[3] = Math.max(box[3], a[3]);
      }
    }
    return box;
  };
  const out = new Map<string, Array<[number, number, number, number]>>();
  for (const g of topology.objects[object]?.geometries ?? []) {
    if (g.id === undefined) continue;
    const polygons =
      g.type === 'Polygon'
        ? [g.arcs as number[][]]
        : g.type === 'MultiPolygon'
          ? (g.arcs as number[][][])
          : [];
    const boxes = polygons.map(ringsBox).filter((b) => Number.isFinite(b[0]));
    out.set(g.id, [...(out.get(g.id) ?? []), ...boxes]);
  }
  return out;
}

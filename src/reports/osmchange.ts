// Accepted reports as an OsmChange file (pure): new nodes a moderator opens in an editor (JOSM),
// reviews and uploads with their own account; sousveil never uploads. The tags follow the
// OpenStreetMap wiki (https://wiki.openstreetmap.org/wiki/Tag:man_made%3Dsurveillance, Key:
// surveillance:type, Key:surveillance:zone, Key:camera:type, Key:camera:direction, Key:brand,
// Key:operator). Written only from what the report says: no `source`, note, day or anything about
// the reporter, and no kb inference (the maker the brand resolves to) as an OSM tag.
import type { StoredReport } from '../store/index.js';

/** `surveillance:type` values the wiki documents, from the report's type; `other` writes none. */
const surveillanceTypes: Readonly<Record<string, string>> = {
  camera: 'camera',
  ALPR: 'ALPR',
  gunshot_detector: 'gunshot_detector',
};

/** `camera:type` values the wiki documents. */
const cameraTypes = new Set(['fixed', 'dome', 'panning']);

/** The OSM tags a report becomes, in the order they are written. */
export function osmTagsOf(r: StoredReport): [string, string][] {
  const f = r.fields;
  const tags: [string, string][] = [['man_made', 'surveillance']];
  const type = surveillanceTypes[f.type];
  if (type !== undefined) tags.push(['surveillance:type', type]);
  // The form does not ask for the zone (town, traffic, shop…), so it is never guessed.
  const isCamera = f.type === 'camera' || f.type === 'ALPR';
  if (isCamera && f.cameraType !== undefined && cameraTypes.has(f.cameraType))
    tags.push(['camera:type', f.cameraType]);
  if (isCamera && f.direction !== undefined)
    tags.push(['camera:direction', String(Math.round(f.direction) % 360)]);
  // What is written on a camera is a brand (it may be a white label: LTS sells Hikvision's).
  if (f.brand !== undefined) tags.push(['brand', clean(f.brand)]);
  if (f.model !== undefined) tags.push(['model', clean(f.model)]);
  if (f.operatorSign !== undefined) tags.push(['operator', clean(f.operatorSign)]);
  return tags.filter(([, v]) => v !== '');
}

/** OSM values are single lines of at most 255 characters. */
function clean(v: string): string {
  // OSM counts code points; a split emoji sequence at the cut is acceptable in a review file.
  return Array.from(v.replaceAll(/\s+/g, ' ').trim()).slice(0, 255).join('');
}

/** Characters XML 1.0 does not allow at all, even as references: C0 controls, lone surrogates, U+FFFE/F. */
const notXml =
  // eslint-disable-next-line no-control-regex -- these are exactly the characters refused
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text escaped for an XML attribute value (double-quoted); characters XML forbids become U+FFFD. */
export function xmlAttr(v: string): string {
  return v
    .replaceAll(notXml, '\ufffd')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;')
    .replaceAll('\t', '&#9;')
    .replaceAll('\n', '&#10;')
    .replaceAll('\r', '&#13;');
}

/** Degrees with at most 7 decimals, as OSM stores them. */
const coord = (x: number): string => String(Math.round(x * 1e7) / 1e7);

/**
 * An OsmChange 0.6 document creating one node per report, ids -1, -2, … in the given order.
 * `generator` names the program and its version (`sousveil 0.1.0`).
 */
export function reportsOsmChange(reports: readonly StoredReport[], generator: string): string {
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<osmChange version="0.6" generator="${xmlAttr(generator)}">`,
  ];
  if (reports.length > 0) {
    out.push('  <create>');
    reports.forEach((r, i) => {
      out.push(
        `    <node id="${-(i + 1)}" version="0" lat="${coord(r.lat)}" lon="${coord(r.lon)}">`,
      );
      for (const [k, v] of osmTagsOf(r))
        out.push(`      <tag k="${xmlAttr(k)}" v="${xmlAttr(v)}"/>`);
      out.push('    </node>');
    });
    out.push('  </create>');
  }
  out.push('</osmChange>', '');
  return out.join('\n');
}

// A small street-camera city written by the tests in every format the import reads. The XML
// carries mapper names, ids and changesets, as real exports with metadata do, so tests can check
// that none of them reach the database.

/** Who "edited" the fixture: none of these may be stored. */
export const fixtureEditors = {
  users: ['mapper_alice_7', 'Bob Surveyor'],
  uids: ['918273', '5550123'],
  changesets: ['777001', '777002'],
} as const;

interface FixtureNode {
  id: number;
  lat: number;
  lon: number;
  tags: Record<string, string>;
}

/** Around Alexanderplatz, Berlin: a street of cameras, plus one in Lisbon for a second cluster. */
export const fixtureNodes: readonly FixtureNode[] = [
  {
    id: 101,
    lat: 52.5219,
    lon: 13.4132,
    tags: {
      man_made: 'surveillance',
      'surveillance:type': 'camera',
      'camera:type': 'fixed',
      'camera:direction': 'NE',
      surveillance: 'public',
      operator: 'Polizei Berlin',
      'operator:type': 'government',
      manufacturer: 'HikVision',
      height: '5 m',
    },
  },
  {
    id: 102,
    lat: 52.5221,
    lon: 13.4139,
    tags: {
      man_made: 'surveillance',
      'surveillance:type': 'camera',
      'camera:type': 'dome',
      'camera:direction': '90-180',
      surveillance: 'outdoor',
      'surveillance:brand': 'Dahua Technology',
      'camera:mount': 'wall',
    },
  },
  {
    id: 103,
    lat: 52.5224,
    lon: 13.4125,
    tags: {
      man_made: 'surveillance',
      'surveillance:type': 'camera',
      direction: '270',
      brand: 'Axis',
      operator: 'Kaufhaus',
      'operator:type': 'private',
    },
  },
  {
    id: 104,
    lat: 52.5216,
    lon: 13.4145,
    tags: {
      man_made: 'surveillance',
      'surveillance:type': 'ALPR',
      'surveillance:zone': 'traffic',
      brand: 'Flock Safety',
      'camera:direction': 'S',
    },
  },
  {
    id: 105,
    lat: 52.5212,
    lon: 13.4128,
    tags: {
      man_made: 'surveillance',
      'surveillance:type': 'camera',
      'camera:direction': 'N;S',
      manufacturer: '海康威视',
    },
  },
  {
    id: 106,
    lat: 52.5227,
    lon: 13.4137,
    tags: { man_made: 'surveillance', 'camera:type': 'panning', brand: 'EZVIZ' },
  },
  {
    id: 107,
    lat: 52.523,
    lon: 13.412,
    tags: { man_made: 'surveillance', 'surveillance:type': 'camera', brand: 'Hik Vision' },
  },
  {
    id: 108,
    lat: 52.5209,
    lon: 13.4141,
    tags: { man_made: 'surveillance', 'surveillance:type': 'camera', brand: 'LTS' },
  },
  {
    id: 109,
    lat: 38.7223,
    lon: -9.1393,
    tags: { man_made: 'surveillance', 'surveillance:type': 'camera', manufacturer: 'Dahua' },
  },
  // A street lamp and the corners of a building whose surveillance is tagged on the outline.
  { id: 110, lat: 52.5218, lon: 13.413, tags: { highway: 'street_lamp' } },
  { id: 301, lat: 52.52, lon: 13.41, tags: {} },
  { id: 302, lat: 52.52, lon: 13.412, tags: {} },
  { id: 303, lat: 52.5202, lon: 13.412, tags: {} },
  { id: 304, lat: 52.5202, lon: 13.41, tags: {} },
];

/** The building with a camera tagged on its outline: centroid 52.5201, 13.411. */
export const fixtureWay = {
  id: 201,
  refs: [301, 302, 303, 304, 301],
  tags: { man_made: 'surveillance', 'surveillance:type': 'camera', manufacturer: 'Bosch' },
};

const esc = (s: string): string =>
  s.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('"', '&quot;');

function meta(i: number): string {
  const k = i % 2;
  return `version="${1 + k}" user="${esc(fixtureEditors.users[k] ?? '')}" uid="${fixtureEditors.uids[k] ?? ''}" changeset="${fixtureEditors.changesets[k] ?? ''}" timestamp="2025-0${1 + k}-01T00:00:00Z"`;
}

function tagLines(tags: Record<string, string>): string {
  return Object.entries(tags)
    .map(([k, v]) => `    <tag k="${esc(k)}" v="${esc(v)}"/>\n`)
    .join('');
}

/** The city as OSM XML with full metadata (as `osmium cat` writes it). */
export function fixtureOsmXml(): string {
  const nodes = fixtureNodes
    .map(
      (n, i) =>
        `  <node id="${n.id}" ${meta(i)} lat="${n.lat}" lon="${n.lon}">\n${tagLines(n.tags)}  </node>\n`,
    )
    .join('');
  const nds = fixtureWay.refs.map((r) => `    <nd ref="${r}"/>\n`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<osm version="0.6" generator="sousveil-test">\n${nodes}  <way id="${fixtureWay.id}" ${meta(0)}>\n${nds}${tagLines(fixtureWay.tags)}  </way>\n</osm>\n`;
}

/**
 * A change file: 108 loses its surveillance tag, 107 is deleted, 103 is retagged (a newer
 * version) and 111 is created.
 */
export function fixtureOsc(): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<osmChange version="0.6" generator="sousveil-test">
  <modify>
    <node id="108" version="3" ${meta(1).replace(/^version="\d+" /, '')} lat="52.5209" lon="13.4141">
      <tag k="highway" v="street_lamp"/>
    </node>
    <node id="103" version="5" user="${fixtureEditors.users[0]}" uid="${fixtureEditors.uids[0]}" changeset="${fixtureEditors.changesets[0]}" lat="52.5224" lon="13.4125">
      <tag k="man_made" v="surveillance"/>
      <tag k="surveillance:type" v="camera"/>
      <tag k="manufacturer" v="Dahua"/>
    </node>
  </modify>
  <delete>
    <node id="107" version="2" user="${fixtureEditors.users[1]}" uid="${fixtureEditors.uids[1]}" changeset="${fixtureEditors.changesets[1]}"/>
  </delete>
  <create>
    <node id="111" version="1" user="${fixtureEditors.users[1]}" uid="${fixtureEditors.uids[1]}" changeset="${fixtureEditors.changesets[1]}" lat="52.5233" lon="13.4151">
      <tag k="man_made" v="surveillance"/>
      <tag k="brand" v="Amcrest"/>
    </node>
  </create>
</osmChange>
`;
}

/** The tagged nodes as Overpass JSON with `out meta` (user names included, as Overpass gives them). */
export function fixtureOverpassJson(): string {
  const elements = fixtureNodes
    .filter((n) => n.tags.man_made === 'surveillance')
    .map((n, i) => ({
      type: 'node',
      id: n.id,
      lat: n.lat,
      lon: n.lon,
      version: 1,
      user: fixtureEditors.users[i % 2],
      uid: Number(fixtureEditors.uids[i % 2]),
      changeset: Number(fixtureEditors.changesets[i % 2]),
      tags: n.tags,
    }));
  elements.push({
    type: 'way',
    id: fixtureWay.id,
    center: { lat: 52.5201, lon: 13.411 },
    nodes: fixtureWay.refs,
    tags: fixtureWay.tags,
  } as never);
  return JSON.stringify({ version: 0.6, generator: 'Overpass API', osm3s: {}, elements }, null, 1);
}

/** The tagged nodes as an overpass-turbo GeoJSON export (flat properties, `@` metadata). */
export function fixtureGeoJson(): string {
  const features = fixtureNodes
    .filter((n) => n.tags.man_made === 'surveillance')
    .map((n, i) => ({
      type: 'Feature',
      id: `node/${n.id}`,
      properties: { '@id': `node/${n.id}`, '@user': fixtureEditors.users[i % 2], ...n.tags },
      geometry: { type: 'Point', coordinates: [n.lon, n.lat] },
    }));
  return JSON.stringify({ type: 'FeatureCollection', features });
}

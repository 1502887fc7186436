// Possible duplicates of a report (pure): the box to search around it, and distances in metres
// (equirectangular approximation: within a few hundred metres its error is far below the grid).

/** Metres per degree of latitude (mean Earth radius 6,371,008.8 m, IUGG). */
const metresPerDegree = (Math.PI * 6_371_008.8) / 180;

/** The box `radiusM` around a point, for a bounding-box query. */
export function boxAround(
  lat: number,
  lon: number,
  radiusM: number,
): { west: number; south: number; east: number; north: number } {
  const dLat = radiusM / metresPerDegree;
  const dLon = radiusM / (metresPerDegree * Math.max(0.01, Math.cos((lat * Math.PI) / 180)));
  return {
    west: Math.max(-180, lon - dLon),
    south: Math.max(-90, lat - dLat),
    east: Math.min(180, lon + dLon),
    north: Math.min(90, lat + dLat),
  };
}

/** The distance in metres between two nearby points. */
export function distanceM(
  a: { lat: number; lon: number },
  b: { lat: number; lon: number },
): number {
  const meanLat = (((a.lat + b.lat) / 2) * Math.PI) / 180;
  const x = (b.lon - a.lon) * Math.cos(meanLat) * metresPerDegree;
  const y = (b.lat - a.lat) * metresPerDegree;
  return Math.hypot(x, y);
}

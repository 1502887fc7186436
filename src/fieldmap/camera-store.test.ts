import { describe, expect, it } from 'vitest';
import type { Camera } from './camera.js';
import { cameraOfRecord, toCameraRecord } from './camera-store.js';

/** Every field set (Required), so a field the store would drop fails the round trip. */
const camera: Required<Camera> = {
  id: 'w45',
  osmType: 'way',
  osmId: 45,
  version: 3,
  lat: 44.8176,
  lon: 20.4569,
  type: 'camera',
  cameraType: 'dome',
  area: 'outdoor',
  zone: 'traffic',
  operator: 'City of Belgrade',
  operatorType: 'public',
  mount: 'pole',
  heightM: 6,
  directions: [90],
  viewAngle: 60,
  viewAngleDefault: false,
  brand: 'HikVision',
  manufacturer: 'Hikvision',
  model: 'DS-2CD2143G0-I',
  maker: {
    maker: 'hikvision',
    makerName: 'Hikvision',
    brand: 'hikvision',
    matched: 'HikVision',
    covered: true,
    status: 'named',
    coveredSince: '2019-08-13',
    sources: ['ndaa-889'],
  },
  country: 'Serbia',
  city: 'Beograd',
  tags: { man_made: 'surveillance', brand: 'HikVision', 'addr:city': 'Beograd' },
};

describe('camera-store', () => {
  it('stores a camera without what its columns hold, and reads it back whole', () => {
    const record = toCameraRecord(camera);
    expect(record).toMatchObject({ id: 'w45', version: 3, country: 'Serbia', city: 'Beograd' });
    const stored = JSON.stringify(record.data);
    for (const key of ['"id"', '"osmType"', '"osmId"', '"version"', '"lat"', '"lon"', '"type"'])
      expect(stored).not.toContain(key);
    expect(stored).not.toContain('"country"');
    expect(cameraOfRecord({ ...record, data: JSON.parse(stored) as unknown })).toEqual({
      ...camera,
      maker: { ...camera.maker, sources: [] },
      city: 'Beograd',
    });
  });

  it('reads a camera stored whole by an earlier version the same way', () => {
    const record = toCameraRecord(camera);
    const whole = { ...camera, maker: { ...camera.maker, sources: [] } };
    expect(cameraOfRecord({ ...record, data: whole })).toEqual(cameraOfRecord(record));
  });

  it('gives nodes and relations their OSM type and id from the record id', () => {
    for (const [id, osmType, osmId] of [
      ['n7', 'node', 7],
      ['r9001', 'relation', 9001],
    ] as const) {
      const c = cameraOfRecord(toCameraRecord({ ...camera, id, osmType, osmId }));
      expect(c).toMatchObject({ id, osmType, osmId });
    }
  });
});

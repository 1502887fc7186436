import { describe, expect, it } from 'vitest';
import { loadKb } from '../kb/index.js';
import { MakerResolver } from './maker.js';
import { isSurveillance, normalizeCamera } from './normalize.js';

const { kb } = await loadKb();
const makers = new MakerResolver(kb, '2026-11-28');
const camera = (tags: Record<string, string>) =>
  normalizeCamera({ osmType: 'node', osmId: 7, lat: 1, lon: 2, tags }, makers);

describe('maker resolution', () => {
  it.each([
    ['manufacturer', 'Hikvision', 'hikvision', undefined],
    ['manufacturer', 'HikVision', 'hikvision', undefined],
    ['manufacturer', 'Hik Vision', 'hikvision', undefined],
    ['manufacturer', 'HIK-VISION', 'hikvision', undefined],
    ['manufacturer', '海康威视', 'hikvision', undefined],
    ['brand', 'Hangzhou Hikvision Digital Technology Co., Ltd.', 'hikvision', undefined],
    ['manufacturer', 'Dahua Technology', 'dahua', undefined],
    ['surveillance:brand', 'dahua', 'dahua', undefined],
    ['brand', 'EZVIZ', 'ezviz', undefined],
    ['brand', 'LTS', 'hikvision', 'lts'],
    ['brand', 'Amcrest', 'dahua', 'amcrest'],
    ['brand', 'HiLook', 'hikvision', 'hilook'],
  ])('%s=%s -> maker %s', (key, value, maker, brand) => {
    const c = camera({ man_made: 'surveillance', [key]: value });
    expect(c.maker?.maker).toBe(maker);
    expect(c.maker?.brand).toBe(brand);
    expect(c.maker?.covered).toBe(true);
    expect(c.maker?.matched).toBe(value);
  });

  it('gives the covering rule date and its sources', () => {
    const c = camera({ man_made: 'surveillance', manufacturer: 'Hikvision' });
    expect(c.maker?.status).toBe('named');
    expect(c.maker?.coveredSince).toMatch(/^20\d\d/);
    expect(c.maker?.sources.length).toBeGreaterThan(0);
  });

  it('resolves a maker the rules do not reach, uncovered', () => {
    const c = camera({ man_made: 'surveillance', manufacturer: 'Axis Communications' });
    expect(c.maker).toMatchObject({ maker: 'axis', covered: false, status: 'not-covered' });
  });

  it('prefers the manufacturer to the brand, and reads `;` lists', () => {
    expect(camera({ brand: 'Axis', manufacturer: 'Dahua' }).maker?.maker).toBe('dahua');
    expect(camera({ manufacturer: 'Acme;Hikvision' }).maker?.maker).toBe('hikvision');
  });

  it('keeps an unknown brand as written, with no maker', () => {
    const c = camera({ brand: 'Flock Safety', model: 'Falcon' });
    expect(c.maker).toBeUndefined();
    expect(c.brand).toBe('Flock Safety');
    expect(c.model).toBe('Falcon');
  });

  it('does not match short names once spaces are gone', () => {
    expect(makers.vendorOf('H I K')).toBeUndefined();
    expect(makers.vendorOf('')).toBeUndefined();
  });
});

describe('normalizeCamera', () => {
  it('normalises every field and keeps the raw tags', () => {
    const tags = {
      man_made: 'surveillance',
      'surveillance:type': 'ANPR',
      'camera:type': 'dome;fixed',
      surveillance: 'public',
      'surveillance:zone': 'traffic',
      operator: ' City Police ',
      'operator:type': 'government',
      'camera:mount': 'wall/ceiling',
      height: '4,5 m',
      'camera:direction': 'NE',
      direction: '180',
      'surveillance:brand': 'LTS',
      manufacturer: 'Hik Vision',
      model: 'DS-2CD2143G0-I',
    };
    expect(
      normalizeCamera(
        { osmType: 'node', osmId: 42, lat: 48.1, lon: 11.5, version: 3, tags },
        makers,
      ),
    ).toMatchObject({
      id: 'n42',
      osmType: 'node',
      osmId: 42,
      version: 3,
      lat: 48.1,
      lon: 11.5,
      type: 'ALPR',
      cameraType: 'dome',
      area: 'public',
      zone: 'traffic',
      operator: 'City Police',
      operatorType: 'public',
      mount: 'wall',
      heightM: 4.5,
      directions: [45],
      viewAngle: 90,
      viewAngleDefault: true,
      brand: 'LTS',
      manufacturer: 'Hik Vision',
      model: 'DS-2CD2143G0-I',
      maker: { maker: 'hikvision', matched: 'Hik Vision', covered: true },
      tags,
    });
  });

  it('keeps its fields in one order (the stored JSON is compared as text on re-import)', () => {
    const tags = {
      man_made: 'surveillance',
      'camera:type': 'dome',
      surveillance: 'public',
      'surveillance:zone': 'traffic',
      operator: 'City',
      'operator:type': 'government',
      'camera:mount': 'wall',
      height: '4',
      brand: 'LTS',
      manufacturer: 'Hik Vision',
      model: 'X',
    };
    const full = normalizeCamera(
      { osmType: 'node', osmId: 42, lat: 48.1, lon: 11.5, version: 3, tags },
      makers,
    );
    expect(Object.keys(full)).toEqual([
      'id',
      'osmType',
      'osmId',
      'version',
      'lat',
      'lon',
      'type',
      'cameraType',
      'area',
      'zone',
      'operator',
      'operatorType',
      'mount',
      'heightM',
      'directions',
      'viewAngle',
      'viewAngleDefault',
      'brand',
      'manufacturer',
      'model',
      'maker',
      'tags',
    ]);
    expect(Object.keys(camera({ man_made: 'surveillance' }))).toEqual([
      'id',
      'osmType',
      'osmId',
      'lat',
      'lon',
      'type',
      'directions',
      'viewAngle',
      'viewAngleDefault',
      'tags',
    ]);
  });

  it.each([
    [{ direction: 'SW' }, [225], 60, true],
    [{ 'camera:direction': '90-180' }, [135], 90, false],
    [{ 'camera:direction': '0;90;180' }, [0, 90, 180], 60, true],
    [{ 'camera:type': 'panning' }, [], 360, true],
    [{ 'camera:type': 'fixed', 'camera:angle': '40' }, [], 40, false],
    [{ 'camera:fov': '75°' }, [], 75, false],
    [{ 'camera:angle': '-15' }, [], 60, true],
  ])('views of %j', (tags, directions, viewAngle, viewAngleDefault) => {
    expect(camera({ man_made: 'surveillance', ...tags })).toMatchObject({
      directions,
      viewAngle,
      viewAngleDefault,
    });
  });

  it('types an untyped camera as unknown and a way as w<id>', () => {
    const c = normalizeCamera(
      { osmType: 'way', osmId: 5, lat: 0, lon: 0, tags: { man_made: 'surveillance' } },
      makers,
    );
    expect(c).toMatchObject({ id: 'w5', type: 'unknown' });
    expect(c.operator).toBeUndefined();
  });

  it.each([
    [{ man_made: 'surveillance' }, true],
    [{ man_made: 'Surveillance ' }, true],
    [{ man_made: 'tower' }, false],
    [{ surveillance: 'public' }, false],
  ])('isSurveillance(%j)', (tags, expected) => {
    expect(isSurveillance(tags)).toBe(expected);
  });
});

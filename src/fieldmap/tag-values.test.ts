import { describe, expect, it } from 'vitest';
import {
  parseBearing,
  parseCameraType,
  parseDirections,
  parseHeightM,
  parseMount,
  parseOperatorType,
  parseSurveillanceArea,
  parseSurveillanceType,
  parseZone,
} from './tag-values.js';

describe('parseDirections', () => {
  it.each([
    ['90', [{ direction: 90 }]],
    ['0', [{ direction: 0 }]],
    ['360', [{ direction: 0 }]],
    ['-90', [{ direction: 270 }]],
    ['45.5', [{ direction: 45.5 }]],
    ['45,5', [{ direction: 45.5 }]],
    ['45°', [{ direction: 45 }]],
    ['N', [{ direction: 0 }]],
    ['NE', [{ direction: 45 }]],
    ['ne', [{ direction: 45 }]],
    ['NNW', [{ direction: 337.5 }]],
    ['WSW', [{ direction: 247.5 }]],
    ['north', [{ direction: 0 }]],
    ['South West', [{ direction: 225 }]],
    ['90-180', [{ direction: 135, spanDegrees: 90 }]],
    ['315-45', [{ direction: 0, spanDegrees: 90 }]],
    ['NE-SE', [{ direction: 90, spanDegrees: 90 }]],
    ['-90-0', [{ direction: 315, spanDegrees: 90 }]],
    ['45;135', [{ direction: 45 }, { direction: 135 }]],
    [' 45 ; ; S ', [{ direction: 45 }, { direction: 180 }]],
    ['10;bogus;20', [{ direction: 10 }, { direction: 20 }]],
    ['up', []],
    ['', []],
  ])('%j', (value, expected) => {
    expect(parseDirections(value)).toEqual(expected);
  });

  it('reads every compass point 22.5° apart', () => {
    const points = 'N NNE NE ENE E ESE SE SSE S SSW SW WSW W WNW NW NNW'.split(' ');
    expect(points.map((p) => parseBearing(p))).toEqual(points.map((_, i) => i * 22.5));
  });
});

describe('parseHeightM', () => {
  it.each([
    ['5', 5],
    ['5 m', 5],
    ['5m', 5],
    ['3,5', 3.5],
    ['2.75 metres', 2.75],
    ['10 ft', 3.05],
    ["10'", 3.05],
    ['-3', undefined],
    ['tall', undefined],
    ['5000', undefined],
  ])('%j -> %j', (value, expected) => {
    expect(parseHeightM(value)).toBe(expected);
  });
});

describe('enumerated tags', () => {
  it.each([
    ['camera', 'camera'],
    ['ALPR', 'ALPR'],
    ['alpr', 'ALPR'],
    ['ANPR', 'ALPR'],
    ['guard', 'guard'],
    ['gunshot_detector', 'gunshot_detector'],
    ['webcam', 'other'],
    ['', undefined],
    [undefined, undefined],
  ])('surveillance:type %j -> %j', (value, expected) => {
    expect(parseSurveillanceType(value)).toBe(expected);
  });

  it.each([
    ['fixed', 'fixed'],
    ['Dome', 'dome'],
    ['panning', 'panning'],
    ['PTZ', 'panning'],
    ['360', 'panning'],
    ['dome;fixed', 'dome'],
    ['bullet', undefined],
  ])('camera:type %j -> %j', (value, expected) => {
    expect(parseCameraType(value)).toBe(expected);
  });

  it.each([
    ['public', 'public'],
    ['outdoor', 'outdoor'],
    ['indoor', 'indoor'],
    ['camera', undefined],
    ['fake', undefined],
    ['red_light', undefined],
  ])('surveillance %j -> %j', (value, expected) => {
    expect(parseSurveillanceArea(value)).toBe(expected);
  });

  it.each([
    ['traffic', 'traffic'],
    ['Parking', 'parking'],
    ['town', 'town'],
    ['area', undefined],
    ['Station', undefined],
  ])('surveillance:zone %j -> %j', (value, expected) => {
    expect(parseZone(value)).toBe(expected);
  });

  it.each([
    ['wall', 'wall'],
    ['pole', 'pole'],
    ['street lamp', 'street_lamp'],
    ['wall/ceiling', 'wall'],
    ['dome', undefined],
    ['doorbell', undefined],
  ])('camera:mount %j -> %j', (value, expected) => {
    expect(parseMount(value)).toBe(expected);
  });

  it.each([
    ['government', 'public'],
    ['public', 'public'],
    ['police', 'public'],
    ['private', 'private'],
    ['business', 'private'],
    ['community', 'community'],
    ['religious', 'community'],
    ['unknown', undefined],
    [undefined, undefined],
  ])('operator:type %j -> %j', (value, expected) => {
    expect(parseOperatorType(value)).toBe(expected);
  });
});

// Accepted reports as GeoJSON and CSV: the contract's fields, the maker the kb finds behind the
// written brand, CSV quoting that survives any text, and never the note.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExportedReport } from '../contract/index.js';
import { MakerResolver } from '../fieldmap/index.js';
import { testKb } from '../kb/test-kb.js';
import { parseCsv, restoreCell } from '../shared/csv.js';
import type { StoredReport } from '../store/index.js';
import { exportedReport, reportCsvColumns, reportsCsv, reportsGeoJson } from './export-rows.js';

const makers = new MakerResolver(testKb(), '2026-11-30');

const report = (over: Partial<StoredReport['fields']> = {}, id = 'r1'): StoredReport => ({
  id,
  day: '2026-11-30',
  lat: 44.81705,
  lon: 20.45715,
  status: 'accepted',
  fields: { type: 'camera', note: 'I live at no. 5, call me', ...over },
});

describe('exportedReport', () => {
  it('resolves the written brand to its maker as the street map does (a brand names its maker)', () => {
    const e = exportedReport(
      report({ brand: 'Rebrand', cameraType: 'dome', direction: 90 }),
      makers,
    );
    expect(ExportedReport.parse(e)).toEqual(e);
    expect(e).toMatchObject({
      brand: 'Rebrand',
      maker: 'maker',
      makerName: 'Maker',
      covered: true,
    });
    expect(exportedReport(report({ brand: 'Unknown Co' }), makers)).toMatchObject({
      maker: null,
      covered: false,
      coverage: 'unknown',
    });
  });
});

describe('reportsGeoJson', () => {
  it('writes an RFC 7946 FeatureCollection ([lon, lat]) without the note', () => {
    const text = reportsGeoJson([exportedReport(report({ brand: 'MK', model: 'X1' }), makers)]);
    expect(text).not.toContain('no. 5');
    const doc = JSON.parse(text) as {
      type: string;
      features: { geometry: { coordinates: number[] }; properties: Record<string, unknown> }[];
    };
    expect(doc.type).toBe('FeatureCollection');
    expect(doc.features[0]?.geometry.coordinates).toEqual([20.45715, 44.81705]);
    expect(doc.features[0]?.properties).toMatchObject({
      model: 'X1',
      maker: 'maker',
      day: '2026-11-30',
    });
    expect(JSON.parse(reportsGeoJson([]))).toMatchObject({ features: [] });
  });
});

describe('reportsCsv', () => {
  it('quotes commas, quotes and line breaks, and makes formulas inert', () => {
    const csv = reportsCsv([
      exportedReport(
        report({ brand: 'A, "B"', operatorSign: 'line one\nline two', model: '=HYPERLINK("x")' }),
        makers,
      ),
    ]);
    const { records, problems } = parseCsv(csv, ',');
    expect(problems).toEqual([]);
    expect(records[0]?.fields).toEqual([...reportCsvColumns]);
    const row = Object.fromEntries(reportCsvColumns.map((c, i) => [c, records[1]?.fields[i]]));
    expect(row).toMatchObject({
      brand: 'A, "B"',
      operator: 'line one\nline two',
      model: `'=HYPERLINK("x")`,
      lat: '44.81705',
      has_photo: 'false',
    });
    expect(csv).not.toContain('no. 5');
  });

  it('reads back every text field unchanged, whatever it holds', () => {
    // Text already starting with `'=` reads back without its quote: the shared inert-cell rule.
    const text = fc.string({ maxLength: 60 }).filter((s) => !/^'+[=+\-@\t\r]/.test(s));
    fc.assert(
      fc.property(text, text, (brand, op) => {
        const csv = reportsCsv([exportedReport(report({ brand, operatorSign: op }), makers)]);
        const fields = parseCsv(csv, ',').records[1]?.fields ?? [];
        expect(restoreCell(fields[reportCsvColumns.indexOf('brand')] ?? '')).toBe(brand);
        expect(restoreCell(fields[reportCsvColumns.indexOf('operator')] ?? '')).toBe(op);
      }),
      { numRuns: 300 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ParseError } from '../../shared/errors.js';
import { parseCsvInventory, resolveColumns } from './csv-inventory.js';

const inventory = [
  'IP Address,MAC Address,Name,Manufacturer,Model,Firmware Version,Location',
  '192.0.2.64,44-19-B6-01-02-03,cam-entrance,Hikvision,DS-2CD2143G0-I,V5.5.82,"Lobby, north"',
  '192.0.2.108,3c:ef:8c:0a:0b:0c,,Dahua,"IPC-HFW2228M",,',
  ',,lobby-axis.example.net,Axis,,,',
  '192.0.2.999,00:40:8c:11:22:33,,,,,',
  '192.0.2.70,not-a-mac,,,,,',
  ',,,Acme,,,',
  ',,,,,,',
].join('\r\n');

describe('parseCsvInventory', () => {
  const r = parseCsvInventory(inventory);

  it('guesses the columns and keeps good rows', () => {
    expect(r.hosts).toEqual([
      {
        address: '192.0.2.64',
        observations: [
          {
            kind: 'inventory',
            source: 'csv-inventory',
            maker: 'Hikvision',
            model: 'DS-2CD2143G0-I',
            firmware: 'V5.5.82',
          },
          { kind: 'hostname', source: 'csv-inventory', name: 'cam-entrance' },
          { kind: 'mac', source: 'csv-inventory', mac: '44:19:b6:01:02:03' },
        ],
      },
      {
        address: '192.0.2.108',
        observations: [
          { kind: 'inventory', source: 'csv-inventory', maker: 'Dahua', model: 'IPC-HFW2228M' },
          { kind: 'mac', source: 'csv-inventory', mac: '3c:ef:8c:0a:0b:0c' },
        ],
      },
      {
        address: 'lobby-axis.example.net',
        observations: [
          { kind: 'inventory', source: 'csv-inventory', maker: 'Axis' },
          { kind: 'hostname', source: 'csv-inventory', name: 'lobby-axis.example.net' },
        ],
      },
    ]);
  });

  it('reports bad rows by row, column and reason', () => {
    expect(r.rows.filter((x) => !x.ok)).toEqual([
      {
        ok: false,
        issues: [{ row: 5, column: 'IP Address', reason: 'not an IP address or host name' }],
      },
      {
        ok: false,
        issues: [{ row: 6, column: 'MAC Address', reason: 'not a unicast MAC address' }],
      },
      {
        ok: false,
        issues: [{ row: 7, column: 'Name', reason: 'no address and no usable host name' }],
      },
    ]);
    expect(r.skipped.map((s) => s.position)).toEqual([
      'row 5, column IP Address',
      'row 6, column MAC Address',
      'row 7, column Name',
    ]);
  });

  it('uses the columns the user names, semicolons too', () => {
    const text = 'Adresse;Hersteller;Typ\n198.51.100.7;Dahua;IPC-X\n';
    const m = parseCsvInventory(text, {
      mapping: { address: 'adresse', maker: 'Hersteller', model: 'Typ' },
    });
    expect(m.hosts).toEqual([
      {
        address: '198.51.100.7',
        observations: [
          { kind: 'inventory', source: 'csv-inventory', maker: 'Dahua', model: 'IPC-X' },
        ],
      },
    ]);
  });

  it.each([
    [['Location', 'Notes'], {}],
    [['ip', 'mac'], { maker: 'Vendor' }],
  ])('refuses an unmappable header %j', (header, mapping) => {
    expect(() => resolveColumns(header, mapping)).toThrow(ParseError);
  });

  it('does not give two facts the same column', () => {
    expect(resolveColumns(['host', 'version'], {})).toEqual({ hostname: 0, firmware: 1 });
  });

  it('throws nothing but ParseError on hostile input', () => {
    const csvish = fc
      .array(
        fc.constantFrom(
          'ip',
          'mac',
          'name',
          ',',
          ';',
          '"',
          '\n',
          '\r\n',
          '192.0.2.1',
          '44:19:b6:01:02:03',
          'x',
        ),
        { maxLength: 200 },
      )
      .map((p) => p.join(''));
    fc.assert(
      fc.property(fc.oneof(csvish, fc.string({ unit: 'binary', maxLength: 1000 })), (text) => {
        try {
          parseCsvInventory(text);
        } catch (e) {
          expect(e).toBeInstanceOf(ParseError);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseNeighbours } from './neighbours.js';

describe('parseNeighbours', () => {
  it.each([
    ['192.0.2.64 dev eth0 lladdr 44:19:b6:01:02:03 REACHABLE', 'ip-neigh', '192.0.2.64'],
    [
      'fe80::4619:b6ff:fe01:203 dev eth0 lladdr 44:19:b6:01:02:03 router STALE',
      'ip-neigh',
      'fe80::4619:b6ff:fe01:203',
    ],
    ['? (192.0.2.64) at 44:19:b6:01:02:03 [ether] on eth0', 'arp-an', '192.0.2.64'],
    ['? (192.0.2.64) at 44:19:b6:1:2:3 on en0 ifscope [ethernet]', 'arp-an', '192.0.2.64'],
    ['  192.0.2.64            44-19-b6-01-02-03     dynamic', 'arp-windows', '192.0.2.64'],
    [
      '192.0.2.64       0x1         0x2         44:19:b6:01:02:03     *        eth0',
      'proc-arp',
      '192.0.2.64',
    ],
  ])('reads %j', (line, source, address) => {
    expect(parseNeighbours(line)).toEqual({
      hosts: [{ address, observations: [{ kind: 'mac', source, mac: '44:19:b6:01:02:03' }] }],
      skipped: [],
    });
  });

  it('keeps the name arp -an shows', () => {
    expect(
      parseNeighbours('cam1.example.net (192.0.2.64) at 44:19:b6:01:02:03 [ether] on eth0').hosts[0]
        ?.observations,
    ).toContainEqual({ kind: 'hostname', source: 'arp-an', name: 'cam1.example.net' });
  });

  it('ignores headers, unresolved, broadcast and multicast entries', () => {
    const windows = `
Interface: 192.0.2.10 --- 0xb
  Internet Address      Physical Address      Type
  192.0.2.64            44-19-b6-01-02-03     dynamic
  192.0.2.255           ff-ff-ff-ff-ff-ff     static
  224.0.0.22            01-00-5e-00-00-16     static
192.0.2.9 dev eth0 FAILED
? (192.0.2.8) at (incomplete) on eth0
IP address       HW type     Flags       HW address            Mask     Device
192.0.2.7        0x1         0x0         00:00:00:00:00:00     *        eth0
what is this
192.0.2.999 dev eth0 lladdr 44:19:b6:01:02:03 REACHABLE
`;
    const r = parseNeighbours(windows);
    expect(r.hosts.map((h) => h.address)).toEqual(['192.0.2.64']);
    expect(r.skipped).toEqual([
      { position: 'line 11', reason: 'not a neighbour table entry' },
      { position: 'line 12', reason: 'not an IP address' },
    ]);
  });

  it('never throws and stays fast', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 1000 }), (t) => void parseNeighbours(t)),
    );
    parseNeighbours('? ('.repeat(200_000));
    parseNeighbours('a dev '.repeat(200_000));
  });
});

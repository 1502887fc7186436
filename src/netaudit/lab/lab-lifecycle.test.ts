import { createSocket } from 'node:dgram';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../shared/errors.js';
import { highPortMap, startLab } from './lab-server.js';
import { tcpExchange } from './lab-test-clients.js';

// Starting, refusing and closing labs on 127.77.3-5.x and 127.78.0.0/16.
const portMap = process.getuid?.() === 0 ? {} : highPortMap;

describe('startLab lifecycle', () => {
  it('refuses bases outside 127.0.0.0/8, unknown profiles and bad counts', async () => {
    for (const base of ['10.0.0.0/24', '192.168.1.0/24', '0.0.0.0/0', '127.0.0.0/4', 'localhost'])
      await expect(startLab({ base })).rejects.toThrow(UserError);
    await expect(startLab({ base: '127.77.3.0/24', profiles: ['nope'] })).rejects.toThrow(
      /unknown lab profile/,
    );
    await expect(startLab({ base: '127.77.3.0/30', devices: 5 })).rejects.toThrow(UserError);
  });

  it('is deterministic for a seed, and close() frees every port', async () => {
    // The high-port map, root or not: it is what a user who is not root runs.
    const options = {
      base: '127.77.4.0/24',
      seed: 9,
      ports: highPortMap,
      profiles: ['hikvision-camera', 'dahua-camera', 'generic-web'],
      devices: 6,
    };
    const first = await startLab(options);
    const truth = first.groundTruth();
    expect(truth.devices.map((d) => d.profile).sort()).toEqual([
      'dahua-camera',
      'dahua-camera',
      'generic-web',
      'generic-web',
      'hikvision-camera',
      'hikvision-camera',
    ]);
    expect(truth.devices.find((d) => d.profile === 'hikvision-camera')?.ports).toEqual({
      '80': 8080,
      '554': 8554,
      '8000': 8000,
      '37020': 37020,
      '3702': 3702,
    });
    await first.close();
    await first.close();
    for (const d of truth.devices) {
      for (const p of d.tcp) {
        const s = createServer();
        await new Promise<void>((resolve, reject) =>
          s.once('error', reject).listen(p, d.address, resolve),
        );
        await new Promise((r) => s.close(r));
      }
      for (const p of d.udp) {
        const s = createSocket('udp4');
        await new Promise<void>((resolve, reject) =>
          s.once('error', reject).bind(p, d.address, resolve),
        );
        await new Promise<void>((r) => s.close(r));
      }
    }
    const second = await startLab(options);
    expect(second.groundTruth()).toEqual(truth);
    await second.close();
  });

  it('reports a port already taken as a UserError and leaves nothing bound', async () => {
    const blocker = createServer();
    const p = portMap['80'] ?? 80;
    await new Promise<void>((r) => blocker.listen(p, '127.77.5.1', r));
    await expect(
      startLab({ base: '127.77.5.1/32', ports: portMap, profiles: ['hikvision-camera'] }),
    ).rejects.toThrow(/already in use/);
    await new Promise((r) => blocker.close(r));
    const again = await startLab({
      base: '127.77.5.1/32',
      ports: portMap,
      profiles: ['hikvision-camera'],
    });
    await again.close();
  });

  it('runs a few hundred devices', async () => {
    const big = await startLab({ base: '127.78.0.0/16', devices: 300, seed: 3, ports: portMap });
    try {
      expect(new Set(big.devices.map((d) => d.address)).size).toBe(300);
      const hik = big.devices.find((d) => d.profile === 'hikvision-camera')!;
      const sdk = await tcpExchange(hik.address, hik.ports['8000'] ?? 8000, {
        timeoutMs: 1000,
        maxBytes: 16,
      });
      expect(sdk.data.length).toBe(16);
    } finally {
      await big.close();
    }
  });
});

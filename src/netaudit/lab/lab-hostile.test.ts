import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { highPortMap, startLab, type Lab, type LabDevice } from './lab-server.js';
import { splitReply, tcpExchange, udpExchange } from './lab-test-clients.js';

// Misbehaving devices on 127.77.2.0/24: each must behave as described, with short client timeouts.
const portMap = process.getuid?.() === 0 ? {} : highPortMap;
const sadpProbe =
  '<?xml version="1.0" encoding="utf-8"?><Probe><Uuid>A</Uuid><Types>inquiry</Types></Probe>';
const httpGet = 'GET / HTTP/1.0\r\nHost: x\r\n\r\n';

let lab: Lab;
const device = (profile: string): LabDevice => {
  const d = lab.devices.find((x) => x.profile === profile);
  if (d === undefined) throw new Error(`no ${profile} in the lab`);
  return d;
};
const port = (d: LabDevice, nominal: number): number => d.ports[String(nominal)] ?? nominal;

beforeAll(async () => {
  lab = await startLab({
    base: '127.77.2.0/24',
    seed: 5,
    ports: portMap,
    profiles: [
      'slowloris',
      'endless-headers',
      'huge-header',
      'garbage',
      'thousand-headers',
      'billion-laughs',
      'broken-tls',
      'reset',
      'trickle',
    ],
  });
});
afterAll(() => lab.close());

describe.concurrent('misbehaving devices', () => {
  it('slowloris accepts and never sends', async () => {
    const d = device('slowloris');
    for (const p of [80, 554, 8000, 443]) {
      const r = await tcpExchange(d.address, port(d, p), { send: httpGet, timeoutMs: 200 });
      expect(r).toMatchObject({ ended: false });
      expect(r.data.length).toBe(0);
    }
  });

  it('endless-headers sends header lines without end', async () => {
    const d = device('endless-headers');
    const r = await tcpExchange(d.address, port(d, 80), {
      send: httpGet,
      timeoutMs: 2000,
      maxBytes: 512 * 1024,
    });
    expect(r.data.length).toBeGreaterThanOrEqual(512 * 1024);
    expect(r.data.subarray(0, 17).toString()).toBe('HTTP/1.1 200 OK\r\n');
    expect(r.data.includes('\r\n\r\n')).toBe(false);
  });

  it('huge-header streams one multi-megabyte line', async () => {
    const d = device('huge-header');
    const r = await tcpExchange(d.address, port(d, 554), {
      send: 'OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n',
      timeoutMs: 2000,
      maxBytes: 1024 * 1024,
    });
    const text = r.data.toString('latin1');
    expect(text.startsWith('RTSP/1.0 200 OK\r\nCSeq: 1\r\nServer: AAAA')).toBe(true);
    expect(text.length).toBeGreaterThanOrEqual(1024 * 1024);
    expect(text.indexOf('\r\n', 'RTSP/1.0 200 OK\r\nCSeq: 1\r\nServer: '.length)).toBe(-1);
  });

  it('garbage sends random bytes on TCP and UDP', async () => {
    const d = device('garbage');
    for (const p of [80, 8000, 443]) {
      const r = await tcpExchange(d.address, port(d, p), { timeoutMs: 1000, maxBytes: 64 * 1024 });
      expect(r.data.length).toBeGreaterThanOrEqual(64 * 1024);
    }
    for (const p of [37020, 37810, 5050, 3702])
      expect((await udpExchange(d.address, p, sadpProbe))?.length).toBeGreaterThan(0);
  });

  it('thousand-headers answers with 10,000 headers', async () => {
    const d = device('thousand-headers');
    const r = await tcpExchange(d.address, port(d, 80), { send: httpGet, timeoutMs: 2000 });
    const { lines, body } = splitReply(r.data);
    expect(lines.filter((l) => l.startsWith('X-H')).length).toBe(10_000);
    expect(body.toString()).toBe('ok');
  });

  it('billion-laughs answers HTTP and SADP with a small entity bomb', async () => {
    const d = device('billion-laughs');
    const sadp = (await udpExchange(d.address, 37020, sadpProbe))?.toString() ?? '';
    expect(sadp).toContain('<!ENTITY lol9');
    expect(sadp).toContain('<ProbeMatch>');
    expect(sadp.length).toBeLessThan(4096);
    const http = await tcpExchange(d.address, port(d, 80), { send: httpGet, timeoutMs: 1000 });
    expect(http.data.toString()).toContain('<!DOCTYPE DeviceInfo [');
  });

  it('broken-tls answers a ClientHello with something that is not TLS', async () => {
    const d = device('broken-tls');
    const outcome = await new Promise<string>((resolve) => {
      const s = tlsConnect({
        host: d.address,
        port: port(d, 443),
        rejectUnauthorized: false,
        servername: 'camera.test',
      });
      const t = setTimeout(() => resolve('timeout'), 1500);
      s.on('secureConnect', () => resolve('handshake'));
      s.on('error', (e: NodeJS.ErrnoException) => {
        clearTimeout(t);
        s.destroy();
        resolve(e.code ?? 'error');
      });
    });
    expect(outcome).not.toBe('handshake');
    expect(outcome).not.toBe('timeout');
  });

  it('reset accepts, then resets', async () => {
    const d = device('reset');
    const r = await tcpExchange(d.address, port(d, 80), { send: httpGet, timeoutMs: 1000 });
    expect(r).toMatchObject({ ended: true, error: 'ECONNRESET' });
    expect(r.data.length).toBe(0);
  });

  it('trickle sends about one byte per second', async () => {
    const d = device('trickle');
    const r = await tcpExchange(d.address, port(d, 8000), { timeoutMs: 1300 });
    expect(r.data.length).toBeGreaterThanOrEqual(1);
    expect(r.data.length).toBeLessThanOrEqual(3);
    expect(r.data.toString()).toBe('HTTP/1.1 200 OK'.slice(0, r.data.length));
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildDhipSearch, parseDhipReply } from '../parse/dhip.js';
import { buildDvripSearch, parseDvripReply } from '../parse/dvrip.js';
import { parseSadpReply } from '../parse/sadp.js';
import { formatLabTable } from './lab-cli.js';
import { highPortMap, startLab, type Lab, type LabDevice } from './lab-server.js';
import { scopesOf, splitReply, tcpExchange, udpExchange } from './lab-test-clients.js';

// Real sockets on 127.77.1.0/24. Root binds the real ports; anyone else gets 80->8080 etc.
const isRoot = process.getuid?.() === 0;
const portMap = isRoot ? {} : highPortMap;
const sadpProbe =
  '<?xml version="1.0" encoding="utf-8"?><Probe><Uuid>1B0C8E0A-5B3E-4C1D-9C7F-0A1B2C3D4E5F</Uuid><Types>inquiry</Types></Probe>';
const wsdProbe =
  '<?xml version="1.0" encoding="UTF-8"?><s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:d="http://schemas.xmlsoap.org/ws/2005/04/discovery"><s:Header><a:MessageID>urn:uuid:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0</a:MessageID></s:Header><s:Body><d:Probe><d:Types>dn:NetworkVideoTransmitter</d:Types></d:Probe></s:Body></s:Envelope>';

let lab: Lab;
const device = (profile: string): LabDevice => {
  const d = lab.devices.find((x) => x.profile === profile);
  if (d === undefined) throw new Error(`no ${profile} in the lab`);
  return d;
};
const port = (d: LabDevice, nominal: number): number => d.ports[String(nominal)] ?? nominal;
const get = (d: LabDevice, path: string) =>
  tcpExchange(d.address, port(d, 80), {
    send: `GET ${path} HTTP/1.0\r\nHost: x\r\n\r\n`,
    timeoutMs: 1000,
  });
const rtsp = (d: LabDevice, method = 'OPTIONS') =>
  tcpExchange(d.address, port(d, 554), {
    send: `${method} rtsp://${d.address}/ RTSP/1.0\r\nCSeq: 7\r\n\r\n`,
    timeoutMs: 1000,
    until: (b) => b.includes('\r\n\r\n'),
  });
const head = (lines: string[], name: string): string | undefined =>
  lines
    .find((l) => l.toLowerCase().startsWith(`${name.toLowerCase()}:`))
    ?.replace(/^[^:]+:\s*/, '');

beforeAll(async () => {
  lab = await startLab({
    base: '127.77.1.0/24',
    seed: 42,
    ports: portMap,
    profiles: [
      'hikvision-camera',
      'hikvision-camera-patched',
      'hikvision-nvr',
      'lts-camera',
      'dahua-camera',
      'dahua-nvr',
      'amcrest-camera',
      'uniview-camera',
      'axis-camera',
      'generic-web',
      'generic-rtsp',
    ],
  });
});
afterAll(() => lab.close());

describe('Hikvision profiles', () => {
  it('camera: App-webs/ redirect page, Digest realm on ISAPI, favicon, RTSP 401, SDK bytes', async () => {
    const d = device('hikvision-camera');
    const root = splitReply((await get(d, '/')).data);
    expect(root.lines[0]).toBe('HTTP/1.1 200 OK');
    expect(head(root.lines, 'Server')).toBe('App-webs/');
    expect(root.body.toString()).toContain('/doc/page/login.asp');
    const isapi = splitReply((await get(d, '/ISAPI/System/deviceInfo')).data);
    expect(isapi.lines[0]).toBe('HTTP/1.1 401 Unauthorized');
    expect(head(isapi.lines, 'WWW-Authenticate')).toMatch(
      /^Digest qop="auth", realm="IP Camera\([A-Z0-9]{5}\)", nonce="/,
    );
    const icon = splitReply((await get(d, '/favicon.ico')).data);
    expect(head(icon.lines, 'Content-Type')).toBe('image/x-icon');
    expect(icon.body.length).toBe(198);
    const r = splitReply((await rtsp(d)).data);
    expect(r.lines[0]).toBe('RTSP/1.0 401 Unauthorized');
    expect(head(r.lines, 'CSeq')).toBe('7');
    expect(head(r.lines, 'WWW-Authenticate')).toMatch(/^Digest realm="Hikvision"/);
    const started = Date.now();
    const sdk = await tcpExchange(d.address, port(d, 8000), { timeoutMs: 1000, maxBytes: 16 });
    expect(sdk.data.toString('hex')).toBe('000000100000001e0000001e00000000');
    expect(Date.now() - started).toBeLessThan(500);
  });

  it('SADP and WS-Discovery replies parse with netaudit parsers', async () => {
    const cases = [
      ['hikvision-camera', 'V5.5.82build 190910', 'DS-2CD2143G0-I', 'HIKVISION%20DS-2CD2143G0-I'],
      [
        'hikvision-camera-patched',
        'V5.5.800build 210628',
        'DS-2CD2143G0-I',
        'HIKVISION%20DS-2CD2143G0-I',
      ],
      ['hikvision-nvr', 'V4.61.005 build 230412', 'DS-7608NI-K2', 'HIKVISION%20DS-7608NI-K2'],
      ['lts-camera', 'V5.5.82build 190910', 'DS-2CD2143G0-I', 'LTS'],
    ] as const;
    for (const [profile, firmware, model, name] of cases) {
      const d = device(profile);
      const reply = await udpExchange(d.address, port(d, 37020), sadpProbe);
      expect(reply?.toString()).toContain('<Uuid>1B0C8E0A-5B3E-4C1D-9C7F-0A1B2C3D4E5F</Uuid>');
      const sadp = parseSadpReply(reply!);
      expect(sadp).toMatchObject({ model, firmware, mac: d.mac.replace(/:/g, '-') });
      expect(sadp.serial).toMatch(new RegExp(`^${model}20\\d{6}[A-Z]`));
      const scopes = scopesOf(await udpExchange(d.address, port(d, 3702), wsdProbe));
      expect(scopes).toContain(`onvif://www.onvif.org/hardware/${model}`);
      expect(scopes).toContain(`onvif://www.onvif.org/name/${name}`);
    }
    const lts = device('lts-camera');
    expect(lts.mac).toMatch(/^14:2f:fd:/);
    const ltsSadp = parseSadpReply((await udpExchange(lts.address, port(lts, 37020), sadpProbe))!);
    expect(ltsSadp.oem).toBe('LTS');
    expect((await get(lts, '/')).data.toString()).toContain('<title>LTS</title>');
    expect(head(splitReply((await get(device('hikvision-nvr'), '/')).data).lines, 'Server')).toBe(
      'DNVRS-Webs',
    );
  });

  it('ignores SADP verbs other than inquiry', async () => {
    const d = device('hikvision-camera');
    const update = sadpProbe.replace('inquiry', 'update');
    expect(await udpExchange(d.address, port(d, 37020), update, 200)).toBeUndefined();
  });
});

describe('Dahua profiles', () => {
  it('camera: no Server, upper-case headers, BOM + XHTML, WEB SERVICE; RTSP; 37777 open', async () => {
    const d = device('dahua-camera');
    const page = splitReply((await get(d, '/')).data);
    expect(head(page.lines, 'Server')).toBeUndefined();
    expect(page.lines).toContain('CONNECTION: close');
    expect(page.lines).toContain('CACHE-CONTROL: max-age=0');
    expect(page.lines.some((l) => /^CONTENT-LENGTH: \d+$/.test(l))).toBe(true);
    expect(head(page.lines, 'ETag')).toMatch(/^"\d+:[a-f\d]+"$/);
    expect(page.body.subarray(0, 3).toString('hex')).toBe('efbbbf');
    const body = page.body.toString('utf8');
    expect(body).toMatch(/^\uFEFF<!DOCTYPE html PUBLIC "-\/\/W3C\/\/DTD XHTML/);
    for (const marker of [
      '<title>WEB SERVICE</title>',
      'ui-dialog-content',
      'jsBase/lib/jquery.js?version=@WebVersion@',
    ])
      expect(body).toContain(marker);
    const r = splitReply((await rtsp(d, 'DESCRIBE')).data);
    expect(r.lines[0]).toBe('RTSP/1.0 401 Unauthorized');
    expect(head(r.lines, 'Server')).toBe('Dahua Rtsp Server');
    expect(head(r.lines, 'WWW-Authenticate')).toBe('Basic realm="device"');
    const dvrip = await tcpExchange(d.address, port(d, 37777), { timeoutMs: 150 });
    expect(dvrip).toMatchObject({ ended: false });
    expect(dvrip.data.length).toBe(0);
  });

  it('DHIP and WS-Discovery replies carry model, firmware, vendor and MAC', async () => {
    const cases = [
      ['dahua-camera', 'IPC-HDW5431R-ZE', '2.800.0000000.16.R.200422', 'Dahua', /^3c:ef:8c:/],
      ['dahua-nvr', 'NVR4108HS-4KS2', '4.001.0000000.5.R.230615', 'General', /^e0:50:8b:/],
      ['amcrest-camera', 'IP4M-1041B', '2.800.00AC006.0.R.211224', 'Amcrest', /^9c:8e:cd:/],
    ] as const;
    for (const [profile, model, firmware, manufacturer, mac] of cases) {
      const d = device(profile);
      const reply = await udpExchange(d.address, port(d, 37810), buildDhipSearch());
      expect(reply?.readUInt32LE(0)).toBe(0x20);
      expect(reply?.subarray(4, 8).toString()).toBe('DHIP');
      const json = JSON.parse(reply!.subarray(32).toString()) as { method: string; mac: string };
      expect(json).toMatchObject({ method: 'client.notifyDevInfo', mac: d.mac });
      expect(parseDhipReply(reply!)).toMatchObject({
        model,
        firmware,
        manufacturer,
        serial: d.serial,
      });
      expect(d.mac).toMatch(mac);
      const scopes = scopesOf(await udpExchange(d.address, port(d, 3702), wsdProbe));
      expect(scopes).toContain('onvif://www.onvif.org/location/country/china');
      expect(scopes).toContain(`onvif://www.onvif.org/hardware/${model}`);
    }
  });

  it('DVRIP discovery on UDP 5050 carries model, serial, MAC and the configured ports', async () => {
    const cases = [
      ['dahua-camera', 'IPC-HDW5431R-ZE', 'IPC', '2.800.0.16'],
      ['dahua-nvr', 'NVR4108HS-4KS2', 'NVR', '4.1.0.5'],
      ['amcrest-camera', 'IP4M-1041B', 'AMC', '2.800.0.0'],
    ] as const;
    for (const [profile, model, hostname, version] of cases) {
      const d = device(profile);
      const reply = await udpExchange(d.address, port(d, 5050), buildDvripSearch());
      expect(reply?.[0]).toBe(0xb3);
      expect(parseDvripReply(reply!)).toMatchObject({
        model,
        hostname,
        version,
        serial: d.serial,
        mac: d.mac,
        ipv4: d.address,
        httpPort: port(d, 80),
        tcpPort: 37777,
      });
    }
    const camera = device('dahua-camera');
    expect(await udpExchange(camera.address, 5050, buildDhipSearch(), 200)).toBeUndefined();
  });

  it('Amcrest: RTSP realm "Login to <serial>", RPC2_Login challenge leaks MAC and serial', async () => {
    const d = device('amcrest-camera');
    const r = splitReply((await rtsp(d, 'DESCRIBE')).data);
    expect(head(r.lines, 'WWW-Authenticate')).toMatch(
      new RegExp(`^Digest realm="Login to ${d.serial}"`),
    );
    expect(d.serial).toMatch(/^AMC0[0-9A-F]{14}$/);
    const body =
      '{"method":"global.login","params":{"userName":"","password":"","clientType":"Web3.0"},"id":1}';
    const post = await tcpExchange(d.address, port(d, 80), {
      send: `POST /RPC2_Login HTTP/1.1\r\nHost: x\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      timeoutMs: 1000,
    });
    const challenge = JSON.parse(splitReply(post.data).body.toString()) as {
      params: { realm: string; mac: string };
    };
    expect(challenge.params.realm).toBe(`Login to ${d.serial}`);
    expect(challenge.params.mac).toBe(d.mac.replace(/:/g, '').toUpperCase());
  });
});

describe('not covered and controls', () => {
  it('controls and other makers do not answer the DVRIP search', async () => {
    for (const profile of ['hikvision-camera', 'uniview-camera', 'axis-camera', 'generic-web']) {
      const d = device(profile);
      expect(await udpExchange(d.address, 5050, buildDvripSearch(), 200)).toBeUndefined();
    }
  });

  it('Uniview, Axis, nginx and a media server answer as themselves', async () => {
    const uv = device('uniview-camera');
    expect((await get(uv, '/')).data.toString()).toContain('/LAPI/V1.0/System/DeviceInfo');
    expect(scopesOf(await udpExchange(uv.address, port(uv, 3702), wsdProbe))).toContain(
      'onvif://www.onvif.org/name/Uniview',
    );
    expect(uv.mac).toMatch(/^48:ea:63:/);
    const axis = device('axis-camera');
    expect((await get(axis, '/')).data.toString()).toContain('<title>AXIS</title>');
    expect(head(splitReply((await rtsp(axis)).data).lines, 'Server')).toBe('GStreamer RTSP server');
    expect(scopesOf(await udpExchange(axis.address, port(axis, 3702), wsdProbe))).toEqual(
      expect.arrayContaining([
        'onvif://www.onvif.org/hardware/M3106-L',
        'onvif://www.onvif.org/name/AXIS%20M3106-L',
      ]),
    );
    expect(head(splitReply((await get(device('generic-web'), '/')).data).lines, 'Server')).toBe(
      'nginx/1.24.0',
    );
    expect(splitReply((await rtsp(device('generic-rtsp'))).data).lines[0]).toBe('RTSP/1.0 200 OK');
  });

  it('ground truth is JSON-able and prints as a table', () => {
    const truth = lab.groundTruth();
    expect(JSON.parse(JSON.stringify(truth))).toEqual(truth);
    expect(truth.devices.find((d) => d.profile === 'lts-camera')?.truth).toMatchObject({
      maker: 'hikvision',
      brand: 'lts',
      covered: true,
    });
    const table = formatLabTable(lab);
    expect(table.split('\n')[0]).toMatch(/^ADDRESS\s+PROFILE\s+MAKER\s+BRAND\s+COVERED\s+PORTS$/);
    expect(table).toMatch(/amcrest-camera\s+dahua\s+amcrest\s+yes/);
  });
});

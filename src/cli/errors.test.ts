// Every mistake a user can make gets one line `sousveil: <what>: <why>` (maybe a hint) and the
// right exit code: 1 for bad input, 2 for the environment. Never a stack trace.
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { miniAtlas } from '../atlas/testdata/mini.js';
import { labCommand } from './commands/lab.js';
import { reportError } from './error-boundary.js';
import { run } from './main.js';
import { captureIo } from './test-io.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'sousveil-errors-'));
const path = (name: string): string => join(dir, name);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function sv(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = captureIo();
  const code = await run(args, io);
  return { code, out: io.out(), err: io.err() };
}

/** stderr as lines, and no line of it from a stack trace. */
function lines(err: string): string[] {
  expect(err).not.toMatch(/^\s+at /m);
  return err.trimEnd().split('\n');
}

describe('the version and help', () => {
  it('--version prints the package version', async () => {
    const version = (
      JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }
    ).version;
    expect(await sv('--version')).toEqual({ code: 0, out: `sousveil ${version}\n`, err: '' });
  });

  it.each([
    ['net', ['net scan', 'net import', 'net history', 'net diff']],
    ['atlas', ['atlas stats', 'atlas show', 'atlas export', 'atlas import', 'atlas check']],
    ['kb', ['kb check']],
  ])('%s --help lists its subcommands, not the global help', async (group, subcommands) => {
    const r = await sv(group, '--help');
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe(`Usage: sousveil ${group} <command> [options]`);
    for (const s of subcommands) expect(r.out).toMatch(new RegExp(`^  ${s} +\\S`, 'm'));
    expect(r.out).not.toContain('Global options');
  });

  it("a command's help lists every option it declares, with defaults and choices", async () => {
    const r = await sv('net', 'scan', '--help');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^ {2}--retries N +.*\(default 2\)$/m);
    expect(r.out).toMatch(
      /^ {2}--fail-on WHAT +.*\(covered \| any \| never\) \(default covered\)$/m,
    );
    expect(r.out).not.toContain('--device-password '); // refused, so not offered
  });
});

describe('did you mean', () => {
  it.each([
    [['net', 'scna'], 'sousveil: net: unknown command "scna"; did you mean "scan"?'],
    [['atlsa', 'export'], 'sousveil: unknown command "atlsa"; did you mean "atlas"?'],
    [['idnetify', 'x'], 'sousveil: unknown command "idnetify"; did you mean "identify"?'],
    [
      ['net', 'scan', '127.0.0.1', '--prots', '80'],
      'sousveil: net scan: unknown option --prots; did you mean "--ports"?',
    ],
    [
      ['atlas', 'export', '--format', 'geojsn'],
      'sousveil: --format: "geojsn" is not one of json, csv, geojson; did you mean "geojson"?',
    ],
  ])('%j', async (args, first) => {
    const r = await sv(...args);
    expect(r.code).toBe(1);
    expect(lines(r.err)[0]).toBe(first);
  });
});

describe('flags are checked before any work', () => {
  let server: Server;
  let port = 0;
  let connections = 0;
  beforeAll(async () => {
    server = createServer((s) => {
      connections++;
      s.destroy();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as { port: number }).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('--fail-on bogus is refused before a probe is sent or the store is opened', async () => {
    const db = path('never.db');
    const r = await sv(
      'net',
      'scan',
      '127.0.0.1',
      '--ports',
      String(port),
      '--fail-on',
      'bogus',
      '--db',
      db,
    );
    expect(r.code).toBe(1);
    expect(lines(r.err)).toEqual([
      'sousveil: --fail-on: "bogus" is not one of covered, any, never',
    ]);
    expect(connections).toBe(0);
    expect(existsSync(db)).toBe(false);
  });

  it.each([
    [['--retries', 'lots'], 'sousveil: --retries: "lots" is not a whole number'],
    [['--retries', '9'], 'sousveil: --retries: 9 is above the most allowed, 5'],
    [['--timeout', '0'], 'sousveil: --timeout: 0 is below the least allowed, 1'],
    [
      ['--ports', '80,99999'],
      'sousveil: --ports: "99999" is not a port (1-65535) or a range of them',
    ],
    [['--db'], 'sousveil: net scan: --db needs a value (FILE|URL)'],
  ])('net scan %j', async (extra, first) => {
    const r = await sv('net', 'scan', '127.0.0.1', '--no-save', ...extra);
    expect(r.code).toBe(1);
    expect(lines(r.err)[0]).toBe(first);
    expect(connections).toBe(0);
  });
});

describe('a missing or empty --dir', () => {
  mkdirSync(path('empty'));
  it.each([['kb'], ['atlas']])(
    '%s check --dir /nonexistent is an error, not "ok"',
    async (noun) => {
      const r = await sv(noun, 'check', '--dir', path('nonexistent'));
      expect(r.code).toBe(1);
      expect(lines(r.err)).toEqual([
        `sousveil: --dir ${path('nonexistent')}: no such file or directory`,
      ]);
      expect(r.out).toBe('');
    },
  );

  it.each([['kb'], ['atlas']])(
    '%s check --dir <empty folder> says it holds no records',
    async (noun) => {
      const r = await sv(noun, 'check', '--dir', path('empty'));
      expect(r.code).toBe(1);
      expect(lines(r.err)[0]).toBe(`sousveil: --dir ${path('empty')}: no ${noun} records in it`);
      expect(r.err).not.toContain(' ok');
    },
  );
});

describe('files the user names', () => {
  const db = path('atlas.db');
  beforeAll(async () => {
    writeFileSync(path('mini.json'), JSON.stringify(miniAtlas()));
    expect((await sv('atlas', 'import', path('mini.json'), '--db', db)).code).toBe(0);
  });

  it('atlas import <directory> names the directory and says what to give instead', async () => {
    const r = await sv('atlas', 'import', path('empty'), '--db', db);
    expect(r.code).toBe(1);
    expect(lines(r.err)).toEqual([
      `sousveil: ${path('empty')}: cannot read it: it is a folder, not a file`,
    ]);
  });

  it('--out to an existing file is refused unless --force', async () => {
    writeFileSync(path('existing.json'), 'keep me');
    const r = await sv('atlas', 'export', '--out', path('existing.json'), '--db', db);
    expect(r.code).toBe(1);
    expect(lines(r.err)).toEqual([
      `sousveil: --out ${path('existing.json')}: already exists`,
      'hint: pass --force to replace it, or choose another --out',
    ]);
    expect(readFileSync(path('existing.json'), 'utf8')).toBe('keep me');
    const forced = await sv(
      'atlas',
      'export',
      '--out',
      path('existing.json'),
      '--force',
      '--db',
      db,
    );
    expect(forced.code).toBe(0);
    expect(JSON.parse(readFileSync(path('existing.json'), 'utf8'))).toMatchObject({
      format: 'sousveil-atlas/1',
    });
  });

  it('a CSV export over a folder that holds the tables is refused unless --force', async () => {
    expect(
      (await sv('atlas', 'export', '--format', 'csv', '--out', path('csv'), '--db', db)).code,
    ).toBe(0);
    const again = await sv('atlas', 'export', '--format', 'csv', '--out', path('csv'), '--db', db);
    expect(again.code).toBe(1);
    expect(lines(again.err)[0]).toMatch(
      /^sousveil: --out .*csv: already holds sources\.csv, countries\.csv, /,
    );
  });

  it('claims.csv without claim_sources.csv is one problem naming it, not one per claim', async () => {
    mkdirSync(path('alone'), { recursive: true });
    copyFileSync(join(path('csv'), 'claims.csv'), path('alone/claims.csv'));
    const r = await sv('atlas', 'import', path('alone/claims.csv'), '--db', db);
    expect(r.code).toBe(1);
    expect(r.err).toContain('claim_sources.csv');
    expect(lines(r.err).length).toBeLessThan(5);
  });

  it('claims.csv brings the claim_sources.csv beside it', async () => {
    const r = await sv('atlas', 'import', join(path('csv'), 'claims.csv'), '--db', db);
    expect(r.code).toBe(0);
  });

  it.skipIf(!existsSync('/sys/kernel'))(
    '--out where writing is not permitted is the environment (exit 2)',
    async () => {
      // sysfs refuses new files even to root.
      const r = await sv('atlas', 'export', '--out', '/sys/sousveil-export.json', '--db', db);
      expect(r.code).toBe(2);
      expect(lines(r.err)).toEqual(['sousveil: /sys/sousveil-export.json: permission denied']);
    },
  );

  it('--db README.md is "not a database", one line and a hint', async () => {
    const r = await sv('net', 'history', '--db', join(root, 'README.md'));
    expect(r.code).toBe(1);
    const [first, ...rest] = lines(r.err);
    expect(first).toMatch(/^sousveil: .*README\.md is not a database file/);
    expect(rest).toEqual(['hint: give --db a sousveil database file, or a new file name']);
  });

  it('serve --host <a name that does not resolve> is the environment (exit 2)', async () => {
    const r = await sv('serve', '--host', 'no-such-host.invalid', '--db', path('serve.db'));
    expect(r.code).toBe(2);
    expect(lines(r.err)[0]).toMatch(
      /^sousveil: --host no-such-host\.invalid: the name does not resolve/,
    );
    expect(existsSync(path('serve.db'))).toBe(false);
  });

  it('serve --evidence-key <a file others may read> stops at start in one line', async () => {
    writeFileSync(path('open-key.pem'), 'not even a key', { mode: 0o644 });
    chmodSync(path('open-key.pem'), 0o644);
    const r = await sv(
      'serve',
      '--port',
      '0',
      '--evidence-key',
      path('open-key.pem'),
      '--db',
      path('k.db'),
    );
    expect(r.code).toBe(1);
    expect(lines(r.err)).toEqual([
      `sousveil: evidence key ${path('open-key.pem')}: others may read it (mode 644)`,
      `hint: chmod 600 ${path('open-key.pem')}`,
    ]);
    expect(existsSync(path('k.db'))).toBe(false);
  });

  it('--debug adds where it happened', async () => {
    const r = await sv('kb', 'check', '--dir', path('nonexistent'), '--debug');
    expect(r.code).toBe(1);
    expect(r.err.split('\n')[0]).toBe(
      `sousveil: --dir ${path('nonexistent')}: no such file or directory`,
    );
    expect(r.err).toMatch(/^\s+at /m);
  });
});

describe('sousveil lab without root', () => {
  it('explains --high-ports and prints the scan command that covers the lab ports', async () => {
    const lab = labCommand({ canBindLowPorts: () => Promise.resolve(false) });
    const io = captureIo();
    const code = await lab.invoke([], io).catch((e: unknown) => reportError(io, e, false));
    expect(code).toBe(2);
    expect(lines(io.err())).toEqual([
      'sousveil: lab: ports below 1024 need root',
      'hint: run `npx sousveil lab --high-ports` (80->8080, 443->8443, 554->8554), then scan with: npx sousveil net scan 127.77.0.0/16 --ports 8000,8080,8443,8554,35000,37777',
    ]);
  });
});

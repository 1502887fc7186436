import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readApp } from '../../src/appaudit/inventory.js';
import { zlibInflate } from '../../src/appaudit/zlib-inflate.js';
import { run } from '../../src/cli/main.js';
import { captureIo } from '../../src/cli/test-io.js';
import { loadKb, type Kb } from '../../src/kb/index.js';
import { buildRealApk, scratch } from './build-apk.js';

// Real APKs built by apktool (smali, aapt), zipalign and apksigner; archives written by zip and
// Python's zipfile. Needs the Android packages in .ci/run's SYSTEM_PACKAGES.

interface Report {
  package: string;
  classCount: number;
  sdks: Array<{ id: string; evidence: Array<{ kind: string; pattern: string }> }>;
  packers: Array<{ id: string; evidence: Array<{ kind: string; pattern: string }> }>;
  signer: { subject: string; sha256: string; scheme: string } | undefined;
  notes: string[];
}

async function scan(
  path: string,
  ...flags: string[]
): Promise<{ code: number; reports: Report[]; err: string }> {
  const io = captureIo();
  const code = await run(['app', 'scan', path, '--no-save', '--json', ...flags], io);
  const out = io.out();
  return {
    code,
    reports: out === '' ? [] : (JSON.parse(out) as { reports: Report[] }).reports,
    err: io.err(),
  };
}

const python = (script: string, ...args: string[]): void => {
  execFileSync('python3', ['-c', script, ...args], { stdio: 'pipe' });
};

let kb: Kb;
beforeAll(async () => {
  kb = (await loadKb()).kb;
});

describe('app scan on APKs built by the Android tools', () => {
  it('finds every SDK of the kb by every one of its rules', async () => {
    const classes = new Set<string>();
    const strings: string[] = [];
    const components: { kind: string; name: string }[] = [];
    const metaData: { name: string; value: string }[] = [];
    const libs: string[] = [];
    const assets: string[] = [];
    for (const sdk of kb.sdks) {
      for (const rule of sdk.rules) {
        for (const e of rule.examples) {
          if (rule.kind === 'package') classes.add(`L${e.replaceAll('.', '/')};`);
          else if (rule.kind === 'component') components.push({ kind: 'service', name: e });
          else if (rule.kind === 'meta-data') metaData.push({ name: e, value: 'key' });
          else if (rule.kind === 'native-lib') libs.push(`lib/arm64-v8a/${e}`);
          else if (rule.kind === 'asset') assets.push(e);
          else strings.push(e);
        }
      }
    }
    const path = buildRealApk({
      package: 'org.example.everysdk',
      classes: ['Lorg/example/everysdk/Main;', ...classes],
      strings,
      components,
      metaData,
      libs,
      assets,
    });
    const { code, reports } = await scan(path);
    expect(code).toBe(3);
    const found = new Map([...reports[0]!.sdks, ...reports[0]!.packers].map((s) => [s.id, s]));
    const missing: string[] = [];
    for (const sdk of kb.sdks) {
      for (const rule of sdk.rules) {
        const hit = found
          .get(sdk.id)
          ?.evidence.some((e) => e.kind === rule.kind && e.pattern === rule.pattern);
        if (hit !== true) missing.push(`${sdk.id}: ${rule.kind} ${rule.pattern}`);
      }
    }
    expect(missing).toEqual([]);
    expect(reports[0]!.signer).toMatchObject({ subject: 'CN=Sousveil Test, O=Example, C=DE' });
    // The same class list as Android's own dexdump.
    const dump = execFileSync('dexdump', [path], { encoding: 'utf8', maxBuffer: 64 << 20 });
    const dexdumpClasses = [...dump.matchAll(/Class descriptor\s+: '(L[^']+;)'/g)].map((m) =>
      m[1]!.slice(1, -1).replaceAll('/', '.'),
    );
    const ours = readApp(new Uint8Array(readFileSync(path)), 'every.apk', zlibInflate).classes;
    expect([...ours].sort()).toEqual(dexdumpClasses.sort());
  });

  it('reports no SDK in a clean control app, with its signer as apksigner prints it', async () => {
    const path = buildRealApk({
      package: 'org.example.clean',
      classes: [
        'Lorg/example/clean/MainActivity;',
        'Landroidx/core/app/ActivityCompat;',
        'Lcom/umengx/Lookalike;',
      ],
      strings: ['https://example.org/help', 'umeng.com.example.org'],
      permissions: ['android.permission.INTERNET'],
    });
    const { code, reports } = await scan(path);
    expect(code).toBe(0);
    expect(reports[0]!.sdks).toEqual([]);
    expect(reports[0]!.packers).toEqual([]);
    const printed = execFileSync('apksigner', ['verify', '--print-certs', path], {
      encoding: 'utf8',
    });
    expect(printed).toContain(`certificate SHA-256 digest: ${reports[0]!.signer!.sha256}`);
  });

  it('says plainly when an app is packed', async () => {
    const path = buildRealApk({
      package: 'org.example.packed',
      libs: ['lib/armeabi-v7a/libjiagu.so', 'lib/arm64-v8a/libjiagu.so'],
      assets: ['assets/0OO00l111l1l'],
    });
    const { reports } = await scan(path);
    expect(reports[0]!.packers.map((p) => p.id).sort()).toEqual([
      'packer-jiagu-360',
      'packer-tencent-legu',
    ]);
    expect(reports[0]!.notes.join('\n')).toContain(
      'the real classes are hidden; the SDK list is incomplete',
    );
  });

  it('refuses a zip bomb made by zip, in one line', async () => {
    const zeros = join(scratch, 'zeros.bin');
    execFileSync('truncate', ['-s', '300M', zeros]);
    const bomb = join(scratch, 'bomb.apk');
    execFileSync('zip', ['-q', '-j', bomb, zeros]);
    const { code, err } = await scan(bomb);
    expect(code).toBe(1);
    expect(err).toMatch(
      /^sousveil: bomb\.apk: zip bomb refused: entries declare 314572800 bytes from \d+ \(over 200x\)\n$/,
    );
  });

  it('refuses an archive with a path-traversal entry', async () => {
    const evil = join(scratch, 'evil.apk');
    python(
      'import sys, zipfile\nwith zipfile.ZipFile(sys.argv[1], "w") as z:\n  z.writestr("AndroidManifest.xml", b"x")\n  z.writestr("../../lib/evil.so", b"x")',
      evil,
    );
    const { code, err } = await scan(evil);
    expect(code).toBe(1);
    expect(err).toContain('path traversal refused: entry name "../../lib/evil.so"');
  });

  it('keeps the manifest and signer of an app whose DEX is truncated', async () => {
    const path = buildRealApk({
      package: 'org.example.cut',
      classes: ['Lcom/tencent/bugly/crashreport/CrashReport;'],
    });
    const cut = join(scratch, 'cut.apk');
    python(
      'import sys, zipfile\nsrc = zipfile.ZipFile(sys.argv[1])\nwith zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as z:\n  for i in src.infolist():\n    data = src.read(i)\n    z.writestr(i.filename, data[: len(data) // 2] if i.filename == "classes.dex" else data)',
      path,
      cut,
    );
    const { code, reports } = await scan(cut, '--fail-on', 'never');
    expect(code).toBe(0);
    expect(reports[0]!.package).toBe('org.example.cut');
    expect(reports[0]!.notes.join('\n')).toMatch(
      /classes\.dex:0x20: truncated: the header says \d+ bytes/,
    );
  });
});

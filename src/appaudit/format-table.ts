import type { AppReport } from './report.js';

const flag = (r: AppReport['sdks'][number]): string =>
  r.restrictions.length > 0 ? ' RESTRICTED' : r.jurisdiction === 'prc' ? ' PRC' : '';

/** A terminal report: identity, SDKs with maker, country and evidence, packers, permissions, notes. */
export function formatAppTable(r: AppReport): string {
  const lines: string[] = [];
  const version = [r.versionName, r.versionCode === undefined ? undefined : `(${r.versionCode})`]
    .filter(Boolean)
    .join(' ');
  lines.push(`${r.file}: ${r.package ?? '(no package)'} ${version}`.trimEnd());
  lines.push(
    `  ${r.format}, ${r.dex.length} DEX, ${r.classCount} classes, ${r.nativeLibs.length} native libraries, sha256 ${r.sha256.slice(0, 16)}…`,
  );
  if (r.signer !== undefined)
    lines.push(
      `  signed (${r.signer.scheme}) by ${r.signer.subject}, cert sha256 ${r.signer.sha256}`,
    );
  if (r.sdks.length === 0) lines.push('  no known SDK found');
  else {
    lines.push(`  ${r.sdks.length} SDK(s):`);
    for (const s of r.sdks) {
      lines.push(
        `    ${s.name} — ${s.maker} (${s.country ?? '??'})${flag(s)} [${s.categories.join(', ')}]`,
      );
      if (s.restrictions.length > 0)
        lines.push(`      maker covered by: ${s.restrictions.join('; ')}`);
      for (const e of s.evidence) {
        const what =
          e.kind === 'package'
            ? `${e.count} class(es) in ${e.pattern}`
            : `${e.kind} ${e.samples.join(', ')}`;
        lines.push(`      ${what}`);
      }
    }
  }
  for (const p of r.packers)
    lines.push(`  packer: ${p.name} (${p.evidence.map((e) => e.samples.join(', ')).join('; ')})`);
  const perms = r.permissions;
  if (perms.surveillance.length > 0)
    lines.push(`  surveillance-relevant permissions: ${perms.surveillance.map(short).join(', ')}`);
  if (perms.dangerous.length > 0)
    lines.push(`  dangerous permissions: ${perms.dangerous.map(short).join(', ')}`);
  if (r.vendorHosts.length > 0)
    lines.push(`  vendor-cloud hosts in strings: ${r.vendorHosts.map((h) => h.host).join(', ')}`);
  for (const n of r.notes) lines.push(`  note: ${n}`);
  return `${lines.join('\n')}\n`;
}

function short(permission: string): string {
  return permission.replace(/^android\.permission\./, '');
}

// Sums vitest JSON reports in a folder and prints "N passed, N failed"; exits 1 on any failure
// or when no report exists (a run that executed no tests must not look green).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? '.ci-report';
const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];
let passed = 0;
let failed = 0;
for (const f of files) {
  const report = JSON.parse(readFileSync(join(dir, f), 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += (report.numFailedTests ?? 0) + (report.numFailedTestSuites ?? 0);
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(files.length === 0 || failed > 0 || passed === 0 ? 1 : 0);

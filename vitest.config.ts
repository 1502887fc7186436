import { defineConfig } from 'vitest/config';

// `npm test`: everything that needs only `npm ci`. In CI a JSON report is written for .ci/run's summary line.
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    exclude: ['**/*.system.test.ts', 'node_modules/**', 'dist/**'],
    reporters: process.env.CI
      ? ['default', ['json', { outputFile: '.ci-report/unit.json' }]]
      : ['default'],
    testTimeout: 20_000,
  },
});

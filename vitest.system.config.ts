import { defineConfig } from 'vitest/config';

// `npm run test:system`: tests that need Debian packages (chromium, nmap, network namespaces).
export default defineConfig({
  test: {
    include: ['src/**/*.system.test.ts', 'test/**/*.system.test.ts'],
    reporters: process.env.CI
      ? ['default', ['json', { outputFile: '.ci-report/system.json' }]]
      : ['default'],
    testTimeout: 120_000,
    passWithNoTests: true,
  },
});

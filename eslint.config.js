// typescript-eslint with type information. Pure files (everything in a domain folder except
// adapters, which are named for their technology) may not import node:, touch process or the clock.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const adapterFiles = [
  'src/netaudit/lab/**',
  'src/**/probe-*.ts',
  'src/**/net-*.ts',
  'src/cli/**',
  'src/server/**',
  'src/scripts/**',
  'src/**/fs-*.ts',
  'src/**/http-*.ts',
  'src/**/sqlite-*.ts',
  'src/**/pg-*.ts',
  'src/**/zlib-*.ts',
  'src/**/sharp-*.ts',
  'src/**/tfjs-*.ts',
  'src/**/libheif-*.ts',
  'src/**/crypto-*.ts',
  'src/**/worker-*.ts',
  'src/**/*.test.ts',
];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.ci-report/**', 'web/dist/**'] },
  js.configs.recommended,
  ...tseslint.configs.strictTypeChecked,
  {
    languageOptions: {
      parserOptions: {
        projectService: {
          allowDefaultProject: [
            '*.js',
            'bin/*.js',
            'bench/*/*.js',
            '.ci/*.js',
            'src/*/testdata/*.mjs',
          ],
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/restrict-template-expressions': [
        'error',
        { allowNumber: true, allowBoolean: true },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-confusing-void-expression': 'off',
    },
  },
  { files: ['**/*.test.ts'], rules: { '@typescript-eslint/no-non-null-assertion': 'off' } },
  {
    files: ['src/**/*.ts'],
    ignores: adapterFiles,
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['node:*'],
              message: 'pure files take bytes, time and randomness as arguments',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'process', message: 'pure files do not read the process' },
        { name: 'fetch', message: 'pure files do no I/O' },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'pass `now` in',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'pass `now` in',
        },
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
          message: 'pass `rng` in',
        },
      ],
    },
  },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  {
    files: ['bin/**/*.js', 'bench/**/*.js', '.ci/*.js', 'src/**/testdata/*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        Buffer: 'readonly',
        fetch: 'readonly',
      },
    },
  },
);

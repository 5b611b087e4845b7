/**
 * Two projects: `unit` (pure code, no servers) and `e2e` (real Postgres and real Meilisearch, started once by
 * test/setup/global-setup.ts; each test file gets its own database and index prefix).
 */
const transform = {
  '^.+\\.(t|j)sx?$': ['ts-jest', { tsconfig: { allowJs: true, isolatedModules: true, jsx: 'react-jsx', jsxImportSource: 'preact' }, diagnostics: false }],
};
// Tests load only CommonJS code: pure modules in unit tests, and the service itself runs as a real process.
const transformIgnorePatterns = ['/node_modules/'];

module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      roots: ['<rootDir>/src', '<rootDir>/test/unit'],
      testMatch: ['**/*.spec.ts', '**/*.spec.tsx'],
      transform,
      transformIgnorePatterns,
    },
    {
      displayName: 'e2e',
      testEnvironment: 'node',
      roots: ['<rootDir>/test'],
      testMatch: ['**/*.e2e-spec.ts'],
      transform,
      transformIgnorePatterns,
      globalSetup: '<rootDir>/test/setup/global-setup.ts',
      globalTeardown: '<rootDir>/test/setup/global-teardown.ts',
      setupFilesAfterEnv: ['<rootDir>/test/setup/e2e-timeout.ts'],
    },
  ],
  maxWorkers: 2,
};

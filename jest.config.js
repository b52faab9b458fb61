// Two projects: fast unit tests, and integration tests against a real Temporal dev server, the emulator over
// HTTPS and real HTTP between processes.
const transform = { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2022' } }] };

module.exports = {
  // Three on two cores: integration files mostly wait (bakes, metric grains, Azure's lag), and with two workers the
  // CI's load average stayed between 1 and 3.
  maxWorkers: 3,
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/unit/**/*.test.ts'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      testMatch: ['<rootDir>/test/integration/**/*.test.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
      slowTestThreshold: 30,
    },
  ],
  testTimeout: 120_000,
};

import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Request logs of the handlers under test would drown the report; tests that read logs set their own level.
    env: { POWERTOOLS_LOG_LEVEL: 'WARN' },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          // Each file starts its own emulators on free ports; Java start-up dominates.
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});

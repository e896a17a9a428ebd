import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Request logs of the handlers under test would drown the report; tests that read logs set their own level.
    // Every test that starts the local platform loads the sample data: a small sample, and of the
    // divisions only the provinces and the sample city's province.
    env: {
      POWERTOOLS_LOG_LEVEL: 'WARN',
      // No CloudWatch here: EMF lines would only fill the report.
      POWERTOOLS_METRICS_DISABLED: 'true',
      GOVSHARE_SAMPLE_PEOPLE: '200',
      GOVSHARE_SAMPLE_COMPANIES: '50',
      GOVSHARE_SAMPLE_DIVISIONS: 'home-province',
      // Every reply a test gets is checked against its route's declared response schema (platform/http.ts).
      GOVSHARE_CHECK_RESPONSES: '1',
    },
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

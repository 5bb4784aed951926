import { defineConfig } from 'vitest/config';

// Two projects: fast unit tests (no cluster) and e2e tests on the real kind cluster.
export default defineConfig({
  test: {
    projects: [
      {
        test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 10_000 },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          // One cluster: e2e files run one after another.
          fileParallelism: false,
        },
      },
    ],
  },
});

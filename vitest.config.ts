import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Two projects: fast unit tests (no cluster) and e2e tests on the real kind cluster.
export default defineConfig({
  // Course files import the public API by the package's name, as a course repository does.
  resolve: { alias: [{ find: /^kindlab$/, replacement: fileURLToPath(new URL('./src/api.ts', import.meta.url)) }] },
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

import { defineConfig } from "vitest/config";

/**
 * Tests run on the packages' TypeScript source: `@static-inspect/*` resolve through the
 * `@static-inspect/source` export condition (see tsconfig.base.json `customConditions`), never through
 * a stale `dist/`. The other conditions are Vite's defaults for server code.
 */
const conditions = ["@static-inspect/source", "module", "node", "development|production"];

export default defineConfig({
  resolve: { conditions },
  ssr: { resolve: { conditions } },
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});

import { defineConfig } from "vitest/config";

/**
 * One root config; every workspace package is a project with its own
 * vitest.config.ts. Slow tests live in `*.slow.test.ts` and run only with
 * ATV_SLOW=1; network-namespace tests live in `*.netns.test.ts` and skip
 * themselves with a reason when the machine cannot create namespaces.
 */
export default defineConfig({
  test: {
    projects: ["packages/*/vitest.config.ts", "internal/*/vitest.config.ts"],
  },
});

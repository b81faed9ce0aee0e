import { defineConfig } from "vitest/config";

/**
 * One root config; every workspace package is a project with its own
 * vitest.config.ts. Slow tests live in `*.slow.test.ts` and run only with
 * ATV_SLOW=1; network-namespace tests (real peers: avahi, HAP-NodeJS) live in
 * `*.netns.test.ts`, skip themselves with a reason when the machine cannot create
 * namespaces, and are left out entirely with ATV_NETNS=0.
 */
export default defineConfig({
  test: {
    projects: ["packages/*/vitest.config.ts", "internal/*/vitest.config.ts", "tools/*/vitest.config.ts"],
  },
});

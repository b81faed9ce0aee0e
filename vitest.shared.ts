import { defineProject, type UserWorkspaceConfig } from "vitest/config";

/** Shared per-package project settings: sources resolved through the `@atv/source` condition. */
export function atvProject(name: string, extra: UserWorkspaceConfig["test"] = {}): UserWorkspaceConfig {
  const slow = process.env["ATV_SLOW"] === "1";
  const netns = process.env["ATV_NETNS"] !== "0";
  return defineProject({
    resolve: { conditions: ["@atv/source"] },
    ssr: { resolve: { conditions: ["@atv/source"] } },
    test: {
      name,
      include: ["test/**/*.test.ts"],
      exclude: [...(slow ? [] : ["test/**/*.slow.test.ts"]), ...(netns ? [] : ["test/**/*.netns.test.ts"])],
      testTimeout: 20_000,
      hookTimeout: 30_000,
      ...extra,
    },
  });
}

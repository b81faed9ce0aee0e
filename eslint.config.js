// Type-aware lint for every package. `no-explicit-any` and `no-floating-promises` are errors.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    ignores: [
      "**/dist/**",
      "**/node_modules/**",
      "**/bench/.out/**",
      "**/src/gen/**",
      "**/*.config.ts",
      "**/*.config.js",
      "vitest.shared.ts",
      "tsup.config.base.ts",
      "tools/*.mjs",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "@typescript-eslint/consistent-type-imports": "error",
      "no-console": "error",
    },
  },
  {
    files: [
      "**/test/**",
      "**/bench/**",
      "**/examples/**",
      "internal/**",
      "tools/**",
      "packages/atv/src/cli/**",
    ],
    rules: { "no-console": "off" },
  },
);

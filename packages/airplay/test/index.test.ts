import { expect, test } from "vitest";
import { AIRPLAY_DEFAULT_PORT } from "../src/index.js";

test("default port", () => {
  expect(AIRPLAY_DEFAULT_PORT).toBe(7000);
});

import { bench } from "vitest";
import { AIRPLAY_DEFAULT_PORT } from "../src/index.js";

bench("noop", () => {
  void AIRPLAY_DEFAULT_PORT;
});

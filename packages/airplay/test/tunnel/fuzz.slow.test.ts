/** ATV_SLOW=1: the tunnel's fuzz properties with 1M cases per decoder. */
import { tunnelFuzzSuite } from "./fuzz-suite.js";

tunnelFuzzSuite(Number(process.env["ATV_FUZZ_RUNS"] ?? 1_000_000));

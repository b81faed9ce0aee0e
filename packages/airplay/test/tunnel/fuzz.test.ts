import { tunnelFuzzSuite } from "./fuzz-suite.js";

tunnelFuzzSuite(Number(process.env["ATV_FUZZ_RUNS"] ?? 100_000));

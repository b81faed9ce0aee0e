/** Fuzzing the live browse session and responder path: 200k datagrams in CI (2M in live-fuzz.slow.test.ts). */
import { liveFuzzSuite } from "./live-fuzz-helpers.js";

liveFuzzSuite("live objects under random, mutated and hostile datagrams", 100_000, 300_000);

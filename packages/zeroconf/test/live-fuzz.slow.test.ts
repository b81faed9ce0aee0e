/** Fuzzing the live browse session and responder path: the long run (ATV_SLOW=1): 2M datagrams. */
import { liveFuzzSuite } from "./live-fuzz-helpers.js";

liveFuzzSuite("live objects (slow) under random, mutated and hostile datagrams", 1_000_000, 3_600_000);

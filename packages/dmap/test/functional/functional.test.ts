import { functionalTests } from "@atv/functional-tests";
import { dmapHarness } from "./dmap-harness.js";

functionalTests(dmapHarness);

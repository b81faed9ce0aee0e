import { functionalTests } from "@atv/functional-tests";
import { mrpHarness } from "./mrp-harness.js";

functionalTests(mrpHarness);

import { functionalTests } from "@atv/functional-tests";
import { airplayHarness } from "./airplay-harness.js";

functionalTests(airplayHarness);

import { functionalTests } from "@atv/functional-tests";
import { companionHarness } from "./companion-harness.js";

functionalTests(companionHarness);

import { functionalTests } from "@atv/functional-tests";
import { mrpChannelHarness } from "./channel-harness.js";

functionalTests(mrpChannelHarness);

import { atvProject } from "../../vitest.shared.js";

export default atvProject("@atv/bench-runner");

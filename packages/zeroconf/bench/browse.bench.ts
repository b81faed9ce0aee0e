/** Unicast browse latency against a loopback Responder (mean / p75 / p99 in ms). */
import { afterAll, bench, describe } from "vitest";
import { browseAll, type Responder } from "../src/index.js";
import { PYATV_TYPES, startLoopbackResponder } from "./fixtures.js";

let started: Promise<Responder> | undefined;
function responder(): Promise<Responder> {
  started ??= startLoopbackResponder();
  return started;
}

describe("unicast browse on loopback", () => {
  afterAll(async () => (await responder()).close());

  bench(
    "browseAll(10 pyatv types, 1 host) until every host answered",
    async () => {
      const { port } = await responder();
      const devices = await browseAll({
        serviceTypes: PYATV_TYPES,
        hosts: ["127.0.0.1"],
        port,
        knock: false,
        timeoutMs: 5000,
      });
      if (devices[0]?.services.length !== 3) throw new Error("browse did not find the 3 services");
    },
    { time: 3000 },
  );
});

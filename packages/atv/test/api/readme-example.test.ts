/**
 * The root README's example: its push-update part must start the updater and
 * end its loop. The code block is checked as text, then the same calls run
 * against the simulator (scan/pair/connect are covered by scan-pair-connect.test.ts).
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, scan, type AppleTVConfig } from "../../src/index.js";
import { startSimulator, type Simulator } from "../../src/simulator/index.js";

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({ name: "Readme Room" });
  sim.mrp.useCases.musicPlaying({ title: "first" });
});
afterAll(async () => {
  await sim.close();
});

async function readmeExample(): Promise<string> {
  const readme = await readFile(fileURLToPath(new URL("../../../../README.md", import.meta.url)), "utf8");
  const block = /## Use it\s+```ts\n([\s\S]*?)```/.exec(readme);
  if (!block?.[1]) throw new Error("the README has no example under ## Use it");
  return block[1];
}

describe("README example", () => {
  it("starts the push updater before iterating, and bounds the loop with a signal", async () => {
    const code = await readmeExample();
    const start = code.indexOf("atv.pushUpdater.start()");
    const loop = code.indexOf(
      "for await (const playing of atv.pushUpdater.updates({ signal: AbortSignal.timeout(",
    );
    expect(start).toBeGreaterThan(0);
    expect(loop).toBeGreaterThan(start);
  });

  it("the same calls against the simulator print updates and end", async () => {
    const [device] = (await scan({
      hosts: ["127.0.0.1"],
      port: sim.info.ports.udns,
      timeout: 3,
      knock: false,
    })) as [AppleTVConfig];
    await using atv = await connect(device);
    atv.pushUpdater.start();
    const titles: (string | undefined)[] = [];
    setTimeout(() => sim.mrp.useCases.musicPlaying({ title: "second" }), 50);
    for await (const playing of atv.pushUpdater.updates({ signal: AbortSignal.timeout(1_000) })) {
      titles.push(playing.title);
    }
    expect(titles).toEqual(["first", "second"]);
  });

  it("a loop over updates() ends when the device is closed", async () => {
    const [device] = (await scan({
      hosts: ["127.0.0.1"],
      port: sim.info.ports.udns,
      timeout: 3,
      knock: false,
    })) as [AppleTVConfig];
    const atv = await connect(device);
    atv.pushUpdater.start();
    const loop = (async () => {
      for await (const _ of atv.pushUpdater.updates()) void _;
      return "ended";
    })();
    setTimeout(() => void atv.close(), 50);
    await expect(loop).resolves.toBe("ended");
  });
});

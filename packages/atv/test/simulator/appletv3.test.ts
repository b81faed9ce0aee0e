/** The Apple TV 3 (DMAP) simulator profile, in-process on loopback. */
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { PairingRequirement, Protocol, connect, scan } from "../../src/index.js";
import { startAppleTV3Simulator } from "../../src/simulator/index.js";
import { runSimulate } from "../../src/simulator/command.js";

describe("startAppleTV3Simulator", () => {
  it("without Home Sharing: pairing is mandatory and there are no credentials to log in with", async () => {
    await using sim = await startAppleTV3Simulator({ homeSharing: false, identifier: "abcdef0123456789" });
    const [device] = await scan({
      hosts: ["127.0.0.1"],
      port: sim.info.ports.udns,
      timeout: 3,
      knock: false,
    });
    expect(device?.identifier).toBe("ABCDEF0123456789");
    const dmap = device?.getService(Protocol.DMAP);
    expect(dmap?.pairing).toBe(PairingRequirement.Mandatory);
    expect(dmap?.credentials).toBeUndefined();
    await expect(connect(device!)).rejects.toMatchObject({ name: "NoCredentialsError" });
  });

  it("a paired GUID logs in", async () => {
    await using sim = await startAppleTV3Simulator({
      homeSharing: false,
      pairingGuids: ["0x1122334455667788"],
    });
    const [device] = await scan({
      hosts: ["127.0.0.1"],
      port: sim.info.ports.udns,
      timeout: 3,
      knock: false,
    });
    device!.getService(Protocol.DMAP)!.credentials = "0x1122334455667788";
    const atv = await connect(device!);
    await atv.remoteControl.play();
    expect(sim.dmap.state.lastButton).toBe("play");
    await atv.close();
  });
});

describe("atv simulate --profile", () => {
  it("an unknown profile is a usage error (exit 2)", async () => {
    const stderr = new PassThrough();
    let text = "";
    stderr.on("data", (d: Buffer) => (text += d.toString()));
    const code = await runSimulate(["--profile", "appletv9"], {
      stdout: new PassThrough(),
      stderr,
      signal: AbortSignal.abort(),
    });
    expect(code).toBe(2);
    expect(text).toContain('--profile: unknown profile "appletv9"');
  });
});

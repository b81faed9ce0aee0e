/**
 * The README demo: starts `atv simulate` as its own process, then walks
 * scan → pair → connect → playing → buttons → one live update → close with
 * the library, printing what happens. Only loopback traffic.
 *
 * `--profile tvos17` runs it against a tvOS 17 Apple TV (MRP only through the AirPlay 2 tunnel:
 * AirPlay is paired instead of MRP); `--profile homepod` against a HomePod (no pairing at all).
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { connect, pair, scan, MemoryStorage, Protocol, nameOf, DeviceState } from "atv";
import type { SimulatorInfo } from "atv/simulator";

const cli = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const step = (n: number, text: string) => console.log(`\n\x1b[1m${n}. ${text}\x1b[0m`);
const profileFlag = process.argv.indexOf("--profile");
const profile = profileFlag >= 0 ? (process.argv[profileFlag + 1] ?? "tvos14") : "tvos14";

async function startSimulatorProcess(): Promise<{ info: SimulatorInfo; stop: () => Promise<void> }> {
  const child = spawn(
    process.execPath,
    [
      cli,
      "simulate",
      "--profile",
      profile,
      "--udns-port",
      "0",
      "--pin",
      "4321",
      "--name",
      "Demo Living Room",
      "--demo",
      "--demo-interval",
      "60000",
    ],
    {
      stdio: ["ignore", "pipe", "inherit"],
    },
  );
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout });
    rl.once("line", (l) => {
      rl.close();
      resolve(l);
    });
    child.once("exit", (code) => reject(new Error(`simulator exited early (code ${code})`)));
  });
  return {
    info: JSON.parse(line) as SimulatorInfo,
    stop: async () => {
      child.kill("SIGTERM");
      await exited;
    },
  };
}

const simulator = await startSimulatorProcess();
try {
  const { info } = simulator;
  step(
    1,
    `Started a simulated device (atv simulate --profile ${profile}): "${info.name}", ` +
      info.services.map((s) => `${s.protocol} on ${info.address}:${s.port}`).join(", ") +
      `, DNS-SD on port ${info.ports.udns}`,
  );

  step(2, "Scanning (unicast DNS-SD to 127.0.0.1)…");
  const storage = new MemoryStorage();
  const started = performance.now();
  const devices = await scan({ hosts: [info.address], port: info.ports.udns, timeout: 3, storage });
  console.log(`Found ${devices.length} device(s) in ${(performance.now() - started).toFixed(0)} ms`);
  const device = devices[0];
  if (!device) throw new Error("the simulator was not found");
  console.log(device.toString());

  // tvOS 15+ has no direct MRP: pair AirPlay and MRP runs through its tunnel. A HomePod needs no pairing.
  const pairWith = device.getService(Protocol.MRP) ? Protocol.MRP : Protocol.AirPlay;
  if (profile === "homepod") {
    step(3, "No pairing: a HomePod accepts transient AirPlay pairing");
  } else {
    step(3, `Pairing ${nameOf(Protocol, pairWith)} with the PIN the "screen" shows (${info.pin})…`);
    const pairing = await pair(device, pairWith, { storage, name: "atv demo" });
    await pairing.begin();
    pairing.pin(info.pin);
    await pairing.finish();
    console.log(pairing.hasPaired ? "Paired. Credentials stored (secret, not printed)." : "Pairing failed");
    await pairing.close();
  }

  step(
    4,
    `Connecting (encrypted MRP session${pairWith === Protocol.AirPlay ? " through the AirPlay 2 tunnel" : ""})…`,
  );
  const atv = await connect(device, { storage });
  try {
    console.log(`Connected: ${atv.deviceInfo.toString()}`);

    step(5, "What is playing?");
    console.log((await atv.metadata.playing()).toString());

    step(6, "Pressing a few buttons: up, select, play");
    await atv.remoteControl.up();
    await atv.remoteControl.select();
    await atv.remoteControl.play();
    console.log("Buttons acknowledged.");

    step(7, "Waiting for a live update (pausing from the remote)…");
    const ac = new AbortController();
    const timeout = setTimeout(() => ac.abort(), 5000);
    const updates = atv.pushUpdater.updates({ signal: ac.signal });
    atv.pushUpdater.start();
    await atv.remoteControl.pause();
    for await (const playing of updates) {
      console.log(
        `Push update: ${nameOf(DeviceState, playing.deviceState)} – ${playing.title ?? "(no title)"}`,
      );
      if (playing.deviceState === DeviceState.Paused) break;
    }
    clearTimeout(timeout);
  } finally {
    step(8, "Closing.");
    await atv.close();
  }
} finally {
  await simulator.stop();
}
console.log("\nDone. Try the CLI too: node packages/atv/dist/cli.js --help");

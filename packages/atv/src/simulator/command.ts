import { networkInterfaces } from "node:os";
import { isIPv4 } from "node:net";
import { parseArgs } from "node:util";
import { startSimulator } from "./simulator.js";
import { startAppleTV3Simulator } from "./appletv3.js";
import { DEFAULT_PROFILE, isProfileName, profilesHelp } from "./profiles.js";

export interface SimulateIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Aborted when the process should stop (SIGINT/SIGTERM). */
  signal: AbortSignal;
}

const usage =
  (): string => `usage: atv simulate [--profile ${DEFAULT_PROFILE}] [--host 127.0.0.1] [--udns-port N] [--pin 1111]
                    [--name "Living Room"] [--identifier ID] [--demo] [--demo-interval ms]
                    [--mrp-port N] [--airplay-port N] [--multicast-interface NAME|IPv4]
                    [--keyboard-text TEXT] [--remote-pin 1234] [--pairing-required] [--count N]

profiles:
${profilesHelp()}

Ports are ephemeral unless fixed with --mrp-port / --airplay-port.
--keyboard-text starts with a focused text field (Companion). --remote-pin and --pairing-required
apply to appletv3 (DMAP): pair with remotes found by multicast, and advertise no Home Sharing id.
--count N starts N devices (one JSON line each) on consecutive addresses from --host (127.0.0.1,
127.0.0.2, …), each named "NAME i" with its own identifier and ports, all answering DNS-SD on the
same port: scan them with -s 127.0.0.1,127.0.0.2,… --scan-port PORT.`;

/** The i-th address after an IPv4 address (127.0.0.1 + 2 → 127.0.0.3). */
export function nthAddress(host: string, i: number): string {
  if (!isIPv4(host)) throw new RangeError(`--count needs an IPv4 --host, got ${host}`);
  const n = host.split(".").reduce((acc, part) => acc * 256 + Number(part), 0) + i;
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join(".");
}

/** An interface name (`eth0`) or IPv4 address → the IPv4 address to answer multicast on. */
export function resolveInterfaceAddress(nameOrAddress: string): string {
  if (isIPv4(nameOrAddress)) return nameOrAddress;
  const found = networkInterfaces()[nameOrAddress]?.find((a) => a.family === "IPv4");
  if (!found) throw new RangeError(`no interface ${nameOrAddress} with an IPv4 address`);
  return found.address;
}

/** `atv simulate`: runs until the signal aborts; prints one JSON line when ready. */
export async function runSimulate(argv: string[], io: SimulateIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        profile: { type: "string", default: DEFAULT_PROFILE },
        "mrp-port": { type: "string", default: "0" },
        "airplay-port": { type: "string", default: "0" },
        host: { type: "string", default: "127.0.0.1" },
        "udns-port": { type: "string", default: "0" },
        pin: { type: "string", default: "1111" },
        name: { type: "string", default: "Living Room" },
        identifier: { type: "string" },
        demo: { type: "boolean", default: false },
        "demo-interval": { type: "string", default: "4000" },
        "multicast-interface": { type: "string" },
        "keyboard-text": { type: "string" },
        "remote-pin": { type: "string" },
        "pairing-required": { type: "boolean", default: false },
        count: { type: "string", default: "1" },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
    }));
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n${usage()}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(`${usage()}\n`);
    return 0;
  }
  const profile = values.profile;
  if (!isProfileName(profile)) {
    io.stderr.write(`--profile: unknown profile ${JSON.stringify(profile)}\n${usage()}\n`);
    return 2;
  }
  const fixedPorts: Record<string, number> = {};
  for (const option of ["mrp-port", "airplay-port"] as const) {
    const port = Number(values[option]);
    if (!/^\d{1,5}$/.test(values[option]) || port > 65535) {
      io.stderr.write(`--${option} must be 0–65535\n`);
      return 2;
    }
    fixedPorts[option] = port;
  }
  const udnsPort = Number(values["udns-port"]);
  const demoIntervalMs = Number(values["demo-interval"]);
  if (!Number.isInteger(udnsPort) || udnsPort < 0 || udnsPort > 65535) {
    io.stderr.write(`--udns-port must be 0–65535\n`);
    return 2;
  }
  if (!/^\d{1,8}$/.test(values.pin)) {
    io.stderr.write(`--pin must be digits\n`);
    return 2;
  }
  if (!Number.isFinite(demoIntervalMs) || demoIntervalMs < 100) {
    io.stderr.write(`--demo-interval must be at least 100 ms\n`);
    return 2;
  }
  const count = Number(values.count);
  if (!/^\d{1,2}$/.test(values.count) || count < 1 || (count > 1 && !isIPv4(values.host))) {
    io.stderr.write(`--count must be 1–99 (with an IPv4 --host)\n`);
    return 2;
  }
  if (count > 1 && profile === "appletv3") {
    io.stderr.write(`--count is not supported with --profile appletv3\n`);
    return 2;
  }
  let multicastInterface: string | undefined;
  try {
    const named = values["multicast-interface"];
    multicastInterface = named === undefined ? undefined : resolveInterfaceAddress(named);
  } catch (error) {
    io.stderr.write(`--multicast-interface: ${(error as Error).message}\n`);
    return 2;
  }
  const common = {
    host: values.host,
    udnsPort,
    name: values.name,
    demo: values.demo,
    demoIntervalMs,
    ...(values.identifier ? { identifier: values.identifier } : {}),
    ...(multicastInterface ? { multicastInterface } : {}),
  };
  if (count > 1) {
    const simulators = [];
    let port = udnsPort;
    try {
      for (let i = 0; i < count; i++) {
        const sim = await startSimulator({
          ...common,
          host: nthAddress(values.host, i),
          udnsPort: port,
          name: `${values.name} ${i + 1}`,
          ...(values.identifier ? { identifier: `${values.identifier}-${i + 1}` } : {}),
          profile,
          pin: values.pin,
          mrpPort: fixedPorts["mrp-port"] ?? 0,
          airplayPort: fixedPorts["airplay-port"] ?? 0,
          ...(values["keyboard-text"] === undefined ? {} : { keyboardText: values["keyboard-text"] }),
        });
        simulators.push(sim);
        port = sim.info.ports.udns;
        io.stdout.write(`${JSON.stringify(sim.info)}\n`);
      }
      await new Promise<void>((resolve) => {
        if (io.signal.aborted) resolve();
        else io.signal.addEventListener("abort", () => resolve(), { once: true });
      });
    } finally {
      await Promise.allSettled(simulators.map((s) => s.close()));
    }
    return 0;
  }
  // Apple TV 3 from the command line: the DMAP device (login with the hsgid from TXT hG, or a paired GUID).
  const simulator =
    profile === "appletv3"
      ? await startAppleTV3Simulator({
          ...common,
          ...(values["remote-pin"] !== undefined ? { remotePin: values["remote-pin"] } : {}),
          homeSharing: !values["pairing-required"],
          onPairing: (result) =>
            io.stdout.write(`${JSON.stringify({ event: "remote_pairing", ...result })}\n`),
        })
      : await startSimulator({
          ...common,
          profile,
          pin: values.pin,
          mrpPort: fixedPorts["mrp-port"] ?? 0,
          airplayPort: fixedPorts["airplay-port"] ?? 0,
          ...(values["keyboard-text"] === undefined ? {} : { keyboardText: values["keyboard-text"] }),
        });
  io.stdout.write(`${JSON.stringify(simulator.info)}\n`);
  await new Promise<void>((resolve) => {
    if (io.signal.aborted) resolve();
    else io.signal.addEventListener("abort", () => resolve(), { once: true });
  });
  await simulator.close();
  return 0;
}

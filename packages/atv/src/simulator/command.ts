import { networkInterfaces } from "node:os";
import { isIPv4 } from "node:net";
import { parseArgs } from "node:util";
import { startAppleTV3Simulator } from "./appletv3.js";
import { startSimulator } from "./simulator.js";

export interface SimulateIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  /** Aborted when the process should stop (SIGINT/SIGTERM). */
  signal: AbortSignal;
}

const usage = `usage: atv simulate [--host 127.0.0.1] [--udns-port N] [--pin 1111] [--name "Living Room"]
                    [--identifier ID] [--demo] [--demo-interval ms] [--multicast-interface NAME|IPv4]
                    [--profile appletv4k|appletv3] [--remote-pin 1234] [--pairing-required]
                    [--keyboard-text TEXT]`;

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
        host: { type: "string", default: "127.0.0.1" },
        "udns-port": { type: "string", default: "0" },
        pin: { type: "string", default: "1111" },
        name: { type: "string", default: "Living Room" },
        identifier: { type: "string" },
        demo: { type: "boolean", default: false },
        "demo-interval": { type: "string", default: "4000" },
        "multicast-interface": { type: "string" },
        profile: { type: "string", default: "appletv4k" },
        "remote-pin": { type: "string" },
        "pairing-required": { type: "boolean", default: false },
        "keyboard-text": { type: "string" },
        help: { type: "boolean", short: "h", default: false },
      },
      strict: true,
    }));
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n${usage}\n`);
    return 2;
  }
  if (values.help) {
    io.stdout.write(`${usage}\n`);
    return 0;
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
  let multicastInterface: string | undefined;
  try {
    const named = values["multicast-interface"];
    multicastInterface = named === undefined ? undefined : resolveInterfaceAddress(named);
  } catch (error) {
    io.stderr.write(`--multicast-interface: ${(error as Error).message}\n`);
    return 2;
  }
  if (values.profile !== "appletv4k" && values.profile !== "appletv3") {
    io.stderr.write(`--profile must be appletv4k or appletv3\n`);
    return 2;
  }
  const common = {
    host: values.host,
    udnsPort,
    name: values.name,
    demo: values.demo,
    demoIntervalMs,
    ...(values.identifier ? { identifier: values.identifier } : {}),
    ...(values["keyboard-text"] === undefined ? {} : { keyboardText: values["keyboard-text"] }),
    ...(multicastInterface ? { multicastInterface } : {}),
  };
  // Apple TV 3: DMAP only (login with the hsgid from TXT hG, or a paired GUID).
  const simulator =
    values.profile === "appletv3"
      ? await startAppleTV3Simulator({
          ...common,
          // Apple TV 3: pair with remotes found by multicast using this PIN; no hG when pairing is required.
          ...(values["remote-pin"] !== undefined ? { remotePin: values["remote-pin"] } : {}),
          homeSharing: !values["pairing-required"],
          onPairing: (result) =>
            io.stdout.write(`${JSON.stringify({ event: "remote_pairing", ...result })}\n`),
        })
      : await startSimulator({ ...common, pin: values.pin });
  io.stdout.write(`${JSON.stringify(simulator.info)}\n`);
  await new Promise<void>((resolve) => {
    if (io.signal.aborted) resolve();
    else io.signal.addEventListener("abort", () => resolve(), { once: true });
  });
  await simulator.close();
  return 0;
}

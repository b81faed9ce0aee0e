import { createLogger, type Logger } from "@atv/core";
import { createHash } from "node:crypto";
import { startAirPlayServer, type AirPlayServer } from "@atv/airplay";
import { ChannelTransport, startMrpServer, type MrpServer } from "@atv/mrp";
import { createResponder, type Responder } from "@atv/zeroconf";
import { DEFAULT_PROFILE, SIMULATOR_PROFILES, type SimulatorProfileName } from "./profiles.js";

/** What the default profile (`tvos14`) advertises: a tvOS 14 Apple TV 4K (clients use MRP directly). */
export const SIMULATOR_MODEL = "AppleTV6,2";
export const SIMULATOR_INTERNAL_NAME = "J105aAP";
export const SIMULATOR_BUILD = "18M60";
export const SIMULATOR_OS_VERSION = "14.7";

/** AirPlay identity derived from a stable identifier, so a restarted simulator keeps its MAC and keys. */
function stableAirPlayIdentity(identifier: string): {
  deviceId: string;
  pairingIdentity: string;
  publicIdentity: string;
  ltsk: Uint8Array;
} {
  const digest = (label: string): Buffer => createHash("sha256").update(`${label}:${identifier}`).digest();
  const mac = [...digest("mac").subarray(0, 6)].map((b) => b.toString(16).padStart(2, "0").toUpperCase());
  mac[0] = "02";
  const uuid = (b: Buffer): string => {
    const h = b.toString("hex");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
  };
  return {
    deviceId: mac.join(":"),
    pairingIdentity: uuid(digest("pi")),
    publicIdentity: uuid(digest("psi")),
    ltsk: new Uint8Array(digest("ltsk")),
  };
}

export interface SimulatorOptions {
  /** Which kind of device to be (default `tvos14`); see SIMULATOR_PROFILES. */
  profile?: SimulatorProfileName;
  /** Fixed ports (default 0: ephemeral), so a restarted simulator comes back where clients expect it. */
  mrpPort?: number;
  airplayPort?: number;
  /** Address every service listens on and is advertised at (default 127.0.0.1). */
  host?: string;
  /** Unicast DNS-SD port (default 0: any free port). */
  udnsPort?: number;
  /** The PIN pair-setup accepts (what the screen would show). Default 1111. */
  pin?: string | number;
  name?: string;
  /** Stable identifier (default random); lets a client's stored settings match a restarted simulator. */
  identifier?: string;
  /** Also answer multicast DNS on the interface with this IPv4 address (only inside a namespace you made, or on purpose). */
  multicastInterface?: string;
  /** Cycle music, video and idle every `demoIntervalMs` (default 4000). */
  demo?: boolean;
  demoIntervalMs?: number;
  logger?: Logger;
}

export interface SimulatorInfo {
  profile: SimulatorProfileName;
  name: string;
  address: string;
  identifiers: { mrp: string; airplay: string };
  /** `mrp` is 0 when MRP has no port of its own (only through the AirPlay tunnel, or none). */
  ports: { mrp: number; airplay: number; udns: number };
  /** Every advertised service with its port. */
  services: { protocol: "mrp" | "airplay"; port: number }[];
  pin: string;
  model: string;
}

export interface Simulator extends AsyncDisposable {
  readonly info: SimulatorInfo;
  /**
   * The MRP device side: its state and intent-level use cases. Served on its own port (`tvos14`),
   * through the AirPlay tunnel (`tvos17`, `homepod`; also accepted by `tvos14`), or unreachable.
   */
  readonly mrp: MrpServer;
  /** The AirPlay receiver (pairing, play_url): its state records what was played. */
  readonly airplay: AirPlayServer;
  close(): Promise<void>;
}

const demoScenes = [
  (s: MrpServer) =>
    s.useCases.musicPlaying({
      title: "Never Gonna Give You Up",
      artist: "Rick Astley",
      album: "Whenever You Need Somebody",
      genre: "Pop",
      totalTime: 213,
      position: 12,
    }),
  (s: MrpServer) => s.useCases.videoPlaying({ title: "Big Buck Bunny", totalTime: 596, position: 42 }),
  (s: MrpServer) => s.useCases.nothingPlaying(),
] as const;

/** Starts a simulated Apple TV: the MRP and AirPlay device sides plus a DNS-SD responder. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const host = options.host ?? "127.0.0.1";
  const name = options.name ?? "Living Room";
  const pin = String(options.pin ?? 1111).padStart(4, "0");
  const logger = options.logger ?? createLogger("atv:simulator");
  const profile = SIMULATOR_PROFILES[options.profile ?? DEFAULT_PROFILE];
  const mrp = await startMrpServer({
    host,
    pin,
    listen: profile.mrp === "direct",
    ...(options.mrpPort ? { port: options.mrpPort } : {}),
    identity: {
      name,
      modelID: profile.model,
      systemBuildVersion: profile.build,
      ...(options.identifier
        ? {
            uniqueIdentifier: options.identifier,
            deviceUID: options.identifier,
            pairingId: options.identifier,
          }
        : {}),
    },
    logger,
  });
  let airplay: AirPlayServer;
  try {
    airplay = await startAirPlayServer({
      host,
      pin,
      ...(options.airplayPort ? { port: options.airplayPort } : {}),
      identity: {
        name,
        model: profile.model,
        osVersion: profile.airplay.osVersion,
        sourceVersion: profile.airplay.sourceVersion,
        features: profile.airplay.features,
        flags: profile.airplay.flags,
        ...(options.identifier ? stableAirPlayIdentity(options.identifier) : {}),
      },
      // The remote-control tunnel serves the same MRP device (tvOS 15+ and HomePods need it).
      ...(profile.mrp === "none"
        ? {}
        : {
            onRemoteControl: (channel) =>
              mrp.serve(new ChannelTransport(channel, { label: "device (tunnel)", logger })),
          }),
      logger,
    });
  } catch (error) {
    await mrp.close();
    throw error;
  }
  const services: SimulatorInfo["services"] = [];
  if (profile.mrp === "direct") services.push({ protocol: "mrp", port: mrp.port });
  services.push({ protocol: "airplay", port: airplay.port });
  const responder: Responder = createResponder({
    services: [
      ...(profile.mrp === "direct"
        ? [
            {
              type: "_mediaremotetv._tcp.local",
              name,
              port: mrp.port,
              address: host,
              properties: mrp.properties,
            },
          ]
        : []),
      {
        type: "_airplay._tcp.local",
        name,
        port: airplay.port,
        address: host,
        properties: airplay.properties,
      },
    ],
    ...(profile.internalName ? { deviceInfoModel: profile.internalName } : {}),
    unicast: { address: host, port: options.udnsPort ?? 0 },
    ...(options.multicastInterface ? { multicast: { interfaceAddress: options.multicastInterface } } : {}),
  });
  try {
    await responder.start();
  } catch (error) {
    await Promise.allSettled([mrp.close(), airplay.close()]);
    throw error;
  }

  let timer: NodeJS.Timeout | undefined;
  if (options.demo) {
    let scene = 0;
    demoScenes[0](mrp);
    timer = setInterval(() => {
      scene = (scene + 1) % demoScenes.length;
      demoScenes[scene]?.(mrp);
    }, options.demoIntervalMs ?? 4000);
    timer.unref();
  }

  const info: SimulatorInfo = {
    profile: profile.name,
    name,
    address: host,
    identifiers: { mrp: mrp.state.identity.uniqueIdentifier, airplay: airplay.state.identity.deviceId },
    ports: { mrp: mrp.port, airplay: airplay.port, udns: responder.port },
    services,
    pin,
    model: profile.model,
  };
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      if (timer) clearInterval(timer);
      await Promise.allSettled([responder.close(), mrp.close(), airplay.close()]);
    })());
  return { info, mrp, airplay, close, [Symbol.asyncDispose]: close };
}

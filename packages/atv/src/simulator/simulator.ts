import { createLogger, type Logger } from "@atv/core";
import { createHash, randomUUID } from "node:crypto";
import { startAirPlayServer, type AirPlayServer } from "@atv/airplay";
import { startCompanionServer, type CompanionServer } from "@atv/companion";
import { ChannelTransport, startMrpServer, type MrpServer } from "@atv/mrp";
import { startRaopReceiver, type RaopReceiver } from "@atv/raop";
import { createResponder, type Responder, type PublishedService } from "@atv/zeroconf";
import { DEFAULT_PROFILE, SIMULATOR_PROFILES, type SimulatorProfileName } from "./profiles.js";

/** What the default profile (`tvos14`) advertises: a tvOS 14 Apple TV 4K (clients use MRP directly). */
export const SIMULATOR_MODEL = "AppleTV6,2";
export const SIMULATOR_INTERNAL_NAME = "J105aAP";
export const SIMULATOR_BUILD = "18M60";
export const SIMULATOR_OS_VERSION = "14.7";

/** AirPlay identity (and the MAC) derived from an identifier, so a restarted simulator keeps its MAC and keys. */
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
  /** Start with a focused text field holding this text (Companion keyboard). */
  keyboardText?: string;
  logger?: Logger;
}

export type SimulatedProtocol = "mrp" | "airplay" | "companion" | "raop";

export interface SimulatorInfo {
  profile: SimulatorProfileName;
  name: string;
  address: string;
  /** Identifiers per service; empty when the profile does not run that service. */
  identifiers: { mrp: string; airplay: string; companion: string; raop: string };
  /** `mrp` is 0 when MRP has no port of its own (only through the AirPlay tunnel, or none); 0 for services not run. */
  ports: { mrp: number; airplay: number; companion: number; raop: number; udns: number };
  /** Every advertised service with its port. */
  services: { protocol: SimulatedProtocol; port: number }[];
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
  /** The Companion device side (apps, accounts, power, keyboard, touch; needs pairing), on Apple TV profiles. */
  readonly companion: CompanionServer | undefined;
  /** The RAOP receiver (stream_file): its state keeps the decoded PCM, metadata and volume. */
  readonly raop: RaopReceiver | undefined;
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

/** Closes everything started so far when a later step fails. */
async function closeAll(...closers: ({ close(): Promise<void> } | undefined)[]): Promise<void> {
  await Promise.allSettled(closers.map(async (c) => c?.close()));
}

/** Starts a simulated device of a profile: MRP, AirPlay, Companion and RAOP device sides plus a DNS-SD responder. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const host = options.host ?? "127.0.0.1";
  const name = options.name ?? "Living Room";
  const pin = String(options.pin ?? 1111).padStart(4, "0");
  const logger = options.logger ?? createLogger("atv:simulator");
  const profile = SIMULATOR_PROFILES[options.profile ?? DEFAULT_PROFILE];
  // One MAC for every service, as on a real device (MRP macAddress = AirPlay deviceid = RAOP name).
  const airplayIdentity = stableAirPlayIdentity(options.identifier ?? randomUUID());
  const mrp = await startMrpServer({
    host,
    pin,
    listen: profile.mrp === "direct",
    ...(options.mrpPort ? { port: options.mrpPort } : {}),
    identity: {
      name,
      modelID: profile.model,
      systemBuildVersion: profile.build,
      macAddress: airplayIdentity.deviceId,
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
        ...airplayIdentity,
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
    await closeAll(mrp);
    throw error;
  }
  let companion: CompanionServer | undefined;
  let raop: RaopReceiver | undefined;
  try {
    if (profile.companion)
      companion = await startCompanionServer({
        host,
        pin,
        // The media-route id of a real Apple TV is its MRP unique identifier.
        identity: { name, model: profile.model, mediaRouteId: mrp.state.identity.uniqueIdentifier },
        logger,
      });
    if (profile.raop) raop = await startRaopReceiver({ host, name, model: profile.model, logger });
  } catch (error) {
    await closeAll(mrp, airplay, companion, raop);
    throw error;
  }
  if (companion && options.keyboardText !== undefined) companion.useCases.focusKeyboard(options.keyboardText);

  const raopId = airplay.state.identity.deviceId.replaceAll(":", "");
  const services: SimulatorInfo["services"] = [];
  const records: PublishedService[] = [];
  if (profile.mrp === "direct") {
    services.push({ protocol: "mrp", port: mrp.port });
    records.push({
      type: "_mediaremotetv._tcp.local",
      name,
      port: mrp.port,
      address: host,
      properties: mrp.properties,
    });
  }
  services.push({ protocol: "airplay", port: airplay.port });
  records.push({
    type: "_airplay._tcp.local",
    name,
    port: airplay.port,
    address: host,
    properties: airplay.properties,
  });
  if (companion) {
    services.push({ protocol: "companion", port: companion.port });
    records.push({
      type: "_companion-link._tcp.local",
      name,
      port: companion.port,
      address: host,
      properties: companion.properties,
    });
  }
  if (raop) {
    services.push({ protocol: "raop", port: raop.port });
    records.push({
      type: "_raop._tcp.local",
      name: `${raopId}@${name}`,
      port: raop.port,
      address: host,
      properties: raop.txt(),
    });
  }
  const responder: Responder = createResponder({
    services: records,
    ...(profile.internalName ? { deviceInfoModel: profile.internalName } : {}),
    unicast: { address: host, port: options.udnsPort ?? 0 },
    ...(options.multicastInterface ? { multicast: { interfaceAddress: options.multicastInterface } } : {}),
    // Dropped or malformed datagrams show up with DEBUG=atv:*.
    logger: { debug: (m) => logger("zeroconf: %s", m) },
  });
  try {
    await responder.start();
  } catch (error) {
    await closeAll(mrp, airplay, companion, raop);
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
    identifiers: {
      mrp: mrp.state.identity.uniqueIdentifier,
      airplay: airplay.state.identity.deviceId,
      companion: companion ? companion.state.identity.mediaRouteId : "",
      raop: raop ? raopId : "",
    },
    ports: {
      mrp: mrp.port,
      airplay: airplay.port,
      companion: companion?.port ?? 0,
      raop: raop?.port ?? 0,
      udns: responder.port,
    },
    services,
    pin,
    model: profile.model,
  };
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      if (timer) clearInterval(timer);
      await closeAll(responder, mrp, airplay, companion, raop);
    })());
  return { info, mrp, airplay, companion, raop, close, [Symbol.asyncDispose]: close };
}

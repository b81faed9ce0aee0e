import { createLogger, type Logger } from "@atv/core";
import { createHash, randomUUID } from "node:crypto";
import { startAirPlayServer, type AirPlayServer } from "@atv/airplay";
import { startRaopReceiver, type RaopReceiver } from "@atv/raop";
import { startMrpServer, type MrpServer } from "@atv/mrp";
import { startCompanionServer, type CompanionServer } from "@atv/companion";
import { createResponder, type Responder } from "@atv/zeroconf";

/** What the simulator advertises: a tvOS 14 Apple TV 4K (clients use MRP directly). */
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

export interface SimulatorInfo {
  name: string;
  address: string;
  identifiers: { mrp: string; airplay: string; companion: string; raop: string };
  ports: { mrp: number; airplay: number; companion: number; raop: number; udns: number };
  pin: string;
  model: string;
}

export interface Simulator extends AsyncDisposable {
  readonly info: SimulatorInfo;
  /** The MRP device side: its state and intent-level use cases. */
  readonly mrp: MrpServer;
  /** The AirPlay receiver (pairing, play_url): its state records what was played. */
  readonly airplay: AirPlayServer;
  /** The Companion device side (apps, accounts, power, keyboard, touch; needs pairing). */
  readonly companion: CompanionServer;
  /** The RAOP receiver (stream_file): its state keeps the decoded PCM, metadata and volume. */
  readonly raop: RaopReceiver;
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

/** Starts a simulated Apple TV: the MRP, AirPlay and Companion device sides plus a DNS-SD responder. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const host = options.host ?? "127.0.0.1";
  const name = options.name ?? "Living Room";
  const pin = String(options.pin ?? 1111).padStart(4, "0");
  const logger = options.logger ?? createLogger("atv:simulator");
  // One MAC for every service, as on a real Apple TV (MRP macAddress = AirPlay deviceid = RAOP name).
  const airplayIdentity = stableAirPlayIdentity(options.identifier ?? randomUUID());
  const mrp = await startMrpServer({
    host,
    pin,
    identity: {
      name,
      modelID: SIMULATOR_MODEL,
      systemBuildVersion: SIMULATOR_BUILD,
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
  let companion: CompanionServer;
  try {
    airplay = await startAirPlayServer({
      host,
      pin,
      identity: {
        name,
        model: SIMULATOR_MODEL,
        osVersion: SIMULATOR_OS_VERSION,
        ...airplayIdentity,
      },
      logger,
    });
  } catch (error) {
    await mrp.close();
    throw error;
  }
  try {
    companion = await startCompanionServer({
      host,
      pin,
      // The media-route id of a real Apple TV is its MRP unique identifier.
      identity: { name, model: SIMULATOR_MODEL, mediaRouteId: mrp.state.identity.uniqueIdentifier },
      logger,
    });
  } catch (error) {
    await Promise.allSettled([mrp.close(), airplay.close()]);
    throw error;
  }
  let raop: RaopReceiver;
  try {
    raop = await startRaopReceiver({ host, name, model: SIMULATOR_MODEL, logger });
  } catch (error) {
    await Promise.allSettled([mrp.close(), airplay.close()]);
    throw error;
  }
  if (options.keyboardText !== undefined) companion.useCases.focusKeyboard(options.keyboardText);
  const raopName = `${airplay.state.identity.deviceId.replaceAll(":", "")}@${name}`;
  const responder: Responder = createResponder({
    services: [
      { type: "_mediaremotetv._tcp.local", name, port: mrp.port, address: host, properties: mrp.properties },
      {
        type: "_airplay._tcp.local",
        name,
        port: airplay.port,
        address: host,
        properties: airplay.properties,
      },
      {
        type: "_companion-link._tcp.local",
        name,
        port: companion.port,
        address: host,
        properties: companion.properties,
      },
      { type: "_raop._tcp.local", name: raopName, port: raop.port, address: host, properties: raop.txt() },
    ],
    deviceInfoModel: SIMULATOR_INTERNAL_NAME,
    unicast: { address: host, port: options.udnsPort ?? 0 },
    ...(options.multicastInterface ? { multicast: { interfaceAddress: options.multicastInterface } } : {}),
    // Dropped or malformed datagrams show up with DEBUG=atv:*.
    logger: { debug: (m) => logger("zeroconf: %s", m) },
  });
  try {
    await responder.start();
  } catch (error) {
    await Promise.allSettled([mrp.close(), airplay.close(), companion.close(), raop.close()]);
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
    name,
    address: host,
    identifiers: {
      mrp: mrp.state.identity.uniqueIdentifier,
      airplay: airplay.state.identity.deviceId,
      companion: companion.state.identity.mediaRouteId,
      raop: airplay.state.identity.deviceId.replaceAll(":", ""),
    },
    ports: {
      mrp: mrp.port,
      airplay: airplay.port,
      companion: companion.port,
      raop: raop.port,
      udns: responder.port,
    },
    pin,
    model: SIMULATOR_MODEL,
  };
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      if (timer) clearInterval(timer);
      await Promise.allSettled([
        responder.close(),
        mrp.close(),
        airplay.close(),
        companion.close(),
        raop.close(),
      ]);
    })());
  return { info, mrp, airplay, companion, raop, close, [Symbol.asyncDispose]: close };
}

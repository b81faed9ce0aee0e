/**
 * The Apple TV 3 profile of the simulator: a DMAP/DACP device (the `@atv/dmap` device side)
 * announced as `_touch-able._tcp` and `_appletv-v2._tcp` (Home Sharing, TXT `hG`), as an
 * Apple TV 2/3 does. No MRP: clients use DMAP.
 */
import { randomBytes } from "node:crypto";
import { createLogger, type Logger } from "@atv/core";
import {
  DEFAULT_HSGID,
  TOUCH_REMOTE_SERVICE_TYPE,
  pairWithRemote,
  startDmapServer,
  type DmapServer,
} from "@atv/dmap";
import { browse, createResponder, type Responder } from "@atv/zeroconf";

export const APPLETV3_MODEL = "AppleTV3,2";
/** What `_device-info` carries (the internal name of an AppleTV3,2). */
export const APPLETV3_INTERNAL_NAME = "J33IAP";

export interface AppleTV3SimulatorOptions {
  host?: string;
  udnsPort?: number;
  name?: string;
  /** DMAP identifier (the instance name up to `_`); default 16 random hex digits. */
  identifier?: string;
  /** Home Sharing id advertised in `hG` and accepted by /login. */
  hsgid?: string;
  /** Pairing GUIDs (`0x…`) the device accepts besides the hsgid. */
  pairingGuids?: readonly string[];
  multicastInterface?: string;
  /**
   * With `multicastInterface`: pair with every remote announcing `_touch-remote._tcp` there,
   * as if the user picked it in Settings → Remotes and typed this PIN.
   */
  remotePin?: string;
  /** Advertise `_appletv-v2._tcp` with TXT `hG` (Home Sharing). Default true; false makes pairing mandatory. */
  homeSharing?: boolean;
  /** Told about every pairing attempt of `remotePin`. */
  onPairing?: (result: RemotePairingResult) => void;
  demo?: boolean;
  demoIntervalMs?: number;
  logger?: Logger;
}

export interface RemotePairingResult {
  /** The remote's instance name. */
  remote: string;
  /** `0x<GUID>` the device now accepts, when the remote took the code. */
  credentials?: string;
  error?: string;
}

export interface AppleTV3SimulatorInfo {
  profile: "appletv3";
  name: string;
  address: string;
  identifiers: { dmap: string };
  ports: { dmap: number; udns: number };
  hsgid: string;
  model: string;
}

export interface AppleTV3Simulator extends AsyncDisposable {
  readonly info: AppleTV3SimulatorInfo;
  readonly dmap: DmapServer;
  close(): Promise<void>;
}

const PNG_1X1 = Uint8Array.from(
  Buffer.from(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000" +
      "1f15c4890000000d49444154789c6360f8cfc0f01f0005000201a5d8b1c40000000049454e44ae426082",
    "hex",
  ),
);

const demoScenes = [
  (s: DmapServer) =>
    s.useCases.musicPlaying({
      title: "Never Gonna Give You Up",
      artist: "Rick Astley",
      album: "Whenever You Need Somebody",
      genre: "Pop",
      totalTime: 213,
      position: 12,
      artwork: PNG_1X1,
    }),
  (s: DmapServer) => s.useCases.videoPlaying({ title: "Big Buck Bunny", totalTime: 596, position: 42 }),
  (s: DmapServer) => s.useCases.nothingPlaying(),
] as const;

export async function startAppleTV3Simulator(
  options: AppleTV3SimulatorOptions = {},
): Promise<AppleTV3Simulator> {
  const host = options.host ?? "127.0.0.1";
  const name = options.name ?? "Living Room";
  const identifier = (options.identifier ?? randomBytes(8).toString("hex")).toUpperCase();
  const logger = options.logger ?? createLogger("atv:simulator:dmap");
  const dmap = await startDmapServer({
    host,
    name,
    hsgid: options.hsgid ?? DEFAULT_HSGID,
    ...(options.pairingGuids ? { pairingGuids: options.pairingGuids } : {}),
    logger,
  });
  const services = [
    {
      type: "_touch-able._tcp.local",
      name: identifier,
      port: dmap.port,
      address: host,
      properties: dmap.touchAbleProperties,
    },
  ];
  if (options.homeSharing ?? true) {
    services.push({
      type: "_appletv-v2._tcp.local",
      name: identifier,
      port: dmap.port,
      address: host,
      properties: dmap.homeSharingProperties,
    });
  }
  const responder: Responder = createResponder({
    services,
    deviceInfoModel: APPLETV3_INTERNAL_NAME,
    deviceName: name,
    unicast: { address: host, port: options.udnsPort ?? 0 },
    ...(options.multicastInterface ? { multicast: { interfaceAddress: options.multicastInterface } } : {}),
  });
  try {
    await responder.start();
  } catch (error) {
    await dmap.close();
    throw error;
  }
  let timer: NodeJS.Timeout | undefined;
  if (options.demo) {
    let scene = 0;
    demoScenes[0](dmap);
    timer = setInterval(() => {
      scene = (scene + 1) % demoScenes.length;
      demoScenes[scene]?.(dmap);
    }, options.demoIntervalMs ?? 4000);
    timer.unref();
  }
  const stopPairing = new AbortController();
  if (options.remotePin !== undefined && options.multicastInterface) {
    void pairRemotes(dmap, options.multicastInterface, options.remotePin, stopPairing.signal, (result) => {
      logger("remote pairing: %o", result);
      options.onPairing?.(result);
    });
  }

  const info: AppleTV3SimulatorInfo = {
    profile: "appletv3",
    name,
    address: host,
    identifiers: { dmap: identifier },
    ports: { dmap: dmap.port, udns: responder.port },
    hsgid: dmap.hsgid,
    model: APPLETV3_MODEL,
  };
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      if (timer) clearInterval(timer);
      stopPairing.abort();
      await Promise.allSettled([responder.close(), dmap.close()]);
    })());
  return { info, dmap, close, [Symbol.asyncDispose]: close };
}

/** Browses for remotes on `interfaceAddress` and pairs with each new one using `pin`, until `signal` aborts. */
async function pairRemotes(
  dmap: DmapServer,
  interfaceAddress: string,
  pin: string,
  signal: AbortSignal,
  report: (result: RemotePairingResult) => void,
): Promise<void> {
  const tried = new Set<string>();
  while (!signal.aborted) {
    try {
      for await (const device of browse({
        serviceTypes: [TOUCH_REMOTE_SERVICE_TYPE],
        interfaces: [interfaceAddress],
        timeoutMs: 1500,
        signal,
      })) {
        for (const service of device.services) {
          const guid = service.properties["pair"];
          const key = `${service.address}:${service.port}:${guid ?? ""}`;
          if (guid === undefined || tried.has(key)) continue;
          tried.add(key);
          try {
            const credentials = await pairWithRemote(
              dmap,
              { address: service.address, port: service.port, pairingGuid: guid, pin },
              { signal },
            );
            report({ remote: service.name, credentials });
          } catch (error) {
            if (signal.aborted) return;
            report({ remote: service.name, error: error instanceof Error ? error.message : String(error) });
          }
        }
      }
    } catch {
      if (signal.aborted) return;
      await new Promise((resolve) => setTimeout(resolve, 500).unref());
    }
  }
}

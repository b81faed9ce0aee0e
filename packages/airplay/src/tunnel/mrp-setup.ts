/**
 * MRP through the AirPlay 2 tunnel as a protocol setup: an `MrpSetup` whose transport factory
 * opens its own AirPlay control connection, authenticates it (HAP pair-verify, or transient
 * pairing for a HomePod), switches on the Control keys, builds the tunnel and runs MRP on its data
 * channel without MRP pair-verify and without the MRP heartbeat (mrp.md §14). pyatv's gate
 * (`protocols.airplay.mrp_tunnel`): `disable` → never; `force` → always; `auto` → when the receiver
 * supports it (airplay.md §1) with HAP or transient credentials, and the device has no direct MRP.
 */
import { MrpTunnel, Protocol, type ProtocolCore } from "@atv/core";
import type { HapCredentials } from "@atv/hap-crypto";
import { ChannelTransport, MrpSetup } from "@atv/mrp/protocol";
import { isRemoteControlSupported } from "../discovery.js";
import { HttpConnection } from "../http/connection.js";
import { verifyConnection } from "../pairing/verify.js";
import { AirPlayTunnel } from "./client.js";
import { ConnectionAuthorizationRequiredError } from "../errors.js";

/** Whether the AirPlay module should add MRP over the tunnel for this device (pyatv's rule). */
export function shouldTunnelMrp(core: ProtocolCore, credentialsOf: () => HapCredentials): boolean {
  const mode = core.settings.protocols.airplay.mrp_tunnel;
  if (mode === MrpTunnel.Disable) return false;
  if (mode === MrpTunnel.Force) return true;
  const direct = core.config.getService(Protocol.MRP);
  if (direct?.enabled) return false;
  let credentials: HapCredentials;
  try {
    credentials = credentialsOf();
  } catch {
    return false; // unreadable stored credentials: AirPlay itself reports them when used
  }
  if (credentials.kind !== "hap" && credentials.kind !== "transient") return false;
  return isRemoteControlSupported(core.service.properties, credentials.kind);
}

export interface TunnelledMrpOptions {
  host: string;
  port: number;
  credentials: () => HapCredentials;
  /** Timeout of each connect and request. Default 10 s. */
  timeoutMs?: number;
  /** Keep-alive period (default 2000 ms). */
  feedbackIntervalMs?: number;
}

/** The MrpSetup that runs over the AirPlay tunnel to `host:port`. */
export function tunnelledMrpSetup(core: ProtocolCore, options: TunnelledMrpOptions): MrpSetup {
  const { settings } = core;
  const info = settings.info;
  const logger = core.logger;
  return new MrpSetup({
    name: info.name,
    deviceId: core.config.identifier,
    pairVerify: false,
    heartbeatIntervalMs: 0,
    ...(logger ? { logger } : {}),
    transport: async ({ signal }) => {
      const timeoutMs = options.timeoutMs ?? 10_000;
      const control = await HttpConnection.connect(options.host, options.port, {
        ...(signal ? { signal } : {}),
        connectTimeoutMs: timeoutMs,
        requestTimeoutMs: timeoutMs,
        label: "tunnel control (client)",
        ...(logger ? { logger } : {}),
      });
      let secret: Uint8Array | undefined;
      try {
        secret = await verifyConnection(control, options.credentials(), {
          encrypt: true,
          timeoutMs,
          ...(signal ? { signal } : {}),
        });
        if (!secret) {
          throw new ConnectionAuthorizationRequiredError(
            "the MRP tunnel needs HAP credentials (pair AirPlay) or a receiver with transient pairing",
          );
        }
      } catch (error) {
        await control.close();
        throw error;
      }
      try {
        const tunnel = await AirPlayTunnel.open(control, secret, {
          host: options.host,
          timeoutMs,
          clientInfo: {
            name: info.name,
            deviceID: info.device_id,
            macAddress: info.mac,
            model: info.model,
            osName: info.os_name,
            osVersion: info.os_version,
            osBuildVersion: info.os_build,
          },
          ...(options.feedbackIntervalMs === undefined
            ? {}
            : { feedbackIntervalMs: options.feedbackIntervalMs }),
          ...(signal ? { signal } : {}),
          ...(logger ? { logger } : {}),
        });
        return new ChannelTransport(tunnel, { label: "client", ...(logger ? { logger } : {}) });
      } finally {
        secret.fill(0);
      }
    },
  });
}

/**
 * A loopback AirPlay receiver that only speaks the remote-control tunnel: an HTTP/RTSP server whose
 * connections are encrypted with the Control keys of a fixed shared secret (standing in for the
 * pair-verify the AirPlay package does), a TunnelReceiver per connection, and @atv/mrp's fake
 * device (no TCP port) served on every data channel.
 */
import { randomBytes } from "node:crypto";
import { deriveHapSessionKeys } from "@atv/hap-crypto";
import { ChannelTransport, startMrpServer, type MrpServer } from "@atv/mrp";
import { HttpConnection } from "../../../src/http/connection.js";
import { response, type HttpRequest, type HttpResponse } from "../../../src/http/message.js";
import { HttpServer } from "../../../src/http/server.js";
import { AirPlayTunnel, type AirPlayTunnelOptions } from "../../../src/tunnel/client.js";
import { TunnelReceiver } from "../../../src/tunnel/receiver.js";

export interface TunnelDevice {
  readonly secret: Uint8Array;
  readonly mrp: MrpServer;
  readonly http: HttpServer;
  readonly receivers: TunnelReceiver[];
  readonly requests: string[];
  /** When true, /feedback requests are never answered (a hung receiver). */
  stallFeedback: boolean;
  close(): Promise<void>;
}

export async function startTunnelDevice(): Promise<TunnelDevice> {
  const secret = new Uint8Array(randomBytes(32));
  const mrp = await startMrpServer({ listen: false, identity: { name: "Tunnel ATV" } });
  const receivers: TunnelReceiver[] = [];
  const byConnection = new WeakMap<HttpConnection, TunnelReceiver>();
  const requests: string[] = [];
  const device: { stallFeedback: boolean } = { stallFeedback: false };
  const handler = async (request: HttpRequest, connection: HttpConnection): Promise<HttpResponse> => {
    requests.push(`${request.method} ${request.uri.startsWith("rtsp:") ? "<session>" : request.uri}`);
    if (request.uri === "/feedback" && device.stallFeedback)
      return new Promise<HttpResponse>(() => undefined);
    const answer = await byConnection.get(connection)?.handle(request);
    return answer ?? response({ status: 404 });
  };
  const http = await HttpServer.listen({
    handler,
    onConnection: (connection) => {
      connection.enableEncryption(deriveHapSessionKeys(secret, "server"));
      const receiver = new TunnelReceiver(secret, {
        onDataChannel: (channel) => mrp.serve(new ChannelTransport(channel, { label: "device" })),
      });
      receivers.push(receiver);
      byConnection.set(connection, receiver);
      connection.on("closed", () => void receiver.dispose());
    },
  });
  return Object.assign(device, {
    secret,
    mrp,
    http,
    receivers,
    requests,
    async close() {
      await Promise.all(receivers.map((r) => r.dispose()));
      await http.close();
      await mrp.close();
    },
  });
}

/** Opens an encrypted control connection to the device and the tunnel on it. */
export async function openTunnel(
  device: TunnelDevice,
  options: Partial<AirPlayTunnelOptions> = {},
): Promise<AirPlayTunnel> {
  const control = await HttpConnection.connect("127.0.0.1", device.http.port);
  control.enableEncryption(deriveHapSessionKeys(device.secret, "client"));
  return AirPlayTunnel.open(control, device.secret, { host: "127.0.0.1", ...options });
}

/** `vitest bench`: pair-verify + first request and codec work, client and receiver in one process. */
import { parseCredentials, type HapCredentials } from "@atv/hap-crypto";
import { afterAll, beforeAll, bench, describe } from "vitest";
import { AppleTVConfig, BaseService, Protocol } from "@atv/core";
import {
  AirPlayPairingHandler,
  startAirPlayServer,
  verifyConnection,
  type AirPlayServer,
} from "../src/index.js";
import { encodeMessage, HttpConnection, HttpProtocol, MessageDecoder, request } from "../src/rtsp.js";

let server: AirPlayServer;
let credentials: HapCredentials;

beforeAll(async () => {
  server = await startAirPlayServer({ pin: 1234 });
  const config = new AppleTVConfig({ address: server.host, name: "bench" });
  const service = new BaseService({ protocol: Protocol.AirPlay, port: server.port, identifier: "bench" });
  config.addService(service);
  const handler = new AirPlayPairingHandler(config, service, { pin: 1234 });
  await handler.begin();
  await handler.finish();
  credentials = parseCredentials(service.credentials ?? "");
});

afterAll(async () => {
  await server.close();
});

const getInfo = encodeMessage(
  request({ method: "GET", uri: "/info", protocol: HttpProtocol.Rtsp, headers: { CSeq: "3" } }),
);

describe("AirPlay over loopback", () => {
  bench("HAP pair-verify + encryption + GET /info (new connection)", async () => {
    const connection = await HttpConnection.connect(server.host, server.port);
    await verifyConnection(connection, credentials, { encrypt: true });
    await connection.request({ method: "GET", uri: "/info", protocol: HttpProtocol.Rtsp });
    await connection.close();
  });
});

describe("codec", () => {
  const decoder = new MessageDecoder();
  bench("decode + encode GET /info", () => {
    const [message] = decoder.push(getInfo);
    if (message) encodeMessage(message);
  });
});

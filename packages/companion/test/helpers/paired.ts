import { BaseService, Protocol } from "@atv/core";
import { CompanionPairingHandler } from "../../src/pairing.js";
import { CompanionClient } from "../../src/client.js";
import {
  startCompanionServer,
  type CompanionServer,
  type CompanionServerOptions,
} from "../../src/server/index.js";

export function companionService(port: number, credentials?: string): BaseService {
  return new BaseService({ protocol: Protocol.Companion, port, identifier: "id", credentials });
}

/** Pairs with the device side over loopback and returns the credentials string. */
export async function pairWith(server: CompanionServer, pin: string | number = 1111): Promise<string> {
  const handler = new CompanionPairingHandler(undefined, companionService(server.port), {
    host: server.host,
  });
  await handler.begin();
  handler.pin(pin);
  await handler.finish();
  if (!handler.service.credentials) throw new Error("no credentials after pairing");
  return handler.service.credentials;
}

/** A device side and a verified, encrypted client connected to it. */
export async function pairedClient(
  options: CompanionServerOptions = {},
): Promise<{ server: CompanionServer; client: CompanionClient; credentials: string }> {
  const server = await startCompanionServer(options);
  const credentials = await pairWith(
    server,
    typeof options.pin === "function" ? 1111 : (options.pin ?? 1111),
  );
  const client = await CompanionClient.connect(server.host, server.port, { credentials, name: "test" });
  return { server, client, credentials };
}

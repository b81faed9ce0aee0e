/** A fake Companion device plus credentials for it, for benchmarks (one real pairing). */
import { BaseService, Protocol } from "@atv/core";
import { CompanionPairingHandler } from "../src/pairing.js";
import { startCompanionServer, type CompanionServer } from "../src/server/index.js";

export async function pairedDevice(): Promise<{ server: CompanionServer; credentials: string }> {
  const server = await startCompanionServer({ pin: 1234 });
  const service = new BaseService({ protocol: Protocol.Companion, port: server.port });
  const handler = new CompanionPairingHandler(undefined, service, { host: server.host, pin: 1234 });
  await handler.begin();
  await handler.finish();
  return { server, credentials: service.credentials as string };
}

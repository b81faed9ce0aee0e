/** A fake device plus credentials for it, for benchmarks (one real pairing). */
import { BaseService, Protocol } from "@atv/core";
import { MrpPairingHandler } from "../src/pairing.js";
import { startMrpServer, type MrpServer } from "../src/server/index.js";

export async function pairedDevice(): Promise<{ server: MrpServer; credentials: string }> {
  const server = await startMrpServer({ pin: 1234 });
  const service = new BaseService({ protocol: Protocol.MRP, port: server.port });
  const handler = new MrpPairingHandler(undefined, service, { host: server.host, pin: 1234 });
  await handler.begin();
  await handler.finish();
  return { server, credentials: service.credentials as string };
}

import { AppleTVConfig, BaseService, Protocol } from "@atv/core";
import { startAirPlayServer, type AirPlayServer, type AirPlayServerOptions } from "../../src/index.js";

export async function receiver(options: AirPlayServerOptions = {}): Promise<AirPlayServer> {
  return startAirPlayServer({ pin: 1234, ...options });
}

export function configFor(
  server: AirPlayServer,
  credentials?: string,
): { config: AppleTVConfig; service: BaseService } {
  const config = new AppleTVConfig({ address: server.host, name: server.state.identity.name });
  const service = new BaseService({
    identifier: server.state.identity.deviceId,
    protocol: Protocol.AirPlay,
    port: server.port,
    properties: server.properties,
    credentials,
  });
  config.addService(service);
  return { config, service };
}

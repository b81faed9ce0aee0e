import { AppleTV, AppleTVConfig, BaseService, Protocol, createSettings } from "@atv/core";
import { companionProtocol } from "../../src/module.js";
import type { CompanionServer } from "../../src/server/index.js";

/** @atv/core's facade connected to the device side with Companion only. */
export async function connectFacade(server: CompanionServer, credentials: string): Promise<AppleTV> {
  const config = new AppleTVConfig({ address: server.host, name: server.state.identity.name });
  const service = new BaseService({
    protocol: Protocol.Companion,
    port: server.port,
    identifier: server.state.identity.mediaRouteId,
    properties: server.properties,
    credentials,
  });
  config.addService(service);
  const settings = createSettings();
  const atv = new AppleTV(config, settings);
  for (const setup of companionProtocol.setup({ config, service, settings, takeover: atv.takeover }))
    atv.addSetup(setup);
  await atv.connect();
  return atv;
}

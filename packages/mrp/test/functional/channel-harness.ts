/**
 * The shared suite over MRP on a non-TCP transport: the facade's MrpSetup gets a transport factory
 * that opens an in-memory channel pair, whose device end the fake device serves (serve()). This is
 * the shape of MRP inside the AirPlay 2 tunnel: no MRP pair-verify and no heartbeat.
 */
import { AppleTV, AppleTVConfig, createSettings } from "@atv/core";
import type { FunctionalHarness } from "@atv/functional-tests";
import { MrpSetup } from "../../src/setup.js";
import { ChannelTransport, memoryChannelPair } from "../../src/transport.js";
import { MrpFakeDevice } from "./mrp-harness.js";
import { startMrpServer } from "../../src/server/index.js";

export const mrpChannelHarness: FunctionalHarness = {
  protocol: "MRP over an in-memory channel",
  async startDevice() {
    const server = await startMrpServer({ listen: false, identity: { name: "Channel ATV" } });
    return new MrpFakeDevice(server);
  },
  async connect(device) {
    const server = (device as MrpFakeDevice).server;
    const config = new AppleTVConfig({ address: "127.0.0.1", name: server.state.identity.name });
    const atv = new AppleTV(config, createSettings());
    atv.addSetup(
      new MrpSetup({
        deviceId: server.state.identity.uniqueIdentifier,
        pairVerify: false,
        heartbeatIntervalMs: 0,
        transport: ({ signal }) => {
          signal?.throwIfAborted();
          const pair = memoryChannelPair();
          server.serve(new ChannelTransport(pair.device, { label: "device" }));
          return Promise.resolve(new ChannelTransport(pair.client, { label: "client" }));
        },
      }),
    );
    await atv.connect();
    return atv;
  },
};

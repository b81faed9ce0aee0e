/**
 * Benchmark fixtures: the same fake MRP device reached two ways on loopback, both encrypted —
 * directly (MRP over its TCP port after MRP pair-verify) and through the AirPlay 2 tunnel (a
 * HomePod-like receiver: transient pairing, Control/Events/DataStream keys, data-stream framing).
 */
import { AppleTVConfig, BaseService, Protocol, createSettings, type ProtocolSetup } from "@atv/core";
import { ChannelTransport, MrpPairingHandler, MrpSetup, startMrpServer, type MrpServer } from "@atv/mrp";
import { airplayProtocol, startAirPlayServer, type AirPlayServer } from "../src/index.js";

export interface Fixture {
  direct: MrpSetup;
  tunnel: MrpSetup;
  close(): Promise<void>;
}

export async function startFixture(): Promise<Fixture> {
  const mrp: MrpServer = await startMrpServer({ pin: 1234 });
  mrp.useCases.musicPlaying({ title: "bench", paused: true });
  const service = new BaseService({ protocol: Protocol.MRP, port: mrp.port });
  const pairing = new MrpPairingHandler(undefined, service, { host: mrp.host, pin: 1234 });
  await pairing.begin();
  await pairing.finish();
  await pairing.close();
  const direct = new MrpSetup({
    host: mrp.host,
    port: mrp.port,
    credentials: service.credentials,
    heartbeatIntervalMs: 0,
  });
  await direct.connect();

  const receiver: AirPlayServer = await startAirPlayServer({
    identity: { model: "AudioAccessory5,1", osVersion: "17.1", flags: 0x4 },
    onRemoteControl: (channel) => mrp.serve(new ChannelTransport(channel)),
  });
  const config = new AppleTVConfig({ address: receiver.host, name: "bench" });
  const airplay = new BaseService({
    identifier: receiver.state.identity.deviceId,
    protocol: Protocol.AirPlay,
    port: receiver.port,
    properties: receiver.properties,
  });
  config.addService(airplay);
  const setups: ProtocolSetup[] = airplayProtocol.setup({
    config,
    service: airplay,
    settings: createSettings(),
    takeover: () => () => undefined,
  });
  const tunnel = setups.find((s): s is MrpSetup => s instanceof MrpSetup);
  if (!tunnel) throw new Error("the AirPlay module offered no tunnelled MRP");
  await tunnel.connect();
  return {
    direct,
    tunnel,
    async close() {
      await Promise.all([direct.close(), tunnel.close()]);
      await Promise.all([receiver.close(), mrp.close()]);
    },
  };
}

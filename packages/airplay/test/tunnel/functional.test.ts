/**
 * The shared functional suite against MRP through the AirPlay 2 tunnel, the way `connect()` gets
 * there: a HomePod-like receiver (transient pairing) whose remote-control sessions are served by
 * @atv/mrp's fake device, and the facade built from the AirPlay module's setups, so every test
 * runs transient pair-setup, Control encryption, the event channel, RECORD, the data stream and
 * MRP over it.
 */
import { AppleTV, AppleTVConfig, BaseService, Protocol, createSettings } from "@atv/core";
import { functionalTests, type FunctionalHarness } from "@atv/functional-tests";
import { ChannelTransport, startMrpServer } from "@atv/mrp";
import { MrpFakeDevice } from "../../../mrp/test/functional/mrp-harness.js";
import { airplayProtocol, startAirPlayServer, type AirPlayServer } from "../../src/index.js";

const receivers = new WeakMap<MrpFakeDevice, AirPlayServer>();

/** The suite's device: the fake MRP device, reachable only through the receiver's tunnel. */
class TunnelFakeDevice extends MrpFakeDevice {
  /** The receiver also plays URLs (the facade has AirPlay's Stream beside the tunnelled MRP). */
  get lastPlayedUrl(): string | undefined {
    return receivers.get(this)?.state.playback.url;
  }

  override async close(): Promise<void> {
    await receivers.get(this)?.close();
    await super.close();
  }
}

const harness: FunctionalHarness = {
  protocol: "MRP over the AirPlay 2 tunnel (transient pairing, via the AirPlay module)",
  playsUrls: true,
  async startDevice() {
    const mrp = await startMrpServer({ listen: false, identity: { name: "Functional HomePod" } });
    const receiver = await startAirPlayServer({
      identity: { name: "Functional HomePod", model: "AudioAccessory5,1", osVersion: "17.1", flags: 0x4 },
      onRemoteControl: (channel) => mrp.serve(new ChannelTransport(channel, { label: "device" })),
    });
    // The Stream area plays URLs through the same receiver: playback ends after one poll.
    receiver.state.playingPolls = 1;
    const device = new TunnelFakeDevice(mrp);
    receivers.set(device, receiver);
    return device;
  },
  async connect(device) {
    const receiver = receivers.get(device as MrpFakeDevice);
    if (!receiver) throw new Error("not a tunnel device");
    const config = new AppleTVConfig({ address: receiver.host, name: receiver.state.identity.name });
    const service = new BaseService({
      identifier: receiver.state.identity.deviceId,
      protocol: Protocol.AirPlay,
      port: receiver.port,
      properties: receiver.properties,
    });
    config.addService(service);
    const settings = createSettings();
    const atv = new AppleTV(config, settings);
    for (const setup of airplayProtocol.setup({ config, service, settings, takeover: atv.takeover })) {
      atv.addSetup(setup);
    }
    if (!atv.protocols.includes(Protocol.MRP)) throw new Error("the AirPlay module offered no tunnelled MRP");
    await atv.connect();
    return atv;
  },
};

functionalTests(harness);

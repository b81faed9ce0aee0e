/**
 * The shared functional suite against MRP through the AirPlay 2 tunnel: the facade's MrpSetup opens
 * an encrypted control connection to a loopback receiver, sets up the tunnel (event channel,
 * RECORD, data stream) and runs MRP over the data channel to @atv/mrp's fake device.
 */
import { AppleTV, AppleTVConfig, createSettings } from "@atv/core";
import { functionalTests, type FunctionalHarness } from "@atv/functional-tests";
import { ChannelTransport, MrpSetup } from "@atv/mrp";
import { MrpFakeDevice } from "../../../mrp/test/functional/mrp-harness.js";
import { openTunnel, startTunnelDevice, type TunnelDevice } from "./helpers/tunnel-device.js";

const tunnelDevices = new WeakMap<MrpFakeDevice, TunnelDevice>();

/** The suite's device: the fake MRP device, reachable only through the tunnel. */
class TunnelFakeDevice extends MrpFakeDevice {
  override async close(): Promise<void> {
    await tunnelDevices.get(this)?.close();
  }
}

const harness: FunctionalHarness = {
  protocol: "MRP over the AirPlay 2 tunnel",
  async startDevice() {
    const tunnel = await startTunnelDevice();
    const device = new TunnelFakeDevice(tunnel.mrp);
    tunnelDevices.set(device, tunnel);
    return device;
  },
  async connect(device) {
    const tunnel = tunnelDevices.get(device as MrpFakeDevice);
    if (!tunnel) throw new Error("not a tunnel device");
    const config = new AppleTVConfig({ address: "127.0.0.1", name: tunnel.mrp.state.identity.name });
    const atv = new AppleTV(config, createSettings());
    atv.addSetup(
      new MrpSetup({
        deviceId: tunnel.mrp.state.identity.uniqueIdentifier,
        pairVerify: false,
        heartbeatIntervalMs: 0,
        transport: async ({ signal }) =>
          new ChannelTransport(await openTunnel(tunnel, signal ? { signal } : {}), { label: "client" }),
      }),
    );
    await atv.connect();
    return atv;
  },
};

functionalTests(harness);

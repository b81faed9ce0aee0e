/**
 * Runs @atv/functional-tests against AirPlay: the fake receiver behind the interface-level
 * FakeDevice, and @atv/core's AppleTV facade connected to it with HAP credentials from a real
 * pairing (pair-verify + Control encryption on every play_url connection). AirPlay implements only
 * the Stream area; every other area is skipped and the intent methods are no-ops.
 */
import { AppleTV, AppleTVConfig, BaseService, MrpTunnel, Protocol, createSettings } from "@atv/core";
import type { FakeDevice, FunctionalHarness, SuiteArea } from "@atv/functional-tests";
import {
  AirPlayPairingHandler,
  airplayProtocol,
  startAirPlayServer,
  type AirPlayServer,
} from "../../src/index.js";

class AirPlayFakeDevice implements FakeDevice {
  readonly server: AirPlayServer;
  credentials: string | undefined;
  constructor(server: AirPlayServer) {
    this.server = server;
  }
  get lastPlayedUrl(): string | undefined {
    return this.server.state.playback.url;
  }
  // Areas AirPlay does not implement (skipped): accepted and ignored.
  nothingPlaying(): void {}
  musicPlaying(): void {}
  videoPlaying(): void {}
  tvPlaying(): void {}
  mediaIsLoading(): void {}
  changeTitle(): void {}
  setShuffle(): void {}
  setRepeat(): void {}
  offerOnly(): void {}
  failCommand(): void {}
  changeArtwork(): void {}
  setVolume(): void {}
  readonly volume = 0;
  changeVolumeControl(): void {}
  powerOff(): void {}
  powerOn(): void {}
  readonly poweredOn = true;
  readonly lastButton = undefined;
  readonly lastCommand = undefined;
  setGroupedDevices(): void {}
  readonly groupedDeviceIds: readonly string[] = [];
  addKnownOutputDevice(): void {}
  dropOnNextRequest(): void {}
  dropConnections(): void {
    for (const c of this.server.connections) c.destroy();
  }
  close(): Promise<void> {
    return this.server.close();
  }
}

const SKIP: ReadonlySet<SuiteArea> = new Set<SuiteArea>([
  "buttons",
  "playback",
  "metadata",
  "series",
  "artwork",
  "pushUpdates",
  "volume",
  "outputDevices",
  "power",
  "app",
  "connectionLoss",
]);

function configFor(device: AirPlayFakeDevice): { config: AppleTVConfig; service: BaseService } {
  const server = device.server;
  const config = new AppleTVConfig({ address: server.host, name: server.state.identity.name });
  const service = new BaseService({
    protocol: Protocol.AirPlay,
    port: server.port,
    identifier: server.state.identity.deviceId,
    properties: server.properties,
    credentials: device.credentials,
  });
  config.addService(service);
  return { config, service };
}

export const airplayHarness: FunctionalHarness = {
  protocol: "AirPlay",
  skip: SKIP,
  playsUrls: true,
  async startDevice() {
    const server = await startAirPlayServer({ pin: 2468, identity: { name: "Functional ATV" } });
    server.state.playingPolls = 1;
    const device = new AirPlayFakeDevice(server);
    const { config, service } = configFor(device);
    const handler = new AirPlayPairingHandler(config, service, { pin: 2468 });
    await handler.begin();
    await handler.finish();
    device.credentials = service.credentials;
    return device;
  },
  async connect(device) {
    const { config, service } = configFor(device as AirPlayFakeDevice);
    const settings = createSettings();
    // AirPlay alone: a paired Apple TV with only an AirPlay service would otherwise get the MRP
    // tunnel too (pyatv's rule); its suite runs in test/tunnel/functional.test.ts.
    settings.protocols.airplay.mrp_tunnel = MrpTunnel.Disable;
    const atv = new AppleTV(config, settings);
    for (const setup of airplayProtocol.setup({ config, service, settings, takeover: atv.takeover }))
      atv.addSetup(setup);
    await atv.connect();
    return atv;
  },
};

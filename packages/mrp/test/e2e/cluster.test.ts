/**
 * tvOS 16 clusters and proxy-group players (mrp.md §13): the device's own
 * volume lives under DeviceInfo.clusterID when it has one (pyatv MrpAudio.device_uid
 * = clusterID or deviceUID), and a proxy-group player is not listed as an output.
 */
import { afterEach, describe, expect, it } from "vitest";
import { until } from "@atv/test-utils";
import { MrpSetup } from "../../src/setup.js";
import { startMrpServer, type MrpServer } from "../../src/server/index.js";
import { MessageType } from "../../src/codec/index.js";
import type { ProtocolMessage } from "../../src/gen/atv/mrp/protocol_message_pb.js";

let server: MrpServer | undefined;
let setup: MrpSetup | undefined;
afterEach(async () => {
  await setup?.close();
  await server?.close();
  setup = server = undefined;
});

async function connect(prepare: (s: MrpServer) => void) {
  server = await startMrpServer({
    identity: { deviceUID: "device-uid", uniqueIdentifier: "unique-id", name: "Pair" },
  });
  prepare(server);
  const setVolumes: ProtocolMessage[] = [];
  server.setInterceptor((m) => {
    if (m.type === MessageType.SET_VOLUME_MESSAGE) setVolumes.push(m);
    return undefined;
  });
  setup = new MrpSetup({ host: server.host, port: server.port });
  await setup.connect();
  return { server, audio: setup.capabilities.audio, setVolumes };
}

describe("a device in a cluster", () => {
  it("sets and follows the volume under the cluster id", async () => {
    const { server, audio, setVolumes } = await connect((s) => {
      s.useCases.setGrouping({ clusterID: "cluster-1" });
      s.useCases.setVolume(40);
    });
    await until(() => audio.available && audio.volume === 40);
    await audio.setVolume(25);
    expect(setVolumes.map((m) => m.setVolumeMessage?.outputDeviceUID)).toEqual(["cluster-1"]);
    expect(server.state.volume).toBe(0.25);
    expect(audio.volume).toBe(25);

    await audio.volumeUp(); // Relative+Absolute: HID key, then the cluster's VOLUME_DID_CHANGE
    expect(audio.volume).toBe(30);

    const seen: number[] = [];
    audio.on("volumeChanged", (_old, level) => seen.push(level));
    server.useCases.setVolume(70);
    await until(() => seen.includes(70));
  });

  it("a VOLUME_DID_CHANGE under the plain deviceUID is not the cluster's volume", async () => {
    const { server, audio } = await connect((s) => s.useCases.setGrouping({ clusterID: "cluster-1" }));
    await until(() => audio.available);
    const before = audio.volume;
    server.useCases.setGrouping({ clusterID: undefined }); // the fake now reports under device-uid …
    server.useCases.setVolume(90);
    await until(() => audio.volume === 90); // … and the client follows DEVICE_INFO_UPDATE to device-uid
    expect(before).not.toBe(90);
  });
});

describe("a proxy-group player", () => {
  it("lists only the grouped devices as outputs, not itself", async () => {
    const { audio } = await connect((s) => {
      s.useCases.setGroupedDevices([{ identifier: "speaker-1", name: "Kitchen", volume: 0.3 }]);
      s.useCases.setGrouping({ proxyGroupPlayer: true });
    });
    await until(() => audio.outputDevices.length > 0);
    expect(audio.outputDevices.map((d) => d.identifier)).toEqual(["speaker-1"]);
  });

  it("a group leader that is no proxy lists itself first", async () => {
    const { audio } = await connect((s) =>
      s.useCases.setGroupedDevices([{ identifier: "speaker-1", name: "Kitchen", volume: 0.3 }]),
    );
    await until(() => audio.outputDevices.length === 2);
    expect(audio.outputDevices.map((d) => d.identifier)).toEqual(["unique-id", "speaker-1"]);
  });
});

import { afterEach, describe, expect, it } from "vitest";
import { MrpClient } from "../../src/client.js";
import { startMrpServer, type MrpServer } from "../../src/server/index.js";
import { PlaybackState } from "../../src/gen/atv/mrp/now_playing_pb.js";

let server: MrpServer | undefined;
let client: MrpClient | undefined;
afterEach(async () => {
  await client?.close();
  await server?.close();
  client = server = undefined;
});

describe("MrpClient against the fake device", () => {
  it("connects in plaintext and follows what is playing", async () => {
    server = await startMrpServer({ identity: { name: "Fake" } });
    server.useCases.musicPlaying({ title: "song", artist: "someone", totalTime: 100, position: 10 });
    client = await MrpClient.connect(server.host, server.port);
    expect(client.deviceInfo.name).toBe("Fake");
    const playing = client.players.playing;
    expect(playing.playbackState).toBe(PlaybackState.PLAYING);
    expect(playing.field("title")).toBe("song");
    expect(client.players.client?.bundleIdentifier).toBe("com.example.player");
    expect(server.state.receivedTypes.slice(0, 4)).toEqual([15, 38, 16, 24]);
  });
});

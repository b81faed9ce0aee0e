/**
 * Our client against pyatv's captured device bytes (../shared/vectors/dmap-session.json):
 * a raw TCP device answers with the captured responses byte for byte, and checks that our
 * requests carry the captured request lines and pyatv's headers in pyatv's order.
 */
import { createServer, type AddressInfo, type Socket } from "node:net";
import { describe, expect, it } from "vitest";
import { unhex } from "@atv/test-utils";
import { DmapSetup } from "../../src/setup.js";
import { dmapVector, requests } from "../vectors.js";

const responses = dmapVector.exchanges
  .filter((e) => e.dir === "device->client")
  .map((e) => Buffer.from(unhex(e.hex)));

interface Seen {
  startLine: string;
  headers: [string, string][];
}

describe("DMAP client replayed against pyatv's fake device bytes", () => {
  it("same requests and headers as pyatv; same Playing; the pause reaches the device", async () => {
    const seen: Seen[] = [];
    const sockets = new Set<Socket>();
    const server = createServer((socket) => {
      sockets.add(socket);
      let buffered = Buffer.alloc(0);
      socket.on("data", (chunk) => {
        buffered = Buffer.concat([buffered, chunk]);
        for (;;) {
          const end = buffered.indexOf("\r\n\r\n");
          if (end < 0) return;
          const [startLine = "", ...lines] = buffered.subarray(0, end).toString("latin1").split("\r\n");
          buffered = buffered.subarray(end + 4);
          seen.push({
            startLine,
            headers: lines.map((l) => [l.slice(0, l.indexOf(":")), l.slice(l.indexOf(":") + 1).trim()]),
          });
          const path = startLine.split(" ")[1] ?? "";
          if (path.startsWith("/login")) socket.write(responses[0]!);
          else if (path.includes("playstatusupdate")) socket.write(responses[1]!);
          else socket.write(responses[3]!);
        }
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const setup = new DmapSetup({
        host: "127.0.0.1",
        port: (server.address() as AddressInfo).port,
        credentials: "12345678-6789-1111-2222-012345678911",
        readVolumeOnConnect: false, // pyatv does not read the volume: keep its exact traffic
      });
      await setup.connect();
      const playing = await setup.capabilities.metadata.playing();
      await setup.capabilities.remoteControl.pause();
      await setup.close();

      expect(playing.toString().split("\n")).toEqual(dmapVector.client_results.playing);
      const captured = requests();
      const wanted = [captured[0]!, captured[1]!, captured[3]!];
      expect(seen.map((s) => s.startLine)).toEqual(wanted.map((w) => w.decoded.start_line));
      expect(seen.at(-1)?.startLine).toContain(dmapVector.client_results.fake_last_button_pressed);
      for (const [i, want] of wanted.entries()) {
        const ours = seen[i]!.headers.filter(([k]) => !["host", "connection"].includes(k.toLowerCase()));
        const theirs = want.decoded.headers.filter(([k]) => k.toLowerCase() !== "host");
        expect(ours).toEqual(theirs);
      }
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

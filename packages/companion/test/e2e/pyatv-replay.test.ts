/**
 * Replays the device side of the pyatv capture over a real socket and checks that our client
 * sends pyatv's bytes exactly: pair-setup M1/M3/M5 (with pyatv's keys) and, on the second
 * connection, pair-verify M1/M3 and the encrypted connect sequence (which proves the derived
 * session keys and nonces).
 */
import { createServer, type Server } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { hex, unhex } from "@atv/test-utils";
import { PairSetupClient } from "@atv/hap-crypto";
import { CompanionPairSetup } from "../../src/auth.js";
import { CompanionClient } from "../../src/client.js";
import { FrameDecoder, encodeFrame } from "../../src/codec/frame.js";
import { CompanionConnection } from "../../src/connection.js";
import { CompanionSession } from "../../src/session.js";
import { companionVector, type CompanionExchange } from "../vectors.js";

const vector = companionVector();
let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A TCP peer that answers each expected client frame with the captured device frames that followed it. */
async function replay(conn: number): Promise<{ port: number; received: string[] }> {
  const script: CompanionExchange[] = vector.exchanges.filter((e) => e.conn === conn);
  const received: string[] = [];
  server = createServer((socket) => {
    let next = 0;
    const decoder = new FrameDecoder();
    const flush = (): void => {
      while (next < script.length && script[next]!.dir === "device->client")
        socket.write(unhex(script[next++]!.hex));
    };
    socket.on("data", (chunk) => {
      for (const frame of decoder.push(chunk)) {
        const bytes = hex(encodeFrame(frame.type, frame.payload));
        received.push(bytes);
        if (script[next]?.hex !== bytes) {
          next = script.length; // diverged: stop answering
          continue;
        }
        next++;
        flush();
      }
    });
    socket.on("error", () => undefined);
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return { port: typeof address === "object" && address ? address.port : 0, received };
}

const clientFrames = (conn: number): string[] =>
  vector.exchanges.filter((e) => e.conn === conn && e.dir === "client->device").map((e) => e.hex);

describe("pyatv capture replay", () => {
  it("pair-setup sends pyatv's M1, M3 and M5 byte for byte and yields its credentials", async () => {
    const { port, received } = await replay(1);
    const keys = vector.keys[0]!;
    const connection = await CompanionConnection.connect("127.0.0.1", port);
    // pyatv wrote _x 52315 as `31 5bcc` (its unsigned int16 quirk); a signed decoder, Apple's and
    // ours, reads those bytes as −13221, and that value encodes back to the same bytes.
    const session = new CompanionSession(connection, { firstXid: 52315 - 65536 });
    const client = new PairSetupClient({
      pairingId: keys["pairing_id"]!,
      ltsk: unhex(keys["ed25519_ltsk_seed"]!),
      srpPrivateKey: unhex(vector.keys[1]!["srp_private_a"]!),
      info: CompanionPairSetup.info("pyatv"),
    });
    const setup = new CompanionPairSetup(session, client);
    await setup.start();
    const result = await setup.finish("1111");
    await session.close();
    expect(received).toEqual(clientFrames(1));
    const { formatCredentials } = await import("@atv/hap-crypto");
    expect(formatCredentials(result.credentials)).toBe(vector.new_credentials);
  });

  it("pair-verify and the encrypted connect sequence match pyatv's frames", async () => {
    const { port, received } = await replay(2);
    const keys = vector.keys[9]!;
    const client = await CompanionClient.connect("127.0.0.1", port, {
      credentials: vector.new_credentials,
      ephemeralSecretKey: unhex(keys["x25519_ephemeral_private"]!),
      firstXid: 15343,
      rpId: "e776d97e4189",
      name: "pyatv",
      localSid: 1976125404,
      requestTimeoutMs: 300,
    });
    // Up to FetchAttentionState the client is pyatv's twin (pyatv then interleaves a volume query).
    const expected = clientFrames(2);
    const upTo = expected.findIndex((h) =>
      vector.exchanges.find((e) => e.hex === h)!.meaning.includes("FetchAttentionState"),
    );
    expect(received.slice(0, upTo + 1)).toEqual(expected.slice(0, upTo + 1));
    expect(upTo).toBeGreaterThan(6);
    await client.session.close();
  });
});

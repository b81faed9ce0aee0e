/** The HAP block cipher: framing, hostile chunking, size limit before buffering, truncation, tampering. */
import { chunked, hex, splits } from "@atv/test-utils";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { AuthenticationError, deriveHapSessionKeys, HapBlockCipher, ProtocolError } from "../src/index.js";

const secret = new Uint8Array(32).fill(0x42);
const pair = (options: ConstructorParameters<typeof HapBlockCipher>[1] = {}, peer = options) => ({
  client: new HapBlockCipher(deriveHapSessionKeys(secret, "client"), options),
  server: new HapBlockCipher(deriveHapSessionKeys(secret, "server"), peer),
});
const data = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 0xff);

describe("HAP block cipher framing", () => {
  it("matches the hap-pairing.md §10 check value for one block", () => {
    const key = new Uint8Array(32).fill(0x11);
    const cipher = new HapBlockCipher({ writeKey: key, readKey: key });
    expect(hex(cipher.encrypt(new TextEncoder().encode("hello")))).toBe(
      "0500cdd9fbfa16390173a51aaa72ec2958c7a9bee791a8",
    );
  });

  it("cuts plaintext into 1024-byte blocks with LE16 lengths", () => {
    const { client } = pair();
    const wire = client.encrypt(data(2500));
    expect(wire.length).toBe(2500 + 3 * 18);
    expect(hex(wire.subarray(0, 2))).toBe("0004");
    expect(hex(wire.subarray(1042, 1044))).toBe("0004");
    expect(hex(wire.subarray(2084, 2086))).toBe("c401");
    expect(client.writeCounter).toBe(3);
    expect(client.encrypt(new Uint8Array()).length).toBe(0);
  });

  it("decrypts whole, byte by byte, in pairs, and split at every boundary", () => {
    const message = data(2100);
    const { client } = pair();
    const wire = client.encrypt(message);
    for (const size of [wire.length, 1, 2, 3, 17, 1042, 1043]) {
      const { server } = pair();
      const out = chunked(wire, size).map((c) => server.decrypt(c));
      expect(hex(Buffer.concat(out))).toBe(hex(message));
      expect(server.readCounter).toBe(3);
      expect(server.bufferedBytes).toBe(0);
      server.end();
    }
    const small = pair().client.encrypt(data(40));
    for (const [head, tail] of splits(small)) {
      const { server } = pair();
      expect(hex(Buffer.concat([server.decrypt(head), server.decrypt(tail)]))).toBe(hex(data(40)));
    }
  });

  it("survives arbitrary chunking of a multi-message stream (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 3000 }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 40 }),
        (sizes, cuts) => {
          const { client, server } = pair();
          const messages = sizes.map(data);
          const wire = Buffer.concat(messages.map((m) => client.encrypt(m)));
          const received: Uint8Array[] = [];
          let offset = 0;
          for (let i = 0; offset < wire.length; i++) {
            const size = cuts[i % cuts.length] ?? 1;
            received.push(server.decrypt(wire.subarray(offset, offset + size)));
            offset += size;
            expect(server.bufferedBytes).toBeLessThanOrEqual(2 + 1024 + 16);
          }
          expect(hex(Buffer.concat(received))).toBe(hex(Buffer.concat(messages)));
          server.end();
        },
      ),
      { numRuns: 60 },
    );
  });

  it("rejects an oversized block as soon as its length arrives, before buffering it", () => {
    const big = pair({ blockLength: 2000, maxBlockLength: 2000 }).client.encrypt(data(2000));
    const { server } = pair();
    expect(server.decrypt(big.subarray(0, 1)).length).toBe(0);
    expect(() => server.decrypt(big.subarray(1, 2))).toThrow(ProtocolError);
    expect(server.bufferedBytes).toBe(0);
    expect(() => server.decrypt(big.subarray(2))).toThrow(/failed earlier/);
  });

  it("accepts larger blocks when maxBlockLength allows them", () => {
    const { client, server } = pair({ blockLength: 4096, maxBlockLength: 4096 });
    const wire = client.encrypt(data(9000));
    expect(hex(Buffer.concat(chunked(wire, 777).map((c) => server.decrypt(c))))).toBe(hex(data(9000)));
    expect(() => new HapBlockCipher(deriveHapSessionKeys(secret), { maxBlockLength: 70_000 })).toThrow(
      RangeError,
    );
  });

  it("detects truncation at end of stream", () => {
    const { client, server } = pair();
    const wire = client.encrypt(data(100));
    server.decrypt(wire.subarray(0, wire.length - 1));
    expect(server.bufferedBytes).toBe(wire.length - 1);
    expect(() => server.end()).toThrow(ProtocolError);
  });

  it("a tampered, replayed or reordered block fails authentication", () => {
    const { client } = pair();
    const first = client.encrypt(data(10));
    const second = client.encrypt(data(20));
    const tampered = new Uint8Array(first);
    tampered[5] = (tampered[5] ?? 0) ^ 1;
    expect(() => pair().server.decrypt(tampered)).toThrow(AuthenticationError);
    const length = new Uint8Array(first);
    length[0] = 9; // the length is authenticated as AAD
    expect(() => pair().server.decrypt(length)).toThrow();
    expect(() => pair().server.decrypt(second)).toThrow(AuthenticationError);
    const { server } = pair();
    server.decrypt(first);
    expect(() => server.decrypt(first)).toThrow(AuthenticationError);
  });

  it("dispose zeroes and blocks further use", () => {
    const { client } = pair();
    client.dispose();
    expect(() => client.encrypt(data(1))).toThrow(/disposed/);
  });
});

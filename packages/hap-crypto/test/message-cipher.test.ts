/** MessageCipher: per-message counters and the two nonce layouts. */
import { hex } from "@atv/test-utils";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  AuthenticationError,
  chacha20Poly1305Open,
  companionNonce,
  counterNonce,
  deriveCompanionSessionKeys,
  deriveMrpSessionKeys,
  MessageCipher,
} from "../src/index.js";

const secret = new Uint8Array(32).fill(9);

describe("MessageCipher", () => {
  it("uses nonce 00000000 ‖ LE64(counter) per direction for MRP", () => {
    const keys = deriveMrpSessionKeys(secret, "client");
    const cipher = new MessageCipher(keys);
    const messages = [1, 2, 3].map((n) => cipher.encrypt(new Uint8Array(n)));
    messages.forEach((sealed, counter) => {
      expect(hex(chacha20Poly1305Open(keys.writeKey, counterNonce(counter), sealed))).toBe(
        hex(new Uint8Array(counter + 1)),
      );
    });
    expect(cipher.writeCounter).toBe(3);
    expect(cipher.readCounter).toBe(0);
  });

  it("uses the 96-bit little-endian counter and the header as AAD for Companion", () => {
    const keys = deriveCompanionSessionKeys(secret, "client");
    const cipher = new MessageCipher(keys, { nonce: "companion" });
    const header = Uint8Array.of(8, 0, 0, 0x15);
    cipher.encrypt(new Uint8Array(5), header);
    const second = cipher.encrypt(new Uint8Array(5), header);
    expect(hex(chacha20Poly1305Open(keys.writeKey, companionNonce(1), second, header))).toBe("0000000000");
    expect(() => chacha20Poly1305Open(keys.writeKey, counterNonce(1), second, header)).toThrow(
      AuthenticationError,
    );
  });

  it("a client and a server orientation talk both ways over many messages (property)", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.boolean(), fc.uint8Array({ maxLength: 200 })), { maxLength: 30 }),
        (script) => {
          const client = new MessageCipher(deriveMrpSessionKeys(secret, "client"));
          const server = new MessageCipher(deriveMrpSessionKeys(secret, "server"));
          for (const [fromClient, payload] of script) {
            const [tx, rx] = fromClient ? [client, server] : [server, client];
            expect(hex(rx.decrypt(tx.encrypt(payload)))).toBe(hex(payload));
          }
        },
      ),
    );
  });

  it("refuses reordered, replayed and tampered messages without advancing the counter", () => {
    const client = new MessageCipher(deriveMrpSessionKeys(secret, "client"));
    const server = new MessageCipher(deriveMrpSessionKeys(secret, "server"));
    const a = client.encrypt(Uint8Array.of(1));
    const b = client.encrypt(Uint8Array.of(2));
    expect(() => server.decrypt(b)).toThrow(AuthenticationError);
    expect(server.readCounter).toBe(0);
    expect(hex(server.decrypt(a))).toBe("01");
    expect(() => server.decrypt(a)).toThrow(AuthenticationError);
    const tampered = new Uint8Array(b);
    tampered[0] = (tampered[0] ?? 0) ^ 1;
    expect(() => server.decrypt(tampered)).toThrow(AuthenticationError);
    expect(hex(server.decrypt(b))).toBe("02");
  });

  it("validates keys and layout; dispose blocks use", () => {
    expect(() => new MessageCipher({ writeKey: new Uint8Array(16), readKey: new Uint8Array(32) })).toThrow(
      RangeError,
    );
    expect(() => new MessageCipher(deriveMrpSessionKeys(secret), { nonce: "x" as "hap" })).toThrow(TypeError);
    const cipher = new MessageCipher(deriveMrpSessionKeys(secret));
    cipher.dispose();
    expect(() => cipher.encrypt(new Uint8Array(1))).toThrow(/disposed/);
  });
});

/**
 * The DNS codec against real bytes: every datagram pyatv 0.18's scanner and its fake
 * responder exchanged (test/vectors/zeroconf-unicast-scan.json, see its "source").
 * The vector's "decoded" field was produced by an independent parser.
 */
import { hex, unhex } from "@atv/test-utils";
import { describe, expect, it } from "vitest";
import { decodeMessage, encodeMessage, parseTxt, RecordType, type DnsRecord } from "../src/index.js";
import { scanVector, type VectorRecord } from "./scan-vector.js";

const vector = scanVector;

const typeNames: Record<number, string> = { 1: "A", 12: "PTR", 16: "TXT", 33: "SRV" };
const text = new TextDecoder();

function expectRecord(actual: DnsRecord | undefined, expected: VectorRecord): void {
  expect(actual).toBeDefined();
  const r = actual as DnsRecord;
  expect(r.name).toBe(expected.name);
  expect(r.type === "unknown" ? "?" : typeNames[r.type]).toBe(expected.type);
  expect(`0x${((r.class ?? 1) | (r.cacheFlush ? 0x8000 : 0)).toString(16).padStart(4, "0")}`).toBe(
    expected.class,
  );
  expect(r.ttl).toBe(expected.ttl);
  if (r.type === RecordType.PTR) expect(r.target).toBe(expected.ptr);
  if (r.type === RecordType.A) expect(r.address).toBe(expected.a);
  if (r.type === RecordType.TXT) expect(r.entries.map((e) => text.decode(e))).toEqual(expected.txt);
  if (r.type === RecordType.SRV)
    expect({ priority: r.priority, weight: r.weight, port: r.port, target: r.target }).toEqual(expected.srv);
}

describe("DNS codec vs pyatv's captured scan", () => {
  it("has queries and responses to check", () => {
    expect(vector.exchanges.filter((e) => e.dir === "client->device").length).toBe(8);
    expect(vector.exchanges.filter((e) => e.dir === "device->client").length).toBe(8);
  });

  for (const [i, ex] of vector.exchanges.entries()) {
    it(`exchange ${i} (${ex.dir}) decodes like the independent parser and re-encodes byte for byte`, () => {
      const bytes = unhex(ex.hex);
      const msg = decodeMessage(bytes);
      expect(`0x${msg.id.toString(16).toUpperCase().padStart(4, "0")}`).toBe(
        ex.decoded.id.toUpperCase().replace("0X", "0x"),
      );
      expect(`0x${msg.flags.toString(16).padStart(4, "0")}`).toBe(ex.decoded.flags);
      expect(msg.questions.map((q) => [q.name, q.type, q.unicastResponse])).toEqual(
        ex.decoded.questions.map((q) => [q.name, 12, q.unicast_response]),
      );
      const answers = ex.decoded.answers ?? [];
      const additionals = ex.decoded.additionals ?? [];
      expect(msg.answers.length).toBe(answers.length);
      expect(msg.additionals.length).toBe(additionals.length);
      answers.forEach((a, k) => expectRecord(msg.answers[k], a));
      additionals.forEach((a, k) => expectRecord(msg.additionals[k], a));
      // Both sides send uncompressed names, so our uncompressed encoding must give the same bytes.
      expect(hex(encodeMessage(msg, { compress: false }))).toBe(ex.hex);
      // Compressed encoding is shorter (when there is anything to compress) and decodes to the same message.
      const compressed = encodeMessage(msg);
      expect(decodeMessage(compressed)).toEqual(msg);
      if (msg.questions.length > 1) expect(compressed.length).toBeLessThan(bytes.length);
    });
  }

  it("responses lack the QR bit (pyatv's fake) and are still accepted", () => {
    const response = vector.exchanges.find((e) => e.dir === "device->client");
    expect(decodeMessage(unhex(response?.hex ?? "")).flags & 0x8000).toBe(0);
  });

  it("TXT from the MRP answer parses with case-insensitive keys and raw values", () => {
    const ex = vector.exchanges.find(
      (e) => e.dir === "device->client" && e.hex.includes(hex(new TextEncoder().encode("UniqueIdentifier"))),
    );
    const msg = decodeMessage(unhex(ex?.hex ?? ""));
    const txt = msg.additionals.find((r) => r.type === RecordType.TXT && r.name.includes("_mediaremotetv"));
    if (txt?.type !== RecordType.TXT) throw new Error("no MRP TXT");
    const { properties, raw } = parseTxt(txt.entries);
    expect(properties["uniqueidentifier"]).toBe("E510C430-B01D-45DF-B558-6EA6F8251069");
    expect(properties["allowpairing"]).toBe("YES");
    expect(text.decode(raw.get("SystemBuildVersion"))).toBe("18M60");
  });
});

/** Inputs shared by the benchmarks. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { announcement } from "../src/responder/answer.js";
import { buildZone, createResponder, encodeMessage, type Responder } from "../src/index.js";

interface Vector {
  exchanges: { dir: string; hex: string }[];
}
const vector = JSON.parse(
  readFileSync(fileURLToPath(new URL("../test/vectors/zeroconf-unicast-scan.json", import.meta.url)), "utf8"),
) as Vector;

/** The largest response pyatv's fake sent: 906 bytes, 2 answers + 7 additionals, uncompressed. */
export const pyatvResponse = vector.exchanges
  .filter((e) => e.dir === "device->client")
  .map((e) => new Uint8Array(Buffer.from(e.hex, "hex")))
  .sort((a, b) => b.length - a.length)[0] as Uint8Array;

/** A compressed announcement of a 4-service Apple TV with _device-info (what our responder sends). */
export const compressedAnnouncement = encodeMessage(
  announcement(
    buildZone(
      [
        {
          type: "_mediaremotetv._tcp",
          name: "Living Room",
          port: 49152,
          address: "10.0.0.5",
          properties: {
            UniqueIdentifier: "46CE1111-3B67-48EF-AAB1-77BCF67C886A",
            Name: "Living Room",
            SystemBuildVersion: "18M60",
          },
        },
        {
          type: "_airplay._tcp",
          name: "Living Room",
          port: 7000,
          address: "10.0.0.5",
          properties: {
            deviceid: "AA:BB:CC:DD:EE:FF",
            features: "0x4A7FDFD5,0x3C155FDE",
            model: "AppleTV6,2",
          },
        },
        {
          type: "_companion-link._tcp",
          name: "Living Room",
          port: 49153,
          address: "10.0.0.5",
          properties: { rpMRtID: "46CE1111-3B67-48EF-AAB1-77BCF67C886A", rpFl: "0x36782" },
        },
        {
          type: "_raop._tcp",
          name: "AABBCCDDEEFF@Living Room",
          port: 7000,
          address: "10.0.0.5",
          properties: { am: "AppleTV6,2", et: "0,3,5", cn: "0,1,2,3" },
        },
      ],
      { deviceInfoModel: "J105aAP" },
    ),
  ),
);

export const PYATV_TYPES = [
  "_device-info._tcp.local",
  "_sleep-proxy._udp.local",
  "_airplay._tcp.local",
  "_companion-link._tcp.local",
  "_appletv-v2._tcp.local",
  "_touch-able._tcp.local",
  "_hscp._tcp.local",
  "_mediaremotetv._tcp.local",
  "_raop._tcp.local",
  "_airport._tcp.local",
];

/** A started responder on 127.0.0.1 (any port) publishing an Apple TV's MRP, AirPlay and RAOP services. */
export async function startLoopbackResponder(): Promise<Responder> {
  const r = createResponder({
    services: [
      {
        type: "_mediaremotetv._tcp",
        name: "Living Room",
        port: 49152,
        address: "127.0.0.1",
        properties: { Name: "Living Room" },
      },
      {
        type: "_airplay._tcp",
        name: "Living Room",
        port: 7000,
        address: "127.0.0.1",
        properties: { model: "AppleTV6,2" },
      },
      {
        type: "_raop._tcp",
        name: "AABBCCDDEEFF@Living Room",
        port: 7000,
        address: "127.0.0.1",
        properties: { am: "AppleTV6,2" },
      },
    ],
    unicast: { address: "127.0.0.1", port: 0 },
    deviceInfoModel: "J105aAP",
  });
  await r.start();
  return r;
}

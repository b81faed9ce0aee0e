/** Services like pyatv's fake Apple TV publishes (test/vectors/zeroconf-unicast-scan.json). */
import type { PublishedService } from "../src/index.js";

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

export function fakeAppleTv(address: string, name = "Fake ATV"): PublishedService[] {
  return [
    {
      type: "_mediaremotetv._tcp",
      name,
      port: 49152,
      address,
      properties: {
        Name: name,
        UniqueIdentifier: "E510C430-B01D-45DF-B558-6EA6F8251069",
        SystemBuildVersion: "18M60",
        AllowPairing: "YES",
      },
    },
    {
      type: "_airplay._tcp",
      name,
      port: 7000,
      address,
      properties: { deviceid: "AA:BB:CC:DD:EE:FF", features: "0x4A7FDFD5,0x3C155FDE", model: "AppleTV6,2" },
    },
    {
      type: "_companion-link._tcp",
      name,
      port: 49153,
      address,
      properties: { rpMRtID: "E510C430-B01D-45DF-B558-6EA6F8251069", rpFl: "0x36782" },
    },
    {
      type: "_raop._tcp",
      name: `AABBCCDDEEFF@${name}`,
      port: 7000,
      address,
      properties: { am: "AppleTV6,2", et: "0,3,5" },
    },
  ];
}

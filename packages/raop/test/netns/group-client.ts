/**
 * Runs inside the client namespace of a bridge: a multicast browse for `_raop._tcp`, then one
 * group stream of a WAV to the receivers named in argv[3] (comma-separated), and the receiver
 * argv[4] added `argv[5]` ms after the start. Prints one JSON line: what was found, who joined,
 * who failed and the group's timeline (RTP base, latency).
 */
import { browseAll } from "@atv/zeroconf";
import { openAudio, streamGroup, type GroupMemberConfig, type RaopGroup } from "../../src/index.js";

const [wavPath, names, lateName, lateAfter] = process.argv.slice(2) as [string, string, string, string];
const wanted = [...names.split(","), lateName];
const devices = await browseAll({ serviceTypes: ["_raop._tcp.local"], timeoutMs: 6000 });
const services = devices.flatMap((d) => d.services);
const config = (name: string): GroupMemberConfig | undefined => {
  const s = services.find((x) => x.name.endsWith(`@${name}`));
  return s && { id: name, host: s.address, port: s.port, properties: s.properties };
};
const configs = wanted.map(config);
if (configs.some((c) => c === undefined)) {
  process.stdout.write(JSON.stringify({ found: false, services: services.map((s) => s.name) }) + "\n");
  process.exit(2);
}
const late = configs.at(-1) as GroupMemberConfig;
const initial = configs.slice(0, -1) as GroupMemberConfig[];
const joined: { id: string; seq: number; rtpTime: number; at: number }[] = [];
const failed: { id: string; error: string }[] = [];
let group: RaopGroup | undefined;
let error: string | undefined;
let lateError: string | undefined;
const started = Date.now();
try {
  const audio = await openAudio(wavPath);
  await streamGroup(initial, audio.pcm, {
    metadata: { title: "atv group interop" },
    onGroup: (g) => {
      group = g;
      g.on("memberJoined", (id, j) =>
        joined.push({ id, seq: j.seq, rtpTime: j.rtpTime, at: Date.now() - started }),
      );
      g.on("memberFailed", (id, e) => failed.push({ id, error: e.message }));
      setTimeout(() => {
        g.add(late).catch((e: unknown) => (lateError = String(e)));
      }, Number(lateAfter));
    },
  });
} catch (e) {
  error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
}
process.stdout.write(
  JSON.stringify({
    found: true,
    joined,
    failed,
    error,
    lateError,
    rtpBase: group?.timeline?.rtpBase,
    latencyFrames: group?.timeline?.latencyFrames,
    seconds: (Date.now() - started) / 1000,
  }) + "\n",
);

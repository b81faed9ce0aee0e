/** DMAP decode/encode throughput on the captured play status and on a large listing. */
import { bench, describe } from "vitest";
import { container, decodeDmap, encodeDmap, str, uint } from "../src/codec/index.js";
import { buildPlaying } from "../src/playing.js";
import { responseBodies } from "../test/vectors.js";

const playstatus = responseBodies()[1]!;
const listing = encodeDmap(
  container(
    "mlcl",
    ...Array.from({ length: 1000 }, (_, i) =>
      container(
        "mlit",
        uint("miid", i),
        str("minm", `Track ${i}`),
        str("asar", "Artist"),
        str("asal", "Album"),
      ),
    ),
  ),
);

describe("DMAP codec", () => {
  bench("decode captured playstatus (130 B)", () => {
    decodeDmap(playstatus);
  });
  bench("decode + buildPlaying (130 B)", () => {
    buildPlaying(decodeDmap(playstatus));
  });
  bench(`decode 1000-item listing (${listing.length} B)`, () => {
    decodeDmap(listing);
  });
  bench("encode playstatus", () => {
    encodeDmap(...decodeDmap(playstatus));
  });
});

/** Fuzzing the live browse session and responder path: the long run (ATV_SLOW=1): 2M datagrams. */
import fc from "fast-check";
import { describe, it } from "vitest";
import { browseSessions, liveDatagram, responderSurvives } from "./live-fuzz-helpers.js";

describe("live objects (slow) under random, mutated and hostile datagrams", () => {
  it("1M datagrams into answerQuery + encodeResponse: replies within limits, nothing thrown", () => {
    fc.assert(
      fc.property(
        liveDatagram,
        fc.boolean(),
        fc.boolean(),
        fc.option(fc.constantFrom(0, 99_500, 100_000)),
        (d, legacy, uni, last) => responderSurvives(d, legacy, uni, last ?? undefined),
      ),
      { numRuns: 1_000_000 },
    );
  }, 3_600_000);

  it("1M datagrams into two long-lived BrowseSessions: nothing thrown, every cap holds", () => {
    const sessions = browseSessions();
    let now = 0;
    fc.assert(
      fc.property(liveDatagram, fc.integer({ min: 1, max: 40 }), fc.boolean(), (d, source, direct) =>
        sessions.feed(d, source, direct, ++now),
      ),
      { numRuns: 1_000_000 },
    );
  }, 3_600_000);
});

import { chunked, hex, loadVector, unhex } from "@atv/test-utils";
import { ProtocolError } from "@atv/core";
import { describe, expect, test } from "vitest";
import {
  decodePlist,
  decodeTextParameters,
  digestAuthorization,
  encodeBinaryPlist,
  encodeMessage,
  encodeRequest,
  encodeTextParameters,
  HttpProtocol,
  MalformedMessageError,
  MessageDecoder,
  MessageTooLargeError,
  parseDigestChallenge,
  request,
  response,
  verifyDigestAuthorization,
  type HttpMessage,
} from "../../src/rtsp.js";

interface Exchange {
  dir: string;
  hex: string;
  decoded: { start_line: string; headers: [string, string][]; body_hex?: string; body_bplist?: unknown };
}
const vector = loadVector<{ exchanges: Exchange[] }>("airplay-play-url.json");

function decodeAll(bytes: Uint8Array, chunkSize = bytes.length): HttpMessage[] {
  const decoder = new MessageDecoder();
  const out: HttpMessage[] = [];
  for (const chunk of chunked(bytes, Math.max(1, chunkSize))) out.push(...decoder.push(chunk));
  decoder.end();
  return out;
}

describe("airplay-play-url.json vector", () => {
  test.each(vector.exchanges.map((e, i) => [i, e] as const))(
    "exchange %i decodes and re-encodes byte for byte",
    (_, exchange) => {
      const bytes = unhex(exchange.hex);
      for (const size of [bytes.length, 1, 7]) {
        const messages = decodeAll(bytes, size);
        expect(messages).toHaveLength(1);
        const message = messages[0] as HttpMessage;
        const startLine =
          message.kind === "request"
            ? `${message.method} ${message.uri} ${message.protocol}`
            : `${message.protocol} ${message.status} ${message.reason}`;
        expect(startLine).toBe(exchange.decoded.start_line);
        expect(message.headers.entries()).toEqual(exchange.decoded.headers);
        expect(hex(message.body)).toBe(exchange.decoded.body_hex ?? "");
        expect(hex(encodeMessage(message))).toBe(exchange.hex);
      }
    },
  );

  test("the /play body is the plist pyatv sent, and encodes to the same bytes", () => {
    const play = vector.exchanges[0] as Exchange;
    const body = unhex(play.decoded.body_hex ?? "");
    expect(decodePlist(body)).toEqual(play.decoded.body_bplist);
    expect(hex(encodeBinaryPlist(play.decoded.body_bplist as Record<string, string>))).toBe(
      play.decoded.body_hex,
    );
  });

  test("the XML plist /playback-info answers decode", () => {
    const answers = vector.exchanges.filter((e) => e.dir === "device->client" && e.decoded.body_hex);
    const decoded = answers.map((e) => decodePlist(unhex(e.decoded.body_hex ?? "")));
    expect(decoded[0]).toEqual({ duration: 0.8 });
    expect(decoded[1]).toMatchObject({ readyToPlay: false });
  });
});

describe("decoder", () => {
  const pipelined = new Uint8Array([
    ...encodeRequest(
      request({ method: "GET", uri: "/info", protocol: HttpProtocol.Rtsp, headers: { CSeq: "0" } }),
    ),
    ...encodeRequest(
      request({
        method: "POST",
        uri: "/feedback",
        protocol: HttpProtocol.Rtsp,
        body: new Uint8Array([1, 2, 3]),
      }),
    ),
    ...encodeMessage(response({ status: 200, headers: { CSeq: "1" }, body: new Uint8Array(300).fill(7) })),
  ]);

  test("survives chunking at every size", () => {
    const expected = decodeAll(pipelined);
    expect(expected.map((m) => m.kind)).toEqual(["request", "request", "response"]);
    for (let size = 1; size <= 40; size++) expect(decodeAll(pipelined, size)).toEqual(expected);
  });

  test("rejects a header block over the limit before the blank line arrives", () => {
    const decoder = new MessageDecoder({ maxHeaderBytes: 64 });
    const huge = new TextEncoder().encode(`GET / HTTP/1.1\r\nX: ${"a".repeat(100)}`);
    expect(() => decoder.push(huge)).toThrow(MessageTooLargeError);
    expect(decoder.bufferedBytes).toBe(0);
    expect(() => decoder.push(new Uint8Array([1]))).toThrow(MessageTooLargeError);
  });

  test("rejects an oversized Content-Length before buffering the body", () => {
    const decoder = new MessageDecoder({ maxBodyBytes: 1000 });
    const head = new TextEncoder().encode("POST /x HTTP/1.1\r\nContent-Length: 1001\r\n\r\n");
    expect(() => decoder.push(head)).toThrow(/exceeds the limit/);
    expect(decoder.bufferedBytes).toBe(0);
  });

  test.each([
    ["bad request line", "GET /\r\n\r\n"],
    ["unknown protocol", "GET / HTTP/2.0\r\n\r\n"],
    ["chunked request body", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"],
    ["gzip transfer coding", "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\n\r\n"],
    ["bad content length", "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n"],
    ["conflicting content length", "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n"],
    ["header without colon", "GET / HTTP/1.1\r\nfoo\r\n\r\n"],
    ["control char", "GET / HTTP/1.1\r\nA: b\x01c\r\n\r\n"],
    ["bad status", "HTTP/1.1 2000 OK\r\n\r\n"],
  ])("rejects %s", (_, text) => {
    expect(() => new MessageDecoder().push(new Uint8Array(Buffer.from(text, "latin1")))).toThrow(
      MalformedMessageError,
    );
  });

  test("a chunked response decodes into a plain body at any chunking; limits hold", () => {
    const text =
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: application/hap+json\r\n\r\n" +
      "5;ext=1\r\nhello\r\n7\r\n, world\r\n0\r\nX-Trailer: 1\r\n\r\n";
    const bytes = new Uint8Array(Buffer.from(text, "latin1"));
    for (const size of [bytes.length, 1, 3]) {
      const [message, ...rest] = decodeAll(bytes, size);
      expect(rest).toEqual([]);
      expect(Buffer.from(message?.body ?? []).toString()).toBe("hello, world");
      expect(message?.headers.has("Transfer-Encoding")).toBe(false);
      expect(Buffer.from(encodeMessage(message as HttpMessage)).toString()).toContain(
        "Content-Length: 12\r\n",
      );
    }
    const big = new TextEncoder().encode("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFF\r\n");
    expect(() => new MessageDecoder({ maxBodyBytes: 1000 }).push(big)).toThrow(MessageTooLargeError);
    const badSize = new TextEncoder().encode("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n");
    expect(() => new MessageDecoder().push(badSize)).toThrow(MalformedMessageError);
    const longLine = new TextEncoder().encode(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;" + "x".repeat(2000),
    );
    expect(() => new MessageDecoder().push(longLine)).toThrow(MessageTooLargeError);
    const noCrlf = new TextEncoder().encode(
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\naXY\r\n",
    );
    expect(() => new MessageDecoder().push(noCrlf)).toThrow(MalformedMessageError);
  });

  test("a truncated message fails at end()", () => {
    const decoder = new MessageDecoder();
    decoder.push(new TextEncoder().encode("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nab"));
    expect(() => decoder.end()).toThrow(MalformedMessageError);
  });

  test("too many header lines", () => {
    const text = "GET / HTTP/1.1\r\n" + "A: b\r\n".repeat(10) + "\r\n";
    expect(() => new MessageDecoder({ maxHeaders: 5 }).push(new TextEncoder().encode(text))).toThrow(
      MessageTooLargeError,
    );
  });

  test("encoder refuses header injection and a wrong Content-Length", () => {
    expect(() => request({ method: "GET", uri: "/", headers: { A: "b\r\nX: y" } })).toThrow(TypeError);
    expect(() =>
      encodeRequest(
        request({ method: "POST", uri: "/", headers: { "Content-Length": "3" }, body: new Uint8Array(2) }),
      ),
    ).toThrow(RangeError);
    expect(() => encodeRequest(request({ method: "GET", uri: "/a b" }))).toThrow(TypeError);
  });
});

describe("bodies", () => {
  test("text/parameters round trip", () => {
    const body = encodeTextParameters({ "Content-Location": "http://x/y.mp4", "Start-Position": 0.5 });
    expect(Buffer.from(body).toString()).toBe("Content-Location: http://x/y.mp4\r\nStart-Position: 0.5\r\n");
    expect(Object.fromEntries(decodeTextParameters(body))).toEqual({
      "Content-Location": "http://x/y.mp4",
      "Start-Position": "0.5",
    });
    expect(() => decodeTextParameters(new TextEncoder().encode("novalue\n"))).toThrow(ProtocolError);
  });

  test("digest authorization matches an independent computation (Python hashlib)", () => {
    const challenge = parseDigestChallenge('Digest realm="raop", nonce="abc123"');
    expect(challenge).toEqual({ realm: "raop", nonce: "abc123" });
    const header = digestAuthorization(
      challenge,
      { username: "pyatv", password: "secret" },
      "ANNOUNCE",
      "rtsp://10.0.0.2/1234",
    );
    expect(header).toBe(
      'Digest username="pyatv", realm="raop", nonce="abc123", uri="rtsp://10.0.0.2/1234", response="e79f06db2f6b3dad0cca1a3299b624a9"',
    );
    expect(verifyDigestAuthorization(header, challenge, "secret", "ANNOUNCE")).toBe(true);
    expect(verifyDigestAuthorization(header, challenge, "wrong", "ANNOUNCE")).toBe(false);
    expect(verifyDigestAuthorization(header, challenge, "secret", "SETUP")).toBe(false);
    expect(() => parseDigestChallenge("Basic realm=x")).toThrow(ProtocolError);
  });
});

/**
 * The DMAP device as the capabilities see it (pyatv's BaseDmapAppleTV): play status
 * with revisions, artwork, ctrl-int commands, control prompts and properties.
 */
import type { CallOptions, Playing } from "@atv/core";
import { encodeDmap } from "./codec/encode.js";
import { str, uint } from "./codec/node.js";
import type { DmapNode } from "./codec/node.js";
import { firstUint } from "./codec/query.js";
import { buildPlaying } from "./playing.js";
import type { DmapSession, SessionRequestOptions } from "./session.js";

export const PLAYSTATUS_COMMAND = "ctrl-int/1/playstatusupdate?[AUTH]&revision-number=";
export const CONTROL_PROMPT_COMMAND = "ctrl-int/1/controlpromptentry?[AUTH]&prompt-id=0";

export class DmapAppleTV {
  readonly session: DmapSession;
  /** Revision to wait on in the next blocking play status request. */
  playstatusRevision = 0;
  latestPlaystatus: DmapNode[] | undefined;
  latestPlaying: Playing | undefined;

  constructor(session: DmapSession) {
    this.session = session;
  }

  /** The latest Playing's hash (pyatv's artwork id). */
  get latestHash(): string | undefined {
    return this.latestPlaying?.hash;
  }

  /** What is playing; with `useRevision` the device answers only once something changed. */
  async playstatus(useRevision = false, options: SessionRequestOptions = {}): Promise<Playing> {
    const revision = useRevision ? this.playstatusRevision : 0;
    const nodes = await this.session.get(`${PLAYSTATUS_COMMAND}${revision}`, options);
    const playing = buildPlaying(nodes);
    this.playstatusRevision = firstUint(nodes, "cmst", "cmsr") ?? 0;
    this.latestPlaystatus = nodes;
    this.latestPlaying = playing;
    return playing;
  }

  /** Artwork bytes (PNG), undefined when the device has none. */
  async artwork(width: number, height: number, options: CallOptions = {}): Promise<Uint8Array | undefined> {
    const bytes = await this.session.getBytes(
      `ctrl-int/1/nowplayingartwork?mw=${width}&mh=${height}&[AUTH]`,
      options,
    );
    return bytes.length === 0 ? undefined : bytes;
  }

  async ctrlInt(command: string, options: CallOptions = {}): Promise<void> {
    await this.session.post(`ctrl-int/1/${command}?[AUTH]&prompt-id=0`, undefined, options);
  }

  /** select / menu / topmenu: `cmbe` = command then `cmcc` = uint8 0 (as pyatv's code). */
  async controlPromptCommand(command: string, options: CallOptions = {}): Promise<void> {
    await this.controlPromptData(encodeDmap(str("cmbe", command), uint("cmcc", 0, 1)), options);
  }

  async controlPromptData(body: Uint8Array, options: CallOptions = {}): Promise<void> {
    await this.session.post(CONTROL_PROMPT_COMMAND, body, options);
  }

  async setProperty(property: string, value: number, options: CallOptions = {}): Promise<void> {
    await this.session.post(`ctrl-int/1/setproperty?${property}=${value}&[AUTH]`, undefined, options);
  }

  /** `getproperty?properties=…` (DACP); the answer is a `cmgt` container. */
  async getProperty(property: string, options: CallOptions = {}): Promise<DmapNode[]> {
    return this.session.get(`ctrl-int/1/getproperty?properties=${property}&[AUTH]`, options);
  }
}

/** One touch step of an arrow gesture: `cmcc` = uint8 0x30, then `cmbe` = `touch<Phase>&time=…&point=x,y`. */
export function touchStep(phase: "Down" | "Move" | "Up", time: number, x: number, y: number): Uint8Array {
  return encodeDmap(uint("cmcc", 0x30, 1), str("cmbe", `touch${phase}&time=${time}&point=${x},${y}`));
}

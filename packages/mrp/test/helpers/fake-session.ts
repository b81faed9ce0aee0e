import type { MessageType } from "../../src/codec/index.js";
import type { ProtocolMessage } from "../../src/gen/atv/mrp/protocol_message_pb.js";
import type { MrpSession } from "../../src/session.js";

/** A stand-in for MrpSession.listen: `push(message)` delivers to the registered handlers. */
export class FakePushes implements Pick<MrpSession, "listen"> {
  readonly #handlers = new Map<number, Set<(m: ProtocolMessage) => void>>();

  listen(type: MessageType, handler: (message: ProtocolMessage) => void): () => void {
    let set = this.#handlers.get(type);
    if (!set) this.#handlers.set(type, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  push(message: ProtocolMessage): void {
    for (const handler of this.#handlers.get(message.type) ?? []) handler(message);
  }
}

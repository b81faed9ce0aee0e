/**
 * The RTI keyboard payloads (companion.md §7.6): NSKeyedArchiver binary plists, read with
 * bplist-parser and built with bplist-creator. `_tiStart`'s `_tiD` gives the session UUID and the
 * current text; `_tiC` carries a text-operations archive (clear, or insert text).
 */
import bplistCreator from "bplist-creator";
import { parseBuffer, UID } from "bplist-parser";
import { MalformedFrameError } from "./errors.js";

/** Largest `_tiD` accepted before parsing. */
export const MAX_RTI_BYTES = 64 * 1024;

type Plain = unknown;

function parseArchive(bytes: Uint8Array): { top: Record<string, Plain>; objects: Plain[] } {
  if (bytes.length > MAX_RTI_BYTES) {
    throw new MalformedFrameError(`RTI archive of ${bytes.length} bytes exceeds ${MAX_RTI_BYTES}`);
  }
  let root: Plain;
  try {
    [root] = parseBuffer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (cause) {
    throw new MalformedFrameError(`RTI archive is not a binary plist: ${String(cause)}`, { cause });
  }
  const record = asRecord(root);
  const top = asRecord(record?.["$top"]);
  const objects = record?.["$objects"];
  if (!top || !Array.isArray(objects)) throw new MalformedFrameError("RTI archive without $top/$objects");
  return { top, objects };
}

function asRecord(value: Plain): Record<string, Plain> | undefined {
  return typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof UID) &&
    !Buffer.isBuffer(value)
    ? (value as Record<string, Plain>)
    : undefined;
}

/** Follows a UID into `$objects` (values that are not UIDs are returned as they are). */
function deref(objects: Plain[], value: Plain): Plain {
  if (value instanceof UID) {
    if (value.UID < 0 || value.UID >= objects.length)
      throw new MalformedFrameError(`RTI UID ${value.UID} out of range`);
    return objects[value.UID];
  }
  return value;
}

function follow(archive: { top: Record<string, Plain>; objects: Plain[] }, path: readonly string[]): Plain {
  let current: Plain = archive.top;
  for (const key of path) {
    const record = asRecord(current);
    if (!record || !(key in record)) return undefined;
    current = deref(archive.objects, record[key]);
  }
  return current;
}

function asBytes(value: Plain): Uint8Array | undefined {
  if (Buffer.isBuffer(value)) return new Uint8Array(value);
  // An NSUUID object: NS.uuidbytes holds the bytes.
  const record = asRecord(value);
  const inner = record?.["NS.uuidbytes"];
  return Buffer.isBuffer(inner) ? new Uint8Array(inner) : undefined;
}

export interface TextInputState {
  /** `$top.sessionUUID` (16 bytes). */
  readonly sessionUuid: Uint8Array;
  /** `$top.documentState.docSt.contextBeforeInput`, "" when absent. */
  readonly text: string;
}

/** Reads the `_tiD` of a `_tiStart` response or `_tiStarted` event. */
export function readTextInputState(tiD: Uint8Array): TextInputState {
  const archive = parseArchive(tiD);
  const sessionUuid = asBytes(follow(archive, ["sessionUUID"]));
  if (!sessionUuid) throw new MalformedFrameError("RTI archive without a sessionUUID");
  const text = follow(archive, ["documentState", "docSt", "contextBeforeInput"]);
  return { sessionUuid, text: typeof text === "string" ? text : "" };
}

/** Builds a `_tiD` as the device sends it (used by the device side and tests). */
export function buildTextInputState(sessionUuid: Uint8Array, text: string): Uint8Array {
  return new Uint8Array(
    bplistCreator({
      $version: 100000,
      $archiver: "RTIKeyedArchiver",
      $top: { sessionUUID: { UID: 1 }, documentState: { UID: 2 } },
      $objects: [
        "$null",
        Buffer.from(sessionUuid),
        { docSt: { UID: 3 } },
        { contextBeforeInput: { UID: 4 } },
        text,
      ],
    }),
  );
}

const CLASS_KEYBOARD_OUTPUT = { $classname: "TIKeyboardOutput", $classes: ["TIKeyboardOutput", "NSObject"] };
const CLASS_UUID = { $classname: "NSUUID", $classes: ["NSUUID", "NSObject"] };
const CLASS_OPERATIONS = { $classname: "RTITextOperations", $classes: ["RTITextOperations", "NSObject"] };

function archive(objects: Plain[]): Uint8Array {
  return new Uint8Array(
    bplistCreator({
      $version: 100000,
      $archiver: "RTIKeyedArchiver",
      $top: { textOperations: { UID: 1 } },
      $objects: objects,
    }),
  );
}

/** The `_tiC` archive that clears the text field. */
export function buildClearTextPayload(sessionUuid: Uint8Array): Uint8Array {
  return archive([
    "$null",
    {
      $class: { UID: 7 },
      targetSessionUUID: { UID: 5 },
      keyboardOutput: { UID: 2 },
      textToAssert: { UID: 4 },
    },
    { $class: { UID: 3 } },
    CLASS_KEYBOARD_OUTPUT,
    "",
    { "NS.uuidbytes": Buffer.from(sessionUuid), $class: { UID: 6 } },
    CLASS_UUID,
    CLASS_OPERATIONS,
  ]);
}

/** The `_tiC` archive that inserts `text`. */
export function buildInsertTextPayload(sessionUuid: Uint8Array, text: string): Uint8Array {
  return archive([
    "$null",
    { $class: { UID: 7 }, targetSessionUUID: { UID: 5 }, keyboardOutput: { UID: 2 } },
    { $class: { UID: 4 }, insertionText: { UID: 3 } },
    text,
    CLASS_KEYBOARD_OUTPUT,
    { "NS.uuidbytes": Buffer.from(sessionUuid), $class: { UID: 6 } },
    CLASS_UUID,
    CLASS_OPERATIONS,
  ]);
}

export interface TextOperation {
  readonly sessionUuid: Uint8Array | undefined;
  /** `textToAssert`: the field's text becomes this (the clear archive sends ""). */
  readonly assertText?: string;
  /** `keyboardOutput.insertionText`. */
  readonly insertText?: string;
}

/** Reads a `_tiC` text-operations archive (the device side). */
export function readTextOperation(tiD: Uint8Array): TextOperation {
  const a = parseArchive(tiD);
  const ops = asRecord(follow(a, ["textOperations"]));
  if (!ops) throw new MalformedFrameError("RTI archive without textOperations");
  const sessionUuid = asBytes(deref(a.objects, ops["targetSessionUUID"]));
  const assertText = "textToAssert" in ops ? deref(a.objects, ops["textToAssert"]) : undefined;
  const output = asRecord(deref(a.objects, ops["keyboardOutput"]));
  const insert = output && "insertionText" in output ? deref(a.objects, output["insertionText"]) : undefined;
  return {
    sessionUuid,
    ...(typeof assertText === "string" ? { assertText } : {}),
    ...(typeof insert === "string" ? { insertText: insert } : {}),
  };
}

/**
 * What the generated files in src/gen import in place of `@bufbuild/protobuf/codegenv2`
 * (buf.gen.yaml rewrites that import to this module): the same `messageDesc`, `enumDesc` and
 * types, and a `fileDesc` that builds the same descriptors more cheaply.
 *
 * protobuf-es's own `fileDesc` decodes each embedded FileDescriptorProto by reflection, which
 * first builds the whole schema of google/protobuf/descriptor.proto (a registry of its own
 * 30-odd messages). Here the few descriptor fields MRP's schema uses are read directly, into
 * objects shaped as protobuf-es's `fromBinary` shapes them (proto2: unset scalars come from
 * the prototype), and handed to its public `createFileRegistry`. Anything else in a
 * descriptor (options, extensions, services…) throws, so a schema change that needs more
 * fails the tests (test/codec/file-desc.test.ts compares every file with protobuf-es's
 * decoding) instead of being dropped.
 */
import { createFileRegistry, type DescFile } from "@bufbuild/protobuf";
import type { GenFile } from "@bufbuild/protobuf/codegenv2";
import { protoCamelCase } from "@bufbuild/protobuf/reflect";
import type {
  DescriptorProto,
  EnumDescriptorProto,
  EnumValueDescriptorProto,
  FieldDescriptorProto,
  FileDescriptorProto,
  OneofDescriptorProto,
} from "@bufbuild/protobuf/wkt";

export { enumDesc, messageDesc } from "@bufbuild/protobuf/codegenv2";
export type { GenEnum, GenFile, GenMessage } from "@bufbuild/protobuf/codegenv2";

/** A field's number and wire type, then its value. */
class Reader {
  pos: number;
  constructor(
    readonly bytes: Uint8Array,
    start: number,
    readonly end: number,
  ) {
    this.pos = start;
  }

  /** A varint as a 32-bit integer (int32 keeps its sign; higher bits are dropped, as int32 does). */
  varint(): number {
    let result = 0;
    let shift = 0;
    for (;;) {
      if (this.pos >= this.end) throw new Error("embedded descriptor: truncated varint");
      const b = this.bytes[this.pos++] ?? 0;
      if (shift < 32) result |= (b & 0x7f) << shift;
      shift += 7;
      if ((b & 0x80) === 0) return result;
      if (shift > 63) throw new Error("embedded descriptor: varint too long");
    }
  }

  /** The extent of a length-delimited value. */
  delimited(): { start: number; end: number } {
    const length = this.varint();
    const start = this.pos;
    const end = start + length;
    if (length < 0 || end > this.end) throw new Error("embedded descriptor: truncated field");
    this.pos = end;
    return { start, end };
  }

  string(): string {
    const { start, end } = this.delimited();
    return decoder.decode(this.bytes.subarray(start, end));
  }

  sub(): Reader {
    const { start, end } = this.delimited();
    return new Reader(this.bytes, start, end);
  }
}

const decoder = new TextDecoder("utf-8", { fatal: true });

/** Each field of a message, as its number and wire type; `read` consumes the value. */
function eachField(reader: Reader, what: string, read: (field: number, wireType: number) => boolean): void {
  while (reader.pos < reader.end) {
    const tag = reader.varint();
    const field = tag >>> 3;
    const wireType = tag & 7;
    if (!read(field, wireType)) {
      throw new Error(`embedded descriptor: unsupported ${what} field ${field} (wire type ${wireType})`);
    }
  }
}

const VARINT = 0;
const LEN = 2;

// proto2 defaults on the prototype, as protobuf-es's `create` lays out a message: a field
// read from the wire becomes an own property, so `isFieldSet` tells them apart.
const fileDefaults = { name: "", package: "", syntax: "", edition: 0 };
const messageDefaults = { name: "", visibility: 0 };
const fieldDefaults = {
  name: "",
  number: 0,
  label: 1,
  type: 1,
  typeName: "",
  extendee: "",
  defaultValue: "",
  oneofIndex: 0,
  jsonName: "",
  proto3Optional: false,
};
const enumDefaults = { name: "", visibility: 0 };
const enumValueDefaults = { name: "", number: 0 };
const oneofDefaults = { name: "" };

/** A message object: `own` (its type name, its repeated fields) over the defaults. */
function messageOf<T>(defaults: object, own: { $typeName: string } & Record<string, unknown>): T {
  return Object.assign(Object.create(defaults) as object, own) as T;
}

function readEnumValue(reader: Reader): EnumValueDescriptorProto {
  const v = messageOf<EnumValueDescriptorProto>(enumValueDefaults, {
    $typeName: "google.protobuf.EnumValueDescriptorProto",
  });
  eachField(reader, "enum value", (field, wireType) => {
    if (field === 1 && wireType === LEN) v.name = reader.string();
    else if (field === 2 && wireType === VARINT) v.number = reader.varint();
    else return false;
    return true;
  });
  return v;
}

function readEnum(reader: Reader): EnumDescriptorProto {
  const e = messageOf<EnumDescriptorProto>(enumDefaults, {
    $typeName: "google.protobuf.EnumDescriptorProto",
    value: [],
    reservedRange: [],
    reservedName: [],
  });
  eachField(reader, "enum", (field, wireType) => {
    if (field === 1 && wireType === LEN) e.name = reader.string();
    else if (field === 2 && wireType === LEN) e.value.push(readEnumValue(reader.sub()));
    else return false;
    return true;
  });
  return e;
}

function readField(reader: Reader): FieldDescriptorProto {
  const f = messageOf<FieldDescriptorProto>(fieldDefaults, {
    $typeName: "google.protobuf.FieldDescriptorProto",
  });
  eachField(reader, "field", (field, wireType) => {
    if (wireType === LEN) {
      if (field === 1) f.name = reader.string();
      else if (field === 2) f.extendee = reader.string();
      else if (field === 6) f.typeName = reader.string();
      else if (field === 7) f.defaultValue = reader.string();
      else if (field === 10) f.jsonName = reader.string();
      else return false;
    } else if (wireType === VARINT) {
      if (field === 3) f.number = reader.varint();
      else if (field === 4) f.label = reader.varint();
      else if (field === 5) f.type = reader.varint();
      else if (field === 9) f.oneofIndex = reader.varint();
      else if (field === 17) f.proto3Optional = reader.varint() !== 0;
      else return false;
    } else return false;
    return true;
  });
  // Generated code leaves out JSON names that follow from the field name (restored here,
  // as protobuf-es's `fileDesc` does).
  if (!Object.prototype.hasOwnProperty.call(f, "jsonName")) f.jsonName = protoCamelCase(f.name);
  return f;
}

function readOneof(reader: Reader): OneofDescriptorProto {
  const o = messageOf<OneofDescriptorProto>(oneofDefaults, {
    $typeName: "google.protobuf.OneofDescriptorProto",
  });
  eachField(reader, "oneof", (field, wireType) => {
    if (field === 1 && wireType === LEN) o.name = reader.string();
    else return false;
    return true;
  });
  return o;
}

function readMessage(reader: Reader): DescriptorProto {
  const m = messageOf<DescriptorProto>(messageDefaults, {
    $typeName: "google.protobuf.DescriptorProto",
    field: [],
    extension: [],
    nestedType: [],
    enumType: [],
    extensionRange: [],
    oneofDecl: [],
    reservedRange: [],
    reservedName: [],
  });
  eachField(reader, "message", (field, wireType) => {
    if (wireType !== LEN) return false;
    if (field === 1) m.name = reader.string();
    else if (field === 2) m.field.push(readField(reader.sub()));
    else if (field === 3) m.nestedType.push(readMessage(reader.sub()));
    else if (field === 4) m.enumType.push(readEnum(reader.sub()));
    else if (field === 8) m.oneofDecl.push(readOneof(reader.sub()));
    else return false;
    return true;
  });
  return m;
}

/** Decodes the FileDescriptorProto fields MRP's schema uses (see the module comment). */
export function decodeFileDescriptor(bytes: Uint8Array): FileDescriptorProto {
  const file = messageOf<FileDescriptorProto>(fileDefaults, {
    $typeName: "google.protobuf.FileDescriptorProto",
    dependency: [],
    publicDependency: [],
    weakDependency: [],
    optionDependency: [],
    messageType: [],
    enumType: [],
    service: [],
    extension: [],
  });
  const reader = new Reader(bytes, 0, bytes.length);
  eachField(reader, "file", (field, wireType) => {
    if (wireType !== LEN) return false;
    if (field === 1) file.name = reader.string();
    else if (field === 2) file.package = reader.string();
    else if (field === 3) file.dependency.push(reader.string());
    else if (field === 4) file.messageType.push(readMessage(reader.sub()));
    else if (field === 5) file.enumType.push(readEnum(reader.sub()));
    else if (field === 12) file.syntax = reader.string();
    else return false;
    return true;
  });
  return file;
}

/**
 * A generated file's descriptor from its embedded FileDescriptorProto (base64 without padding)
 * and the files it imports, as protobuf-es's `fileDesc` builds it.
 */
export function fileDesc(b64: string, imports?: GenFile[]): GenFile {
  const bytes = Buffer.from(b64, "base64");
  const root = decodeFileDescriptor(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  root.dependency = imports?.map((f) => f.proto.name) ?? [];
  const registry = createFileRegistry(root, (name) => imports?.find((f) => f.proto.name === name));
  const file: DescFile | undefined = registry.getFile(root.name);
  if (!file) throw new Error(`embedded descriptor: ${root.name} missing from its registry`);
  return file;
}

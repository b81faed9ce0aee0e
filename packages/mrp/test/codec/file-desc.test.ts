import { readFileSync, readdirSync } from "node:fs";
import {
  create,
  equals,
  fromBinary,
  isFieldSet,
  toBinary,
  type DescField,
  type DescFile,
} from "@bufbuild/protobuf";
import { protoCamelCase } from "@bufbuild/protobuf/reflect";
import { fileDesc as protobufEsFileDesc } from "@bufbuild/protobuf/codegenv2";
import {
  FieldDescriptorProtoSchema,
  FieldOptionsSchema,
  FileDescriptorProtoSchema,
  FileOptionsSchema,
  type DescriptorProto,
} from "@bufbuild/protobuf/wkt";
import { describe, expect, it } from "vitest";
import { decodeFileDescriptor, fileDesc } from "../../src/codec/file-desc.js";
import { file_atv_mrp_protocol_message } from "../../src/gen/atv/mrp/protocol_message_pb.js";

const genDir = new URL("../../src/gen/atv/mrp/", import.meta.url);

/** Each generated file's embedded descriptor (the base64 its `fileDesc(...)` call holds). */
const embedded = readdirSync(genDir)
  .filter((name) => name.endsWith("_pb.ts"))
  .map((name) => {
    const source = readFileSync(new URL(name, genDir), "utf8");
    const b64 = /fileDesc\("([A-Za-z0-9+/]+)"/.exec(source)?.[1];
    if (b64 === undefined) throw new Error(`no fileDesc in ${name}`);
    return { name, b64 };
  });

function bytesOf(b64: string): Uint8Array {
  return new Uint8Array(Buffer.from(b64, "base64"));
}

/** What protobuf-es reads from a descriptor, flattened for comparison. */
function fieldSummary(f: DescField): unknown {
  return {
    name: f.name,
    number: f.number,
    jsonName: f.jsonName,
    localName: f.localName,
    fieldKind: f.fieldKind,
    presence: f.presence,
    scalar: "scalar" in f ? f.scalar : undefined,
    listKind: "listKind" in f ? f.listKind : undefined,
    packed: "packed" in f ? f.packed : undefined,
    message: "message" in f ? f.message?.typeName : undefined,
    enum: "enum" in f ? f.enum?.typeName : undefined,
    default:
      "getDefaultValue" in f && typeof f.getDefaultValue === "function" ? f.getDefaultValue() : undefined,
    oneof: f.oneof?.name,
  };
}

function fileSummary(file: DescFile): unknown {
  return {
    name: file.name,
    deps: file.dependencies.map((d) => d.name),
    messages: [...file.messages, ...file.messages.flatMap((m) => m.nestedMessages)].map((m) => ({
      typeName: m.typeName,
      fields: m.fields.map(fieldSummary),
      oneofs: m.oneofs.map((o) => o.name),
      members: m.members.map((x) => x.localName),
    })),
    enums: [...file.enums, ...file.messages.flatMap((m) => m.nestedEnums)].map((e) => ({
      typeName: e.typeName,
      open: e.open,
      values: e.values.map((v) => [v.name, v.localName, v.number]),
    })),
  };
}

describe("fileDesc (the generated files' descriptors)", () => {
  it("finds every generated file", () => {
    expect(embedded.map((e) => e.name)).toContain("protocol_message_pb.ts");
    expect(embedded.length).toBe(8);
  });

  for (const { name, b64 } of embedded) {
    it(`decodes ${name} as protobuf-es does`, () => {
      const theirs = fromBinary(FileDescriptorProtoSchema, bytesOf(b64));
      // The generator strips JSON names that follow from the field name; protobuf-es's
      // fileDesc restores them (restoreJsonNames), and so does ours.
      const restore = (m: DescriptorProto): void => {
        for (const f of m.field)
          if (!isFieldSet(f, FieldDescriptorProtoSchema.field.jsonName)) f.jsonName = protoCamelCase(f.name);
        m.nestedType.forEach(restore);
      };
      theirs.messageType.forEach(restore);
      const ours = decodeFileDescriptor(bytesOf(b64));
      expect(equals(FileDescriptorProtoSchema, ours, theirs)).toBe(true);
      // Which fields are set (own properties, for proto2) matches too: same bytes out.
      expect(toBinary(FileDescriptorProtoSchema, ours)).toEqual(toBinary(FileDescriptorProtoSchema, theirs));
    });
  }

  it("builds the same descriptors as protobuf-es's fileDesc", () => {
    // Rebuild every file both ways, dependencies first, and compare what the runtime reads.
    const order = [...file_atv_mrp_protocol_message.dependencies, file_atv_mrp_protocol_message];
    const sources = new Map(embedded.map((e) => [e.name.replace(/_pb\.ts$/, ".proto"), e.b64]));
    const ours = new Map<string, DescFile>();
    const theirs = new Map<string, DescFile>();
    const build = (file: DescFile): void => {
      for (const dep of file.dependencies) if (!ours.has(dep.name)) build(dep);
      const b64 = sources.get(file.proto.name.replace(/^atv\/mrp\//, ""));
      if (b64 === undefined) throw new Error(`no embedded descriptor for ${file.name}`);
      ours.set(
        file.name,
        fileDesc(
          b64,
          file.dependencies.map((d) => ours.get(d.name)!),
        ),
      );
      theirs.set(
        file.name,
        protobufEsFileDesc(
          b64,
          file.dependencies.map((d) => theirs.get(d.name)!),
        ),
      );
    };
    for (const file of order) if (!ours.has(file.name)) build(file);
    expect(ours.size).toBe(8);
    for (const [name, file] of ours) {
      expect(fileSummary(file), name).toEqual(fileSummary(theirs.get(name)!));
      expect([file.edition, file.proto.syntax]).toEqual([
        theirs.get(name)!.edition,
        theirs.get(name)!.proto.syntax,
      ]);
    }
  });

  it("rejects descriptor fields it does not read instead of dropping them", () => {
    const withOptions = create(FileDescriptorProtoSchema, {
      name: "x.proto",
      options: create(FileOptionsSchema, { javaPackage: "x" }),
    });
    expect(() => decodeFileDescriptor(toBinary(FileDescriptorProtoSchema, withOptions))).toThrow(
      /unsupported file field 8/,
    );
    const withFieldOptions = create(FileDescriptorProtoSchema, {
      name: "x.proto",
      messageType: [
        {
          name: "M",
          field: [{ name: "a", number: 1, options: create(FieldOptionsSchema, { packed: true }) }],
        },
      ],
    });
    expect(() => decodeFileDescriptor(toBinary(FileDescriptorProtoSchema, withFieldOptions))).toThrow(
      /unsupported field field 8/,
    );
  });

  it("rejects truncated descriptors", () => {
    const bytes = bytesOf(embedded[0]!.b64);
    expect(() => decodeFileDescriptor(bytes.subarray(0, bytes.length - 3))).toThrow(/truncated/);
  });
});

/** Reading decoded DMAP: pyatv's `first(data, "cmst", "caps")` with typed results. */
import { InvalidDmapDataError } from "@atv/core";
import type { DmapNode } from "./node.js";

/** The first node at a tag path, e.g. `first(nodes, "cmst", "caps")`. */
export function first(nodes: readonly DmapNode[], ...path: string[]): DmapNode | undefined {
  let level: readonly DmapNode[] = nodes;
  for (let i = 0; i < path.length; i++) {
    const found = level.find((n) => n.tag === path[i]);
    if (!found) return undefined;
    if (i === path.length - 1) return found;
    if (found.kind !== "container") return undefined;
    level = found.children;
  }
  return undefined;
}

function wrongKind(path: string[], node: DmapNode, expected: string): never {
  throw new InvalidDmapDataError(`DMAP ${path.join("/")} is ${node.kind}, expected ${expected}`);
}

/** An unsigned integer as a number (exact up to 2^53), undefined when absent. */
export function firstUint(nodes: readonly DmapNode[], ...path: string[]): number | undefined {
  const node = first(nodes, ...path);
  if (!node) return undefined;
  if (node.kind !== "uint") wrongKind(path, node, "an integer");
  return Number(node.value);
}

/** An unsigned integer as a bigint (8-byte values such as the pairing GUID). */
export function firstBigUint(nodes: readonly DmapNode[], ...path: string[]): bigint | undefined {
  const node = first(nodes, ...path);
  if (!node) return undefined;
  if (node.kind !== "uint") wrongKind(path, node, "an integer");
  return node.value;
}

export function firstString(nodes: readonly DmapNode[], ...path: string[]): string | undefined {
  const node = first(nodes, ...path);
  if (!node) return undefined;
  if (node.kind !== "string") wrongKind(path, node, "a string");
  return node.value;
}

export function firstBool(nodes: readonly DmapNode[], ...path: string[]): boolean | undefined {
  const node = first(nodes, ...path);
  if (!node) return undefined;
  if (node.kind !== "bool") wrongKind(path, node, "a boolean");
  return node.value;
}

/** pyatv-like one-line summary: `cmst{caps=3, cann='music'}` (for logs and tools). */
export function summarize(nodes: readonly DmapNode[]): string {
  return nodes
    .map((n) => {
      switch (n.kind) {
        case "container":
          return `${n.tag}{${summarize(n.children)}}`;
        case "uint":
          return `${n.tag}=${n.value}`;
        case "string":
          return `${n.tag}=${JSON.stringify(n.value)}`;
        case "bool":
          return `${n.tag}=${n.value ? "True" : "False"}`;
        default:
          return `${n.tag}=<${n.value.length} bytes>`;
      }
    })
    .join(", ");
}

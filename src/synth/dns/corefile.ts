// Corefile for one node.
import type { Node, Site } from "../../site/index.ts";

export function corefile(_site: Site, _node: Node): string {
  throw new Error("corefile: not written yet");
}

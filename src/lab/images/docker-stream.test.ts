import { describe, it } from "node:test";
import { expect } from "chai";
import type { DockerMessage } from "./docker-stream.ts";
import { DockerStreamError, followDockerStream } from "./docker-stream.ts";

async function* chunks(...parts: string[]): AsyncGenerator<Buffer> {
  for (const part of parts) yield Buffer.from(part);
}

describe("followDockerStream", () => {
  it("reassembles messages split across chunks, blank lines and a last line without newline", async () => {
    const seen: DockerMessage[] = [];
    const all = await followDockerStream(chunks('{"stream":"Step 1/2 : FROM x\\n"}\r\n\n{"str', 'eam":"ok"}\n{"aux":{"ID":"sha256:ab"}}'), (m) => seen.push(m));
    expect(all).to.deep.equal([{ stream: "Step 1/2 : FROM x\n" }, { stream: "ok" }, { aux: { ID: "sha256:ab" } }]);
    expect(seen).to.deep.equal(all);
  });

  it("throws the engine's own message when the stream reports an error", async () => {
    const stream = chunks('{"stream":"Step 2/2 : RUN false\\n"}\n', '{"errorDetail":{"code":1,"message":"The command returned a non-zero code: 1"},"error":"x"}\n');
    let caught: unknown;
    await followDockerStream(stream).catch((e: unknown) => (caught = e));
    expect(caught).to.be.instanceOf(DockerStreamError);
    expect((caught as Error).message).to.equal("The command returned a non-zero code: 1");
  });

  it("names a line that is not JSON", async () => {
    let caught: unknown;
    await followDockerStream(chunks("<html>\n")).catch((e: unknown) => (caught = e));
    expect(String(caught)).to.match(/not JSON: <html>/);
  });
});

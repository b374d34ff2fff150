import { describe, it } from "node:test";
import { gzipSync } from "node:zlib";
import { expect } from "chai";
import { ignitionContent } from "./ignition-content.ts";

describe("ignitionContent", () => {
  it("reads Butane's encoding (gzip, base64, empty compression) as plain content", () => {
    const gz = gzipSync(Buffer.from("hello\n")).toString("base64");
    const text = JSON.stringify({
      ignition: { version: "3.3.0" },
      storage: {
        files: [
          { path: "/b", contents: { compression: "gzip", source: `data:;base64,${gz}` }, mode: 420 },
          { path: "/a", contents: { compression: "", source: "data:,x" }, overwrite: true },
        ],
      },
    });
    expect(ignitionContent(text).files).to.deep.equal([
      { path: "/a", mode: null, overwrite: true, contents: "x" },
      { path: "/b", mode: 420, overwrite: false, contents: "hello\n" },
    ]);
  });

  it("names the content it does not interpret, ignoring empty values", () => {
    const text = JSON.stringify({
      ignition: { version: "3.3.0", config: { replace: { verification: {} } } },
      kernelArguments: { shouldExist: ["quiet"] },
      storage: { links: [{ path: "/l", target: "/t" }], files: [{ path: "/f", user: { name: "core" }, contents: { source: "data:," } }] },
      systemd: { units: [{ name: "u.service", dropins: [{ name: "d.conf", contents: "" }] }] },
    });
    expect(ignitionContent(text).unread).to.deep.equal(["kernelArguments", "storage.files./f.user", "storage.links", "systemd.units.u.service.dropins"]);
  });
});

import { expect } from "chai";
import { describe, it } from "node:test";
import { CHRONY, CHRONY_CONFIGURE_ARGS, chronyBinaries, chronyReportsVersion } from "./chrony-tool.ts";

describe("chrony built from source", () => {
  it("is a release new enough for the generated orphan options (maxunreach is 4.8)", () => {
    const [major, minor] = CHRONY.version.split(".").map(Number);
    expect(major! * 100 + minor!).to.be.at.least(408);
    expect(CHRONY.url).to.match(new RegExp(`chrony_${CHRONY.version.replace(/\./g, "\\.")}\\.orig\\.tar\\.gz$`));
    expect(CHRONY.sha256).to.match(/^[0-9a-f]{64}$/);
  });

  it("keeps one binary pair per version", () => {
    expect(chronyBinaries("/bin-dir", "4.9")).to.deep.equal({ chronyd: "/bin-dir/chronyd-4.9", chronyc: "/bin-dir/chronyc-4.9" });
  });

  it("recognises its version in `chronyd -v`, and no other", () => {
    const said = "chronyd (chrony) version 4.9 (+CMDMON +REFCLOCK +RTC -PRIVDROP -SCFILTER -SIGND -NTS -SECHASH +IPV6 -DEBUG)";
    expect(chronyReportsVersion(said, "4.9")).to.equal(true);
    expect(chronyReportsVersion(said, "4.3")).to.equal(false);
    expect(chronyReportsVersion("chronyd (chrony) version 4.9.1 (+CMDMON)", "4.9")).to.equal(false);
  });

  it("needs nothing but libc: no NTS, crypto, line editing, seccomp or libcap", () => {
    for (const off of ["--disable-nts", "--without-nettle", "--without-gnutls", "--without-editline", "--without-seccomp", "--without-libcap"]) {
      expect(CHRONY_CONFIGURE_ARGS).to.include(off);
    }
  });
});

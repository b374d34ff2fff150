#!/usr/bin/env node
// Entry point of the coreos-infra command. The sources are TypeScript run by
// Node's own type stripping, which needs Node 22.18 or newer (24 LTS advised).
const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(
    `coreos-infra needs Node.js 24 (found ${process.versions.node}).\n` +
      "Run `make setup` in the project directory, which installs Node 24 under .cache/node, " +
      "then put .cache/node/node_modules/node/bin first on PATH.",
  );
  process.exit(2);
}
await import("../src/cli/main.ts");

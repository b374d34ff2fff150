// Tools built from their Go modules at a pinned version: CoreDNS (for the
// dns image) and Butane (a referee for the generated Butane configs). Nothing
// is downloaded but Go modules, through the Go module proxy.
//
// `go install module@version` does not work here: the proxy refuses the
// module's version list. A throwaway module that requires the tool and
// builds its main package does.
import { mkdtemp, mkdir, rename, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PATHS } from "./paths.ts";
import type { OnProgress } from "./progress.ts";
import { ignoreProgress } from "./progress.ts";
import { CommandError, runCommand } from "./run-command.ts";

export type GoToolName = "coredns" | "butane";

/** The Butane release the referee tests use. */
export const BUTANE_VERSION = "0.25.1";

interface GoToolRecipe {
  readonly module: string;
  /** The main package, which need not sit at the module root. */
  readonly mainPackage: string;
  readonly binary: (version: string) => string;
  readonly ldflags: (version: string) => string;
  /** Arguments that make the binary print its version. */
  readonly versionArgs: readonly string[];
  readonly firstBuild: string;
}

export const GO_TOOLS: Readonly<Record<GoToolName, GoToolRecipe>> = {
  coredns: {
    module: "github.com/coredns/coredns",
    mainPackage: "github.com/coredns/coredns",
    binary: (v) => `coredns-${v}`,
    ldflags: () => "-s -w",
    versionArgs: ["-version"],
    firstBuild: "first build ≈5–7 min",
  },
  butane: {
    module: "github.com/coreos/butane",
    mainPackage: "github.com/coreos/butane/internal",
    binary: () => "butane",
    // Butane reads its version from a variable the release build sets;
    // without it, `butane --version` says it was not built properly.
    ldflags: (v) => `-s -w -X github.com/coreos/butane/internal/version.Raw=v${v}`,
    versionArgs: ["--version"],
    firstBuild: "first build ≈30 s",
  },
};

export interface GoToolOptions {
  /** Where the binary goes; .cache/tools/bin of the checkout by default. */
  readonly binDir?: string;
  /** Added to the environment of go (GOMODCACHE, GOCACHE, GOPROXY…). */
  readonly env?: Readonly<Record<string, string>>;
  readonly onProgress?: OnProgress;
}

export function normalizeVersion(version: string): string {
  const v = version.startsWith("v") ? version.slice(1) : version;
  if (!/^\d+\.\d+\.\d+$/.test(v)) throw new Error(`"${version}" is not a release version (expected MAJOR.MINOR.PATCH, e.g. 1.12.4)`);
  return v;
}

/** True when the binary's version output names exactly this version. */
export function reportsVersion(output: string, version: string): boolean {
  const escaped = version.replace(/\./g, "\\.");
  return new RegExp(`(^|[^0-9.])v?${escaped}($|[^0-9.])`, "m").test(output);
}

async function isCurrent(path: string, recipe: GoToolRecipe, version: string): Promise<boolean> {
  const exists = await stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!exists) return false;
  try {
    const { stdout, stderr } = await runCommand(path, recipe.versionArgs, { timeoutMs: 15_000 });
    return reportsVersion(`${stdout}\n${stderr}`, version);
  } catch {
    return false;
  }
}

/**
 * The path of the tool's binary at this version, built first when it is
 * missing or reports another version.
 */
export async function ensureGoTool(name: GoToolName, version: string, options: GoToolOptions = {}): Promise<string> {
  const recipe = GO_TOOLS[name];
  const v = normalizeVersion(version);
  const binDir = options.binDir ?? PATHS.toolsBin;
  const target = join(binDir, recipe.binary(v));
  if (await isCurrent(target, recipe, v)) return target;

  const onProgress = options.onProgress ?? ignoreProgress;
  const step = `go build ${name} ${v} (${recipe.firstBuild})`;
  onProgress({ image: name, step });
  await mkdir(binDir, { recursive: true });
  const work = await mkdtemp(join(tmpdir(), `coreos-infra-go-${name}-`));
  const partial = join(binDir, `.${recipe.binary(v)}.${process.pid}.partial`);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    CGO_ENABLED: "0",
    // A go.work further up, or a vendor directory, must not change what is built.
    GOWORK: "off",
    GOFLAGS: [process.env.GOFLAGS, options.env?.GOFLAGS, "-mod=mod"].filter(Boolean).join(" "),
  };
  const go = (args: string[]) =>
    runCommand("go", args, { cwd: work, env, onLine: (line) => onProgress({ image: name, step, detail: line }) });
  try {
    await go(["mod", "init", `coreos-infra.local/tools/${name}`]);
    await go(["get", `${recipe.module}@v${v}`]);
    await go(["build", "-trimpath", "-ldflags", recipe.ldflags(v), "-o", partial, recipe.mainPackage]);
    if (!(await isCurrent(partial, recipe, v))) {
      throw new Error(`the ${name} binary built from ${recipe.module}@v${v} does not report version ${v}`);
    }
    await rename(partial, target);
    return target;
  } catch (error) {
    throw goBuildError(name, v, recipe, error);
  } finally {
    await rm(work, { recursive: true, force: true });
    await rm(partial, { force: true });
  }
}

function goBuildError(name: GoToolName, version: string, recipe: GoToolRecipe, error: unknown): Error {
  const what = `could not build ${name} ${version} from the Go module ${recipe.module}`;
  if (error instanceof CommandError && error.code === "ENOENT") {
    return new Error(`${what}: the go command is not installed or not on PATH. Install Go (https://go.dev/dl/) and try again.`, { cause: error });
  }
  if (error instanceof CommandError && / get /.test(error.command)) {
    return new Error(
      `${what}: go get failed. Is the Go module proxy reachable (GOPROXY=${process.env.GOPROXY ?? "the default, proxy.golang.org"}) and does v${version} exist?\n${error.message}`,
      { cause: error },
    );
  }
  return new Error(`${what}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}

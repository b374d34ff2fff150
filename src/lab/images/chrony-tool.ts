// chronyd and chronyc built from chrony's release source. Fedora CoreOS runs
// chronyd as part of the OS; the generated chrony.conf needs chrony 4.8 or
// newer (`maxunreach` is 4.8, the `local` options `waitsynced` and
// `waitunsynced` are 4.7). Debian bookworm, which the
// lab's base image is made of, ships 4.3, which takes days to go to orphan
// stratum after losing its upstreams. So the base image gets these binaries.
//
// The source is the release tarball as Debian's archive keeps it (the same
// mirror the base rootfs comes from), checked against a pinned SHA-256. The
// build links dynamically, like the distribution's chronyd: libfaketime,
// which the clock-skew scenario preloads, only reaches dynamic binaries.
import { createHash } from "node:crypto";
import { copyFile, mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PATHS } from "./paths.ts";
import type { OnProgress } from "./progress.ts";
import { ignoreProgress } from "./progress.ts";
import { CommandError, runCommand } from "./run-command.ts";

export const CHRONY = {
  version: "4.9",
  url: "http://deb.debian.org/debian/pool/main/c/chrony/chrony_4.9.orig.tar.gz",
  sha256: "4924c6f530105bcd5b9e9e33c48a2ae1bfd889222c8480bc41601110efc864d0",
} as const;

/**
 * What the lab's chronyd needs and nothing more: no NTS, no libraries beyond
 * libc, no privilege drop (each runs alone in its container). Paths as the
 * distributions use them.
 */
export const CHRONY_CONFIGURE_ARGS: readonly string[] = [
  "--prefix=/usr",
  "--sysconfdir=/etc",
  "--localstatedir=/var",
  "--with-pidfile=/run/chrony/chronyd.pid",
  "--disable-nts",
  "--without-nettle",
  "--without-gnutls",
  "--without-nss",
  "--without-tomcrypt",
  "--without-editline",
  "--disable-readline",
  "--without-seccomp",
  "--without-libcap",
  "--disable-privdrop",
  "--disable-pps",
  "--disable-phc",
];

export interface ChronyBinaries {
  readonly chronyd: string;
  readonly chronyc: string;
}

export interface ChronyOptions {
  /** Where the binaries go; .cache/tools/bin of the checkout by default. */
  readonly binDir?: string;
  /** Where the downloaded source tarball is kept; .cache/tools/src by default. */
  readonly srcDir?: string;
  readonly onProgress?: OnProgress;
}

export function chronyBinaries(binDir: string = PATHS.toolsBin, version: string = CHRONY.version): ChronyBinaries {
  return { chronyd: join(binDir, `chronyd-${version}`), chronyc: join(binDir, `chronyc-${version}`) };
}

/** True when `chronyd -v` output names exactly this version. */
export function chronyReportsVersion(output: string, version: string): boolean {
  return new RegExp(`\\(chrony\\) version ${version.replace(/\./g, "\\.")}( |$)`, "m").test(output);
}

async function reports(path: string, version: string): Promise<boolean> {
  try {
    const { stdout } = await runCommand(path, ["-v"], { timeoutMs: 15_000 });
    return chronyReportsVersion(stdout, version);
  } catch {
    return false;
  }
}

const sha256 = (data: Buffer): string => createHash("sha256").update(data).digest("hex");

/** The source tarball, downloaded once and kept while its hash matches. */
async function sourceTarball(srcDir: string, onProgress: OnProgress): Promise<string> {
  const path = join(srcDir, CHRONY.url.split("/").at(-1)!);
  const kept = await readFile(path).catch(() => undefined);
  if (kept && sha256(kept) === CHRONY.sha256) return path;
  onProgress({ image: "chrony", step: `downloading chrony ${CHRONY.version} source`, detail: CHRONY.url });
  let response: Response;
  try {
    response = await fetch(CHRONY.url, { signal: AbortSignal.timeout(120_000) });
  } catch (error) {
    throw new Error(`cannot download ${CHRONY.url}: ${(error as Error).message}. The base image's Debian mirror must be reachable.`, { cause: error });
  }
  if (!response.ok) throw new Error(`cannot download ${CHRONY.url}: HTTP ${response.status}`);
  const data = Buffer.from(await response.arrayBuffer());
  const got = sha256(data);
  if (got !== CHRONY.sha256) throw new Error(`${CHRONY.url} has SHA-256 ${got}, expected ${CHRONY.sha256}: refusing to build from it`);
  await mkdir(srcDir, { recursive: true });
  const partial = `${path}.${process.pid}.partial`;
  await writeFile(partial, data);
  await rename(partial, path);
  return path;
}

/**
 * The paths of chronyd and chronyc at the pinned version, built first when
 * missing or reporting another version (about 15 s on two cores).
 */
export async function ensureChrony(options: ChronyOptions = {}): Promise<ChronyBinaries> {
  const binDir = options.binDir ?? PATHS.toolsBin;
  const target = chronyBinaries(binDir);
  if ((await reports(target.chronyd, CHRONY.version)) && (await stat(target.chronyc).then((s) => s.isFile(), () => false))) return target;

  const onProgress = options.onProgress ?? ignoreProgress;
  const tarball = await sourceTarball(options.srcDir ?? PATHS.toolsSrc, onProgress);
  const step = `building chrony ${CHRONY.version} (≈15 s)`;
  onProgress({ image: "chrony", step });
  const work = await mkdtemp(join(tmpdir(), "coreos-infra-chrony-"));
  const run = (command: string, args: readonly string[], cwd: string) =>
    runCommand(command, args, { cwd, onLine: (line) => onProgress({ image: "chrony", step, detail: line }) });
  try {
    await run("tar", ["-xzf", tarball, "-C", work], work);
    const src = join(work, `chrony-${CHRONY.version}`);
    await run("./configure", CHRONY_CONFIGURE_ARGS, src);
    await run("make", ["-j2", "chronyd", "chronyc"], src);
    if (!(await reports(join(src, "chronyd"), CHRONY.version))) throw new Error(`the chronyd built from ${CHRONY.url} does not report version ${CHRONY.version}`);
    await mkdir(binDir, { recursive: true });
    // The work directory may sit on another file system: copy, then rename into place.
    for (const name of ["chronyc", "chronyd"] as const) {
      const partial = `${target[name]}.${process.pid}.partial`;
      await copyFile(join(src, name), partial);
      await rename(partial, target[name]);
    }
    return target;
  } catch (error) {
    throw chronyBuildError(error);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

function chronyBuildError(error: unknown): Error {
  const what = `could not build chrony ${CHRONY.version} from source`;
  if (error instanceof CommandError && error.code === "ENOENT") {
    return new Error(`${what}: ${error.command.split(" ")[0]} is not installed. Install a C toolchain (apt-get install gcc make libc6-dev) and try again.`, { cause: error });
  }
  return new Error(`${what}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
}

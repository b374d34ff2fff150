// ensureImages: make sure the lab's images exist locally, building only what
// is missing or whose recipe changed. An image is current when its tag
// carries the hash of its recipe; checking that is one inspect per image, so
// an up-to-date machine pays a few milliseconds.
import Dockerode from "dockerode";
import type { ImageInspectInfo } from "dockerode";
import { buildImage } from "./build-image.ts";
import { ensureChrony } from "./chrony-tool.ts";
import { ensureGoTool } from "./go-tool.ts";
import { isLocalOnly } from "./image-ref.ts";
import { PATHS } from "./paths.ts";
import type { OnProgress } from "./progress.ts";
import { ignoreProgress } from "./progress.ts";
import { pullImage } from "./pull-image.ts";
import type { ImagePlan, ImageRole } from "./recipes.ts";
import { IMAGE_LABELS, IMAGE_ROLES, planBase, planService } from "./recipes.ts";
import { ensureRootfsTarball, importRootfs } from "./rootfs.ts";

export type ServiceImages = Readonly<Record<ImageRole, string>>;

export interface EnsureImagesOptions {
  /** Pull the service images from their registries instead of building them. */
  readonly pull?: boolean;
  readonly onProgress?: OnProgress;
  readonly docker?: Dockerode;
  /** Overrides for tests: recipe directory, caches. */
  readonly paths?: Partial<typeof PATHS>;
}

export type ImageOutcome = "up-to-date" | "built" | "pulled";

export interface EnsuredImage {
  readonly ref: string;
  readonly id: string;
  readonly outcome: ImageOutcome;
  readonly seconds: number;
}

export type EnsuredImages = Readonly<Record<"base" | ImageRole, EnsuredImage>>;

interface Context {
  readonly docker: Dockerode;
  readonly onProgress: OnProgress;
  readonly paths: typeof PATHS;
  /** Ids of images a rebuild took the tag from, removed at the end when nothing else uses them. */
  readonly replaced: string[];
}

// One build per reference and recipe at a time in this process: two labs
// starting together wait for the same build instead of racing it.
const inFlight = new Map<string, Promise<string>>();

function once(key: string, build: () => Promise<string>): Promise<string> {
  const running = inFlight.get(key);
  if (running) return running;
  const started = build().finally(() => inFlight.delete(key));
  inFlight.set(key, started);
  return started;
}

const elapsed = (since: number): number => Math.round((performance.now() - since) / 100) / 10;

async function inspect(docker: Dockerode, ref: string): Promise<ImageInspectInfo | undefined> {
  try {
    return await docker.getImage(ref).inspect();
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return undefined;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ECONNREFUSED" || code === "ENOENT" || code === "EACCES") {
      throw new Error(
        `cannot reach the Docker engine (${(error as Error).message}): start dockerd, or point DOCKER_HOST at a running engine`,
        { cause: error },
      );
    }
    throw new Error(`cannot inspect the image ${ref}: ${(error as Error).message}`, { cause: error });
  }
}

async function ensureBuilt(ctx: Context, plan: ImagePlan, build: () => Promise<string>): Promise<EnsuredImage> {
  const started = performance.now();
  const existing = await inspect(ctx.docker, plan.ref);
  const found = existing?.Config?.Labels?.[IMAGE_LABELS.hash];
  if (existing && found === plan.hash) {
    ctx.onProgress({ image: plan.ref, step: "up to date" });
    return { ref: plan.ref, id: existing.Id, outcome: "up-to-date", seconds: elapsed(started) };
  }
  if (existing) {
    const why = found === undefined ? "the image was not built from a recipe here" : "its recipe changed";
    ctx.onProgress({ image: plan.ref, step: `rebuilding: ${why}` });
  }
  const id = await once(`${plan.ref}\u0000${plan.hash}`, build);
  if (existing && existing.Id !== id) ctx.replaced.push(existing.Id);
  ctx.onProgress({ image: plan.ref, step: `built in ${elapsed(started)} s` });
  return { ref: plan.ref, id, outcome: "built", seconds: elapsed(started) };
}

function labels(plan: ImagePlan): Record<string, string> {
  return { [IMAGE_LABELS.recipe]: plan.recipe, [IMAGE_LABELS.hash]: plan.hash };
}

function dockerBuild(ctx: Context, plan: ImagePlan, buildArgs: Record<string, string>, extra: Parameters<typeof buildImage>[1]["extra"] = []): Promise<string> {
  const step = "docker build (≈10 s)";
  ctx.onProgress({ image: plan.ref, step });
  return buildImage(ctx.docker, {
    tag: plan.ref,
    files: plan.files,
    extra,
    buildArgs,
    labels: labels(plan),
    onStep: (detail) => ctx.onProgress({ image: plan.ref, step, detail }),
  });
}

async function buildBase(ctx: Context, plan: ImagePlan): Promise<string> {
  const step = "building rootfs with mmdebstrap (≈1–2 min)";
  ctx.onProgress({ image: plan.ref, step });
  const tarball = await ensureRootfsTarball({ dir: plan.dir, suite: plan.params.suite!, hash: plan.hash }, ctx.paths.imageCache, (line) => {
    // mmdebstrap says what it is doing on lines starting "I:" (and warns on "W:"/"E:").
    if (/^[IWE]: /.test(line)) ctx.onProgress({ image: plan.ref, step, detail: line });
  });
  const chrony = await ensureChrony({
    binDir: ctx.paths.toolsBin,
    srcDir: ctx.paths.toolsSrc,
    onProgress: (event) => ctx.onProgress({ ...event, image: plan.ref }),
  });
  ctx.onProgress({ image: plan.ref, step: "importing rootfs (≈10 s)", detail: tarball });
  const rootfs = await importRootfs(ctx.docker, tarball);
  return dockerBuild(ctx, plan, { ROOTFS: rootfs }, [
    { name: "chronyd", mode: 0o755, path: chrony.chronyd },
    { name: "chronyc", mode: 0o755, path: chrony.chronyc },
  ]);
}

async function buildCoredns(ctx: Context, plan: ImagePlan): Promise<string> {
  const binary = await ensureGoTool("coredns", plan.params.corednsVersion!, {
    binDir: ctx.paths.toolsBin,
    onProgress: (event) => ctx.onProgress({ ...event, image: plan.ref }),
  });
  return dockerBuild(ctx, plan, {}, [{ name: "coredns", mode: 0o755, path: binary }]);
}

async function removeReplaced(ctx: Context): Promise<void> {
  // Children were replaced after their parents: remove in reverse so a
  // parent is free by the time its turn comes.
  for (const id of [...ctx.replaced].reverse()) {
    const image = await inspect(ctx.docker, id).catch(() => undefined);
    const tags = (image?.RepoTags ?? []).filter((t) => t !== "<none>:<none>");
    if (!image || tags.length > 0) continue;
    // An image still used by a container (or by another image) stays.
    await ctx.docker
      .getImage(id)
      .remove()
      .catch(() => undefined);
  }
}

/**
 * Like Promise.all, but waits for every build to finish before reporting the
 * first failure, so none is left running unobserved.
 */
async function settled<T extends readonly unknown[]>(promises: { readonly [K in keyof T]: Promise<T[K]> }): Promise<T> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((r) => r.status === "rejected");
  if (failed) throw failed.reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as unknown as T;
}

function checkDistinct(images: ServiceImages): void {
  const seen = new Map<string, ImageRole>();
  for (const role of IMAGE_ROLES) {
    const other = seen.get(images[role]);
    if (other) throw new Error(`the ${other} and ${role} images are both ${images[role]}: each service needs its own image reference`);
    seen.set(images[role], role);
  }
}

/**
 * Makes sure the base image and the three service images exist locally.
 * With `pull`, service images are pulled from their registries instead
 * (those under localhost/, which no registry serves, are still built).
 */
export async function ensureImages(images: ServiceImages, options: EnsureImagesOptions = {}): Promise<EnsuredImages> {
  checkDistinct(images);
  const ctx: Context = {
    docker: options.docker ?? new Dockerode(),
    onProgress: options.onProgress ?? ignoreProgress,
    paths: { ...PATHS, ...options.paths },
    replaced: [],
  };
  const pulled: Partial<Record<ImageRole, EnsuredImage>> = {};
  if (options.pull === true) {
    // Before any build: no registry is the likely failure, and it is quick to find.
    for (const role of IMAGE_ROLES.filter((r) => !isLocalOnly(images[r]))) {
      const started = performance.now();
      ctx.onProgress({ image: images[role], step: "pulling" });
      const id = await pullImage(ctx.docker, images[role], (detail) => ctx.onProgress({ image: images[role], step: "pulling", detail }));
      pulled[role] = { ref: images[role], id, outcome: "pulled", seconds: elapsed(started) };
    }
  }

  const basePlan = await planBase(ctx.paths.recipes);
  const plans: Partial<Record<ImageRole, ImagePlan>> = {};
  for (const role of IMAGE_ROLES) {
    if (!pulled[role]) plans[role] = await planService(ctx.paths.recipes, role, images[role], basePlan);
  }
  const service = (role: ImageRole, build: (plan: ImagePlan) => Promise<string>): Promise<EnsuredImage> => {
    const plan = plans[role];
    return plan ? ensureBuilt(ctx, plan, () => build(plan)) : Promise.resolve(pulled[role]!);
  };

  // CoreDNS needs no base image: its Go build runs alongside the Debian one.
  const onBase = (async () => {
    const base = await ensureBuilt(ctx, basePlan, () => buildBase(ctx, basePlan));
    const [dhcp, boot] = await settled([
      service("dhcp", (plan) => dockerBuild(ctx, plan, { BASE: base.id, KEA_VERSION: plan.params.keaVersion ?? "" })),
      service("boot", (plan) => dockerBuild(ctx, plan, { BASE: base.id })),
    ]);
    return { base, dhcp, boot };
  })();
  const dns = service("dns", (plan) => buildCoredns(ctx, plan));
  const [baseSide, dnsSide] = await settled([onBase, dns]);
  await removeReplaced(ctx);
  return { ...baseSide, dns: dnsSide };
}

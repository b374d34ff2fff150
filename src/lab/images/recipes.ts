// Which recipe makes which image, and what goes into each recipe's hash.
// The site pins the service images by reference; the recipe for a reference
// is chosen by the role it plays (dns, dhcp, boot), and versions are read
// from its tag.
import { join } from "node:path";
import { CHRONY, CHRONY_CONFIGURE_ARGS } from "./chrony-tool.ts";
import { GO_TOOLS, normalizeVersion } from "./go-tool.ts";
import { parseImageRef, versionOfTag } from "./image-ref.ts";
import type { RecipeFile } from "./recipe-hash.ts";
import { readRecipeFiles, recipeHash } from "./recipe-hash.ts";

/** The image every lab container that is not a service runs on (nodes, clients, router, stand-ins); the lab plan names it. */
export { DEFAULT_LAB_BASE_IMAGE as LAB_BASE_IMAGE } from "../../synth/index.ts";
import { DEFAULT_LAB_BASE_IMAGE as LAB_BASE_IMAGE } from "../../synth/index.ts";

/** Debian release of the base image; its tag says it. */
export const BASE_SUITE = LAB_BASE_IMAGE.split(":").at(-1)!;

/** Labels every built image carries: its recipe and the recipe's hash. */
export const IMAGE_LABELS = {
  recipe: "io.coreos-infra.image.recipe",
  hash: "io.coreos-infra.image.recipe-hash",
} as const;

export type ImageRole = "dns" | "dhcp" | "boot";
export const IMAGE_ROLES: readonly ImageRole[] = ["dns", "dhcp", "boot"];

export type RecipeName = "base" | "kea" | "boot" | "coredns";

export const RECIPE_OF: Readonly<Record<ImageRole, RecipeName>> = { dns: "coredns", dhcp: "kea", boot: "boot" };

export interface ImagePlan {
  readonly ref: string;
  readonly recipe: RecipeName;
  readonly dir: string;
  readonly files: readonly RecipeFile[];
  /** Everything besides the files that decides the image; hashed. */
  readonly params: Readonly<Record<string, string>>;
  readonly hash: string;
}

async function plan(recipesDir: string, ref: string, recipe: RecipeName, params: Record<string, string>, parentHash?: string): Promise<ImagePlan> {
  const dir = join(recipesDir, recipe);
  const files = await readRecipeFiles(dir);
  const hash = recipeHash({ name: recipe, files, params, ...(parentHash === undefined ? {} : { parentHash }) });
  return { ref, recipe, dir, files, params, hash };
}

export function planBase(recipesDir: string): Promise<ImagePlan> {
  return plan(recipesDir, LAB_BASE_IMAGE, "base", {
    suite: BASE_SUITE,
    chronyVersion: CHRONY.version,
    chronySource: CHRONY.sha256,
    chronyConfigure: CHRONY_CONFIGURE_ARGS.join(" "),
  });
}

/** The CoreDNS version a dns image reference names in its tag. */
export function corednsVersionOf(ref: string): string {
  const version = versionOfTag(parseImageRef(ref).tag);
  try {
    if (version === undefined) throw new Error("no version in the tag");
    return normalizeVersion(version);
  } catch (error) {
    throw new Error(
      `cannot build the dns image ${ref}: the lab builds CoreDNS from source at the version its tag names, and this tag names none. Pin a release tag (e.g. docker.io/coredns/coredns:1.12.4), or use --pull to fetch the image as it is.`,
      { cause: error },
    );
  }
}

/** The plan for a service image; `base` is the base image's plan (kea and boot build on it). */
export function planService(recipesDir: string, role: ImageRole, ref: string, base: ImagePlan): Promise<ImagePlan> {
  switch (role) {
    case "dns": {
      const version = corednsVersionOf(ref);
      return plan(recipesDir, ref, "coredns", {
        corednsVersion: version,
        module: GO_TOOLS.coredns.module,
        ldflags: GO_TOOLS.coredns.ldflags(version),
        build: "CGO_ENABLED=0 -trimpath",
      });
    }
    case "dhcp":
      return plan(recipesDir, ref, "kea", { keaVersion: versionOfTag(parseImageRef(ref).tag) ?? "" }, base.hash);
    case "boot":
      return plan(recipesDir, ref, "boot", {}, base.hash);
  }
}

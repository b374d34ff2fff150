// What a lab test needs from the machine: root (bridge rules, other
// processes' namespaces), a container engine and the site's images. A missing
// one fails the test with what to do, never skips it.
import type Docker from "dockerode";
import { execFileSync } from "node:child_process";
import type { Site } from "../../site/index.ts";
import { DEFAULT_LAB_BASE_IMAGE } from "../../synth/index.ts";
import { checkEngine } from "../engine.ts";

function imagesOf(site: Site): string[] {
  const all = [site.images, ...site.deployments.map((d) => d.site.images)].flatMap((i) => [i.dns, i.dhcp, i.boot]);
  return [...new Set([DEFAULT_LAB_BASE_IMAGE, ...all])];
}

export async function requireLabPrerequisites(docker: Docker, site: Site): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error("lab tests run as root (bridge rules, network namespaces); run them with `sudo scripts/test.sh integration`");
  try {
    execFileSync("iptables", ["-w", "5", "-S", "DOCKER-USER"], { stdio: "ignore" });
  } catch {
    throw new Error("iptables cannot list the DOCKER-USER chain; start dockerd with its iptables management on (`make setup` does)");
  }
  await checkEngine(docker);
  const missing: string[] = [];
  for (const ref of imagesOf(site)) {
    try {
      await docker.getImage(ref).inspect();
    } catch {
      missing.push(ref);
    }
  }
  if (missing.length > 0) throw new Error(`lab images missing: ${missing.join(", ")}; build them with \`node scripts/build-images.ts\` (\`make setup\` does)`);
}

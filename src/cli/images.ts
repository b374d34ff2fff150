// Making sure the images a site pins, and those its candidate deployments pin, exist locally.
import { ensureImages } from "../lab/images/index.ts";
import type { ServiceImages } from "../lab/images/index.ts";
import type { Site } from "../site/index.ts";

export async function ensureSiteImages(site: Site, options: { pull: boolean; say: (text: string) => void }): Promise<void> {
  const sets = new Map<string, ServiceImages>();
  for (const { dns, dhcp, boot } of [site.images, ...site.deployments.map((d) => d.site.images)]) sets.set(`${dns} ${dhcp} ${boot}`, { dns, dhcp, boot });
  for (const images of sets.values()) {
    const ensured = await ensureImages(images, {
      pull: options.pull,
      onProgress: (e) => options.say(`${e.image}: ${e.step}${e.detail ? ` — ${e.detail}` : ""}`),
    });
    options.say(Object.values(ensured).map((i) => `${i.ref} ${i.outcome}`).join(", "));
  }
}

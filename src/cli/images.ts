// Making sure the images a site pins (and its candidate deployments pin) exist locally.
import type { Site } from "../site/index.ts";

export async function ensureSiteImages(_site: Site, _options: { pull: boolean; say: (text: string) => void }): Promise<void> {
  // Wired to the image builder once it lands.
}

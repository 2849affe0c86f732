// Asset images, fetched with the token and decoded before they are shown. The few around the
// shown asset stay (next/previous is then instant); older ones give back their object URLs.
import { api } from "../api.js";

const KEEP = 3;

export class Images {
  constructor() {
    this.cache = new Map(); // asset id -> Promise<HTMLImageElement>, oldest first
  }

  /** The decoded image of `asset` (fetched once while it stays cached). */
  get(asset) {
    let entry = this.cache.get(asset.id);
    if (entry) {
      this.cache.delete(asset.id); // most recently used goes last
    } else {
      entry = fetchImage(asset);
      entry.catch(() => this.cache.delete(asset.id));
    }
    this.cache.set(asset.id, entry);
    this.trim();
    return entry;
  }

  /** Start fetching an image the user is likely to open next. */
  prefetch(asset) {
    if (asset && !this.cache.has(asset.id)) this.get(asset).catch(() => {});
  }

  trim() {
    while (this.cache.size > KEEP) {
      const [id, entry] = this.cache.entries().next().value;
      this.cache.delete(id);
      entry.then((img) => URL.revokeObjectURL(img.src), () => {});
    }
  }

  clear() {
    for (const entry of this.cache.values()) entry.then((img) => URL.revokeObjectURL(img.src), () => {});
    this.cache.clear();
  }
}

async function fetchImage(asset) {
  const url = await api.imageUrl(`/api/assets/${asset.id}/content`);
  const img = new Image();
  img.src = url;
  try {
    await img.decode();
  } catch (error) {
    URL.revokeObjectURL(url);
    throw new Error(`${asset.name} cannot be shown as an image`);
  }
  return img;
}

// Thumbnails of assets, loaded only when they scroll into view and a few at a time, so a task of
// thousands of assets neither floods the server nor holds thousands of images in memory.
import { api, ApiError } from "./api.js";
import { describe } from "./dom.js";
import { limiter } from "./queue.js";

/** An object URL of an asset's thumbnail; the full image where the server has no thumbnail (404). */
export async function thumbnailUrl(assetId, size) {
  try {
    return await api.imageUrl(`/api/assets/${assetId}/thumbnail`, { size });
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
    return api.imageUrl(`/api/assets/${assetId}/content`);
  }
}

/**
 * A loader for <img> elements: `observe(img, assetId)` loads it when it nears the viewport, at
 * most `concurrency` at once; `img.dataset.state` says waiting, loading, loaded or failed.
 * `close()` stops it and frees every image it made (call it when the page goes away).
 */
export function thumbnailLoader({ size = 256, concurrency = 4, margin = "200px" } = {}) {
  const queue = limiter(concurrency);
  const urls = [];
  const wanted = new Map(); // img -> asset id

  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        observer.unobserve(entry.target);
        queue.run(() => load(entry.target));
      }
    },
    { rootMargin: margin },
  );

  async function load(img) {
    img.dataset.state = "loading";
    try {
      const url = await thumbnailUrl(wanted.get(img), size);
      if (queue.closed) return URL.revokeObjectURL(url);
      urls.push(url);
      img.src = url;
      img.dataset.state = "loaded";
    } catch (error) {
      img.dataset.state = "failed";
      img.title = describe(error);
    }
  }

  return {
    observe(img, assetId) {
      wanted.set(img, assetId);
      img.dataset.state = "waiting";
      observer.observe(img);
    },
    close() {
      queue.close();
      observer.disconnect();
      for (const url of urls) URL.revokeObjectURL(url);
    },
  };
}

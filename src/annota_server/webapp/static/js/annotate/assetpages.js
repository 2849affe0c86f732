// A job's assets, read a page at a time as the editor reaches them, never the whole list at
// once: a job may hold tens of thousands. `items` is an array as long as the job's asset count
// whose pages are filled in as they arrive (the editor indexes it like a full list); an index
// whose page has not come yet holds nothing. Stepping into the page after a loaded one follows
// that page's `next` link (its cursor: a keyset read on the server); a jump asks by number.
import { api } from "../api.js";

export const PAGE_SIZE = 100;

export class AssetPages {
  constructor(jobId, pageSize = PAGE_SIZE) {
    this.jobId = jobId;
    this.pageSize = pageSize;
    this.items = [];
    this.loading = new Map(); // page number -> Promise of its load
    this.nextLinks = new Map(); // page number -> the `next` link that page came with
  }

  /** The first page (it brings the count), then the page of the asset at `position`; its index. */
  async open(position) {
    await this.loadPage(1);
    if (!this.items.length || !Number.isFinite(position)) return 0;
    const first = this.items[0].position;
    // Positions in a job are consecutive unless assets were deleted: guess, then check.
    const guess = Math.min(Math.max(position - first, 0), this.items.length - 1);
    await this.load(guess);
    const near = this.items[guess];
    if (near && near.position === position) return guess;
    const found = this.items.findIndex((a) => a !== undefined && a.position === position);
    return found >= 0 ? found : 0;
  }

  /** The asset at `index` (its page fetched first when it is not here yet); null past the end. */
  async load(index) {
    if (index < 0 || index >= this.items.length) return null;
    if (!this.items[index]) await this.loadPage(Math.floor(index / this.pageSize) + 1);
    return this.items[index] || null;
  }

  loadPage(number) {
    let pending = this.loading.get(number);
    if (!pending) {
      pending = this.fetchPage(number);
      this.loading.set(number, pending);
      pending.catch(() => this.loading.delete(number)); // a failed page may be asked for again
    }
    return pending;
  }

  async fetchPage(number) {
    const link = this.nextLinks.get(number - 1);
    const query = { job: this.jobId, sort: "position", page: number, page_size: this.pageSize };
    if (link) query.cursor = new URL(link).searchParams.get("cursor");
    const { data } = await api.get("/api/assets", { query });
    if (number === 1) this.items.length = data.count;
    const start = (number - 1) * this.pageSize;
    data.results.forEach((asset, offset) => {
      if (start + offset < this.items.length) this.items[start + offset] = asset;
    });
    if (data.next) this.nextLinks.set(number, data.next);
  }
}

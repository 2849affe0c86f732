// The HTTP API, as the pages use it. The session token lives in sessionStorage (per tab, gone
// when the tab closes) and travels only in the Authorization header: no cookie, so no CSRF.

const TOKEN_KEY = "annota.token";
const USER_KEY = "annota.user";

/** An answer other than 2xx; `problem` is the application/problem+json body when there is one. */
export class ApiError extends Error {
  constructor(status, problem, response) {
    super((problem && (problem.detail || problem.title)) || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
    this.response = response;
  }
}

export class Api {
  constructor(base = "") {
    this.base = base;
    this.workspace = null; // a workspace slug sent as X-Workspace, or null
  }

  get token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  get user() {
    const raw = sessionStorage.getItem(USER_KEY);
    return raw ? JSON.parse(raw) : null;
  }

  get signedIn() {
    return Boolean(this.token);
  }

  /**
   * Send one request. `body` is sent as JSON; `ifMatch` becomes If-Match. Resolves to
   * `{status, data, etag, response}`; rejects with ApiError on a non-2xx answer.
   */
  async request(method, path, { body, ifMatch, query, headers = {}, raw = false } = {}) {
    const url = new URL(this.base + path, window.location.origin);
    for (const [key, value] of Object.entries(query || {})) {
      if (value === undefined || value === null || value === "") continue;
      for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, item);
    }
    const sent = { Accept: "application/json", ...headers };
    if (this.token) sent.Authorization = `Bearer ${this.token}`;
    if (this.workspace) sent["X-Workspace"] = this.workspace;
    if (ifMatch) sent["If-Match"] = ifMatch;
    if (body !== undefined) sent["Content-Type"] = "application/json";
    const response = await fetch(url, {
      method,
      headers: sent,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "omit",
    });
    if (response.status === 401 && this.token && !path.startsWith("/api/auth/login")) {
      this.forget();
      window.dispatchEvent(new CustomEvent("annota:signed-out"));
    }
    if (!response.ok) {
      let problem = null;
      try {
        problem = await response.json();
      } catch (_) {
        problem = null;
      }
      throw new ApiError(response.status, problem, response);
    }
    if (raw) return { status: response.status, response, etag: response.headers.get("ETag") };
    const data = response.status === 204 ? null : await response.json();
    return { status: response.status, data, etag: response.headers.get("ETag"), response };
  }

  get(path, options) {
    return this.request("GET", path, options);
  }

  /** Every item of a paginated list (follows `next`; `limit` caps how many). */
  async all(path, { query = {}, limit = 10000 } = {}) {
    const items = [];
    let page = 1;
    while (items.length < limit) {
      const { data } = await this.get(path, { query: { ...query, page, page_size: 100 } });
      items.push(...data.results);
      if (!data.next) break;
      page += 1;
    }
    return items.slice(0, limit);
  }

  /** Sign in; `otp` is the one-time code for a two-factor account. */
  async login(username, password, otp) {
    const body = { username, password };
    if (otp) body.otp = otp;
    const { data } = await this.request("POST", "/api/auth/login", { body });
    sessionStorage.setItem(TOKEN_KEY, data.token);
    sessionStorage.setItem(USER_KEY, JSON.stringify(data.user));
    return data.user;
  }

  async logout() {
    try {
      if (this.token) await this.request("POST", "/api/auth/logout");
    } finally {
      this.forget();
    }
  }

  forget() {
    sessionStorage.removeItem(TOKEN_KEY);
    sessionStorage.removeItem(USER_KEY);
  }

  /**
   * POST a multipart form (FormData), reporting `onProgress(sent, total)` as the body goes out:
   * fetch cannot tell upload progress, XMLHttpRequest can. Resolves like `request`.
   */
  upload(path, form, onProgress = () => {}) {
    return new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open("POST", this.base + path);
      xhr.setRequestHeader("Accept", "application/json");
      if (this.token) xhr.setRequestHeader("Authorization", `Bearer ${this.token}`);
      if (this.workspace) xhr.setRequestHeader("X-Workspace", this.workspace);
      xhr.upload.addEventListener("progress", (event) => onProgress(event.loaded, event.lengthComputable ? event.total : 0));
      xhr.addEventListener("error", () => reject(new ApiError(0, { detail: "The upload was cut off: check the connection and try again." }, null)));
      xhr.addEventListener("load", () => {
        let data = null;
        try {
          data = JSON.parse(xhr.responseText);
        } catch (_) {
          data = null;
        }
        if (xhr.status >= 200 && xhr.status < 300) resolve({ status: xhr.status, data });
        else reject(new ApiError(xhr.status, data, null));
      });
      xhr.send(form);
    });
  }

  /** An object URL of an image the API serves (fetched with the token), for <img src>. */
  async imageUrl(path, query) {
    const { response } = await this.request("GET", path, { query, raw: true, headers: { Accept: "image/*" } });
    return URL.createObjectURL(await response.blob());
  }
}

export const api = new Api();

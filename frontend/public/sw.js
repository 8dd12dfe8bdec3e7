// BizWorks' service worker: keeps the app and the pages a rep has opened, so the app opens
// and records visits with no signal. Entries themselves live in the page's storage, never
// here; this only serves the pages and files that let the app start.
//
// - Pages: the network first (within a few seconds), the kept copy when there is none.
// - The app's files (/pkg, icons): the same, so a new build is picked up when online.
// - Data (/api, /auth) and every non-GET request: always the network, never a kept copy.
// - A new version of this worker waits until the page says "skip-waiting" (the rep's
//   "Update now"), so an update never interrupts someone typing.
// - Signing out forgets the kept pages (they show the person's data).

const VERSION = "bizworks-3";
// Opened while online after signing in, so a rep can start offline from any of them.
const WARM = ["/", "/visits/new", "/sync", "/visits", "/businesses"];
const FILES = [
  "/pkg/bizworks.js",
  "/pkg/bizworks.wasm",
  "/pkg/bizworks.css",
  "/favicon.svg",
  "/manifest.webmanifest",
  "/icons/icon-192.png",
  "/icons/icon-512.png",
];
// Every build (`cargo leptos build --split`) splits the pages' code into wasm files loaded when
// a page of their group first opens (app/src/shell.rs); this lists them all, so every page
// opens offline, even one never opened online.
const SPLIT_MANIFEST = "/pkg/__wasm_split_manifest.json";
const SPLIT_LOADER = "/pkg/__wasm_split.______________________.js";
// Past this, a page comes from what is kept: a weak signal should not leave a rep waiting.
const NETWORK_WAIT_MS = 4000;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(VERSION).then(async (cache) => {
      const files = FILES.concat(await splitFiles());
      await Promise.all(files.map((url) => keep(cache, url)));
    }),
  );
});

/** Every group's wasm files and the script that loads them; none from a build not split. */
async function splitFiles() {
  try {
    const response = await fetch(SPLIT_MANIFEST);
    if (!response.ok) return [];
    // { "<group>": ["chunk_7", "split_field_pages_...", ...], ... }
    const manifest = await response.json();
    const names = new Set(Object.values(manifest).flat());
    return [SPLIT_LOADER, ...[...names].map((name) => `/pkg/${name}.wasm`)];
  } catch (_) {
    return [];
  }
}

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((n) => n !== VERSION).map((n) => caches.delete(n))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("message", (event) => {
  const message = event.data;
  if (message === "skip-waiting") {
    self.skipWaiting();
  } else if (message === "warm") {
    event.waitUntil(caches.open(VERSION).then((cache) => Promise.all(WARM.map((url) => keep(cache, url)))));
  } else if (message === "forget-pages") {
    event.waitUntil(forgetPages());
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/api/") || url.pathname.startsWith("/auth/")) return;
  if (request.mode === "navigate") {
    event.respondWith(networkFirst(request, true));
  } else if (url.pathname.startsWith("/pkg/") || FILES.includes(url.pathname)) {
    event.respondWith(networkFirst(request, false));
  }
});

/** Fetches `url` with the person's cookies and keeps a good answer. */
async function keep(cache, url) {
  try {
    const response = await fetch(new Request(url, { credentials: "same-origin" }));
    if (keepable(response)) await cache.put(url, response);
  } catch (_) {
    // Offline while installing: it is kept the next time it is opened online.
  }
}

/** Only whole, direct answers are kept (not a redirect to the sign-in page). */
function keepable(response) {
  return response.ok && !response.redirected && response.type === "basic";
}

async function networkFirst(request, page) {
  const cache = await caches.open(VERSION);
  try {
    const response = await withTimeout(fetch(request), NETWORK_WAIT_MS);
    if (keepable(response)) await cache.put(request, response.clone());
    return response;
  } catch (_) {
    const kept = await cache.match(request, { ignoreSearch: page });
    if (kept) return kept;
    if (page) {
      const fallback = (await cache.match("/sync")) || (await cache.match("/"));
      if (fallback) return fallback;
    }
    return new Response(
      "BizWorks is offline and this page was not kept on this device. Open it once while online.",
      { status: 503, headers: { "content-type": "text/plain; charset=utf-8" } },
    );
  }
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("timeout")), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

async function forgetPages() {
  const cache = await caches.open(VERSION);
  const kept = await cache.keys();
  await Promise.all(
    kept
      .filter((request) => {
        const path = new URL(request.url).pathname;
        return !path.startsWith("/pkg/") && !FILES.includes(path);
      })
      .map((request) => cache.delete(request)),
  );
}

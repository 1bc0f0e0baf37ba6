/* CorpU's service worker (served by corpu/offline.py at /sw.js; docs/adr/0030-offline-site.md), built with
   Workbox 7.4.1 from this site's static files (no CDN).
   It handles only: GET requests of this origin for static files (cache-first), top-level page navigations that
   expect HTML (network-first; a saved page from its saved cache, else the offline page), images (the saved copy
   when the network fails) and, while offline, saved attachments. Never POSTs, downloads, admin, sign-in/out,
   the players or other origins: those go to the network untouched. */
importScripts("{{ workbox_sw }}");
importScripts("{{ outbox_js }}");
const CONFIG = {{ config|safe }};
workbox.setConfig({ debug: false, modulePathCb: (name) => CONFIG.modules[name] });
const { registerRoute } = workbox.routing;
const { CacheFirst } = workbox.strategies;
const { ExpirationPlugin } = workbox.expiration;
workbox.core.clientsClaim();

const SHELL = "corpu-shell-" + CONFIG.version;
const STATIC = "corpu-static";
const SAVED = "corpu-saved:";
const DOWNLOAD = /\.(pdf|xlsx?|csv|zip|docx?|pptx?|odt|h5p|mp4|mp3)$/i;
const MATCH = { ignoreVary: true };

function sameOrigin(url) { return url.origin === self.location.origin; }
function excluded(url) { return CONFIG.excluded.some((prefix) => url.pathname.startsWith(prefix)) || DOWNLOAD.test(url.pathname); }

async function savedMatch(request) {
  const names = (await caches.keys()).filter((name) => name.startsWith(SAVED));
  for (const name of names) {
    const found = await (await caches.open(name)).match(request, MATCH);
    if (found) return { name, response: found };
  }
  return null;
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const shell = await caches.open(SHELL);
    // the offline page is stored without cookies: it must hold nothing of the person who installed the worker
    await shell.put(CONFIG.offlineUrl, await fetch(CONFIG.offlineUrl, { credentials: "omit" }));
    await shell.addAll(CONFIG.shell.filter((url) => url !== CONFIG.offlineUrl));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const names = await caches.keys();
    await Promise.all(names.filter((n) => n.startsWith("corpu-shell-") && n !== SHELL).map((n) => caches.delete(n)));
  })());
});

// Static files: cache-first; a file saved with a course or asset answers when the network cannot.
registerRoute(
  ({ url, request }) => request.method === "GET" && sameOrigin(url) && url.pathname.startsWith(CONFIG.staticUrl),
  new CacheFirst({
    cacheName: STATIC,
    matchOptions: MATCH,
    plugins: [
      new ExpirationPlugin({ maxEntries: 200, purgeOnQuotaError: true }),
      { cachedResponseWillBeUsed: async ({ request, cachedResponse }) => cachedResponse || (await caches.match(request, MATCH)) || null },
    ],
  }),
);

// Page navigations expecting HTML: the network first (a saved page is refreshed with the answer; on a slow link
// its saved copy answers after SAVED_WAIT ms); offline, the saved copy, else the offline page.
const SAVED_WAIT = 4000;
registerRoute(
  ({ url, request }) =>
    request.method === "GET" && request.mode === "navigate" && request.destination === "document" &&
    sameOrigin(url) && !excluded(url) && (request.headers.get("Accept") || "").includes("text/html"),
  async ({ request, event }) => {
    const network = fetch(request);
    const saved = await savedMatch(request);
    if (!saved) {
      try { return await network; } catch (error) {
        return (await caches.match(CONFIG.offlineUrl, MATCH)) || Response.error();
      }
    }
    let stored = Promise.resolve();
    const answered = network.then((response) => {
      if (response.ok && !response.redirected && response.type === "basic") {
        const copy = response.clone();
        stored = caches.open(saved.name).then((cache) => cache.put(request.url, copy));
      }
      return response;
    }, () => null);
    event.waitUntil(answered.then(() => stored));
    const late = new Promise((resolve) => setTimeout(() => resolve(null), SAVED_WAIT));
    const response = await Promise.race([answered, late]);
    if (response) return response;
    return saved.response;
  },
);

// Images of this site (lesson and asset images): the network, else a saved copy.
registerRoute(
  ({ url, request }) => request.method === "GET" && request.destination === "image" && sameOrigin(url) && !excluded(url),
  async ({ request }) => {
    try { return await fetch(request); } catch (error) {
      const saved = await savedMatch(request);
      if (saved) return saved.response;
      throw error;
    }
  },
);

// A saved attachment opened while offline (online, attachments and other downloads never pass here).
registerRoute(
  ({ url, request }) => request.method === "GET" && sameOrigin(url) && url.pathname.startsWith("/dokumen/") && !self.navigator.onLine,
  async ({ request }) => {
    const saved = await savedMatch(request);
    return saved ? saved.response : fetch(request);
  },
);

// Background Sync: send the learner's queued records (corpuOutbox, imported above).
self.addEventListener("sync", (event) => {
  if (event.tag === self.corpuOutbox.SYNC_TAG) event.waitUntil(self.corpuOutbox.flush());
});

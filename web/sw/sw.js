// Dekat's service worker, served at /sw.js with scope "/".
//
// The server fills in VERSION (a hash over the shell), PRECACHE (the fingerprinted shell files
// and the shell pages) and the outbox script's URL when it serves this file, so a changed asset
// means a new worker.

const VERSION = "__VERSION__";
const PRECACHE = ["__PRECACHE__"];
// Every current static file: those a page loaded before (not precached) come along to the
// next version while their content, hence their name, is unchanged.
const ASSETS = ["__ASSETS__"];
importScripts("__OUTBOX__"); // self.DekatOutbox, shared with the pages

const SHELL_CACHE = "dekat-shell-" + VERSION;
// Pages the server marked as safe to keep on this device (the owner's own card, ticket, ...).
// Not versioned: an app update must not take a citizen's offline card away.
const PAGES_CACHE = "dekat-pages";
const OFFLINE_URL = "/offline";
// The response header by which the server allows a page into PAGES_CACHE.
const KEEP_OFFLINE_HEADER = "X-Dekat-Offline";

// ---------------------------------------------------------------------------------------
// install: fetch the whole shell, bypassing the HTTP cache, before this version may run.

self.addEventListener("install", (event) => {
  event.waitUntil(precacheShell());
});

async function precacheShell() {
  const cache = await caches.open(SHELL_CACHE);
  // Fingerprinted files never change under their name, so the copies the page has just
  // loaded into the HTTP cache will do; only the shell pages must be fetched fresh.
  await cache.addAll(
    PRECACHE.map((url) => new Request(url, { cache: url.startsWith("/static/") ? "default" : "reload" })),
  );
}

// ---------------------------------------------------------------------------------------
// activate: drop the shells of earlier versions, turn on navigation preload, take control.

self.addEventListener("activate", (event) => {
  event.waitUntil(activate());
});

async function activate() {
  const names = await caches.keys();
  const older = names.filter((name) => name.startsWith("dekat-shell-") && name !== SHELL_CACHE);
  await carryOver(older);
  await Promise.all(older.map((name) => caches.delete(name)));
  if (self.registration.navigationPreload) {
    await self.registration.navigationPreload.enable();
  }
  await self.clients.claim();
}

async function carryOver(olderCaches) {
  const current = new Set(ASSETS);
  const cache = await caches.open(SHELL_CACHE);
  for (const name of olderCaches) {
    const old = await caches.open(name);
    for (const request of await old.keys()) {
      const path = new URL(request.url).pathname;
      if (current.has(path) && !(await cache.match(request))) {
        await cache.put(request, await old.match(request));
      }
    }
  }
}

// ---------------------------------------------------------------------------------------
// sync: the connection is back; send what waits in the outbox. Failing the event while items
// still wait for a signal makes the browser try again later.

self.addEventListener("sync", (event) => {
  if (event.tag === DekatOutbox.SYNC_TAG) {
    event.waitUntil(sendOutbox());
  }
});

async function sendOutbox() {
  const report = await DekatOutbox.flush();
  if (report.offline) {
    throw new Error("Outbox: still offline, " + report.waiting + " waiting");
  }
}

// ---------------------------------------------------------------------------------------
// message: the page's "muat ulang" button lets a waiting version take over.

self.addEventListener("message", (event) => {
  if (event.data && event.data.type === "SKIP_WAITING") {
    self.skipWaiting();
  }
});

// ---------------------------------------------------------------------------------------
// fetch: pages network-first (offline: a kept copy or the offline page); assets cache-first.

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;

  if (request.mode === "navigate") {
    event.respondWith(navigate(event));
    event.waitUntil(ensureShell());
  } else if (url.pathname.startsWith("/static/")) {
    event.respondWith(cacheFirst(request));
  }
});

async function navigate(event) {
  try {
    const response = (await event.preloadResponse) || (await fetch(event.request));
    if (response.ok && response.headers.get(KEEP_OFFLINE_HEADER) === "simpan") {
      const cache = await caches.open(PAGES_CACHE);
      await cache.put(event.request, response.clone());
    }
    return response;
  } catch (error) {
    const kept = await caches.match(event.request, { cacheName: PAGES_CACHE });
    if (kept) return kept;
    const shellPage = await caches.match(event.request, { cacheName: SHELL_CACHE, ignoreSearch: true });
    if (shellPage) return shellPage;
    const offline = await caches.match(OFFLINE_URL, { cacheName: SHELL_CACHE });
    return offline || Response.error();
  }
}

async function cacheFirst(request) {
  const cached = await caches.match(request, { cacheName: SHELL_CACHE });
  if (cached) return cached;
  let response;
  try {
    response = await fetch(request);
  } catch (error) {
    // Offline, a page kept by an earlier version asks for that version's files, which the
    // update deleted: the current version of the same file stands in for it.
    const standIn = await currentVersionOf(request.url);
    if (standIn) return standIn;
    throw error;
  }
  if (response.ok) {
    const cache = await caches.open(SHELL_CACHE);
    await cache.put(request, response.clone());
  }
  return response;
}

// "/static/app.3f9a1c2b7d.css" -> "/static/app.css": a file's name without its fingerprint.
function withoutFingerprint(pathname) {
  return pathname.replace(/\.[0-9a-f]{10}(\.[A-Za-z0-9]+)$/, "$1");
}

async function currentVersionOf(url) {
  const wanted = withoutFingerprint(new URL(url).pathname);
  const cache = await caches.open(SHELL_CACHE);
  for (const request of await cache.keys()) {
    if (withoutFingerprint(new URL(request.url).pathname) === wanted) return cache.match(request);
  }
  return undefined;
}

// Signing out wipes every cache; the next online navigation puts the shell back.
async function ensureShell() {
  if (!(await caches.has(SHELL_CACHE))) {
    try {
      await precacheShell();
    } catch (error) {
      // Offline right now: the next navigation tries again.
    }
  }
}

// ---------------------------------------------------------------------------------------
// Push: show what the server sent (in Bahasa Indonesia, with icon and badge); a click opens
// the page it is about, in a window already open if there is one, and is counted.

self.addEventListener("push", (event) => {
  let message = {};
  try {
    message = event.data ? event.data.json() : {};
  } catch (error) {
    message = { judul: "Dekat", isi: event.data ? event.data.text() : "" };
  }
  event.waitUntil(
    self.registration.showNotification(message.judul || "Dekat", {
      body: message.isi || "",
      icon: message.ikon,
      badge: message.lencana,
      tag: message.tag || undefined,
      lang: "id",
      data: { url: message.url || "/", kode: message.kode || "" },
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const { url, kode } = event.notification.data || {};
  event.waitUntil(openPage(new URL(url || "/", self.location.origin), kode));
});

async function openPage(target, kode) {
  if (kode) {
    fetch("/notifikasi/diklik/" + encodeURIComponent(kode), { method: "POST" }).catch(() => {});
  }
  if (target.origin !== self.location.origin) target = new URL("/", self.location.origin);
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  const same = windows.find((client) => new URL(client.url).pathname === target.pathname);
  if (same) return focus(same);
  if (windows.length) {
    await focus(windows[0]);
    return windows[0].navigate(target.href);
  }
  return self.clients.openWindow(target.href);
}

async function focus(client) {
  try {
    await client.focus();
  } catch (error) {
    // Focusing needs the click's user activation; the page still opens where it is.
  }
  return client;
}

// The push service replaced the subscription: register the new one for the same account.
self.addEventListener("pushsubscriptionchange", (event) => {
  event.waitUntil(renewSubscription(event));
});

async function renewSubscription(event) {
  const old = event.oldSubscription;
  let fresh = event.newSubscription;
  if (!fresh && old && old.options) fresh = await self.registration.pushManager.subscribe(old.options);
  if (!fresh) return;
  const me = await fetch("/akun/saya", { credentials: "same-origin", headers: { Accept: "application/json" } });
  if (!me.ok) return;
  const { csrf } = await me.json();
  const headers = { "Content-Type": "application/json", "x-csrftoken": csrf };
  await fetch("/notifikasi/langganan", { method: "POST", credentials: "same-origin", headers, body: JSON.stringify(fresh.toJSON()) });
  if (old) {
    await fetch("/notifikasi/langganan/hapus", { method: "POST", credentials: "same-origin", headers, body: JSON.stringify({ endpoint: old.endpoint }) });
  }
}

// Dekat's page behaviour: service worker and its updates, connection status, idle sign-out on
// shared devices, and wiping this device's copies at sign-out. No inline script anywhere (CSP).
(function () {
  "use strict";

  function show(id, visible) {
    var element = document.getElementById(id);
    if (element) element.hidden = !visible;
  }

  // --- Service worker: register, and offer "muat ulang" when a new version waits. ---
  function offerUpdate(worker) {
    show("pembaruan", true);
    var button = document.getElementById("muat-ulang");
    if (button) {
      button.onclick = function () {
        worker.postMessage({ type: "SKIP_WAITING" });
      };
    }
  }

  function watchForUpdates(registration) {
    if (registration.waiting && navigator.serviceWorker.controller) {
      offerUpdate(registration.waiting);
    }
    registration.addEventListener("updatefound", function () {
      var incoming = registration.installing;
      if (!incoming) return;
      incoming.addEventListener("statechange", function () {
        if (incoming.state === "installed" && navigator.serviceWorker.controller) {
          offerUpdate(incoming);
        }
      });
    });
  }

  if ("serviceWorker" in navigator) {
    var reloading = false;
    navigator.serviceWorker.addEventListener("controllerchange", function () {
      // Only reload when the person asked for the new version (the banner was shown).
      var banner = document.getElementById("pembaruan");
      if (reloading || !banner || banner.hidden) return;
      reloading = true;
      window.location.reload();
    });
    window.addEventListener("load", function () {
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(watchForUpdates);
    });
  }

  // --- Connection status banner. ---
  function updateConnection() {
    show("luring", !navigator.onLine);
  }
  window.addEventListener("online", updateConnection);
  window.addEventListener("offline", updateConnection);
  updateConnection();

  // --- Sign-out wipes this device: caches and stores, then the server does the rest. The
  // outbox stays while it holds submissions not yet sent (they wait for their owner). ---
  var OUTBOX_DB = "dekat-outbox";

  function wipeDevice(keepOutbox) {
    var jobs = [];
    if (window.caches) {
      jobs.push(caches.keys().then(function (names) {
        return Promise.all(names.map(function (name) { return caches.delete(name); }));
      }));
    }
    if (window.indexedDB && indexedDB.databases) {
      jobs.push(indexedDB.databases().then(function (databases) {
        databases.forEach(function (db) {
          if (db.name && !(keepOutbox && db.name === OUTBOX_DB)) indexedDB.deleteDatabase(db.name);
        });
      }));
    }
    try { sessionStorage.clear(); localStorage.clear(); } catch (e) { /* storage disabled */ }
    return Promise.all(jobs).catch(function () {});
  }

  function keepOutboxField(form, keep) {
    var field = form.elements.antrean;
    if (!field) {
      field = document.createElement("input");
      field.type = "hidden";
      field.name = "antrean";
      form.append(field);
    }
    field.value = keep ? "simpan" : "";
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute("data-clears-device") || form.dataset.wiped) return;
    event.preventDefault();
    var automatic = Boolean(form.elements.alasan && form.elements.alasan.value === "habis");
    var decided = window.DekatAntrean
      ? window.DekatAntrean.beforeSignOut(automatic).catch(function () { return "simpan"; })
      : Promise.resolve("hapus");
    decided.then(function (choice) {
      if (choice === "batal") return;
      keepOutboxField(form, choice === "simpan");
      wipeDevice(choice === "simpan").then(function () {
        form.dataset.wiped = "1";
        form.submit();
      });
    });
  });

  // --- Idle sign-out: a page left open on a shared tablet signs out by itself, wiping the
  // device as "Ganti pengguna" does (the attribute is only set for shared-device roles). ---
  var idleSeconds = parseInt(document.body.dataset.idleSeconds || "0", 10);
  if (idleSeconds > 0) {
    var timer;
    var restart = function () {
      clearTimeout(timer);
      timer = setTimeout(function () {
        var form = document.querySelector("form[data-idle-logout]");
        if (form) {
          form.elements.alasan.value = "habis";
          form.requestSubmit();
        }
      }, idleSeconds * 1000);
    };
    ["pointerdown", "keydown", "scroll", "touchstart"].forEach(function (name) {
      document.addEventListener(name, restart, { passive: true });
    });
    restart();
  }

  // --- No tap lands on a control that has just appeared or moved. The second tap of a double
  // tap, or a tap begun before the page changed, would otherwise press whatever the first tap
  // brought under the finger (a roster's new row, a list pushed down by a message). A control
  // that appeared, moved, or was scrolled under the finger by a script within TAP_GUARD_MS
  // ignores clicks, and is marked aria-disabled for that time so assistive technology (and a
  // test driving the page) waits for it. Htmx swaps and script-made controls alike: the guard
  // watches the document, not one page. Controls that act: a <summary> only shows or hides
  // text, and what it reveals is guarded as it appears. ---
  var TAP_GUARD_MS = 400;
  var CONTROLS = "button, a[href], select, input[type=submit], input[type=button], " +
    "input[type=checkbox], input[type=radio]";
  var placeOf = new WeakMap();
  var changedAt = new WeakMap();
  var guarded = new Set();
  var releaseTimer = null;

  function place(control) {
    var box = control.getBoundingClientRect();
    if (!box.width && !box.height) return "";
    return [box.left + window.scrollX, box.top + window.scrollY, box.width, box.height]
      .map(Math.round).join(",");
  }

  function onScreen(control) {
    var box = control.getBoundingClientRect();
    return (box.width || box.height) && box.bottom > 0 && box.top < window.innerHeight;
  }

  function releaseGuards() {
    releaseTimer = null;
    var now = performance.now();
    guarded.forEach(function (control) {
      if (now - changedAt.get(control) >= TAP_GUARD_MS) {
        control.removeAttribute("aria-disabled");
        guarded.delete(control);
      }
    });
    if (guarded.size) releaseTimer = setTimeout(releaseGuards, 50);
  }

  function guard(control, now) {
    changedAt.set(control, now);
    control.setAttribute("aria-disabled", "true");
    guarded.add(control);
    if (!releaseTimer) releaseTimer = setTimeout(releaseGuards, TAP_GUARD_MS);
  }

  /** Note where each control is; guard those that appeared or moved since the last look (all
   * those on screen when `scrolled`, the page having been moved under the finger). */
  function survey(scrolled) {
    var now = performance.now();
    document.querySelectorAll(CONTROLS).forEach(function (control) {
      var here = place(control);
      var seen = placeOf.has(control);
      var changed = here && (scrolled ? onScreen(control) : seen && placeOf.get(control) !== here);
      var appeared = here && !seen && surveyed;
      if (changed || appeared) guard(control, now);
      placeOf.set(control, here);
    });
  }

  var surveyed = false;
  survey(false);
  surveyed = true;
  new MutationObserver(function () { survey(false); }).observe(document.documentElement, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ["hidden", "class", "style", "open"],
  });
  var scrollIntoView = Element.prototype.scrollIntoView;
  Element.prototype.scrollIntoView = function () {
    var result = scrollIntoView.apply(this, arguments);
    survey(true);
    return result;
  };
  window.addEventListener("click", function (event) {
    var control = event.target.closest ? event.target.closest(CONTROLS) : null;
    var since = control && changedAt.get(control);
    if (since !== undefined && since !== null && performance.now() - since < TAP_GUARD_MS) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // --- The offline page's "Coba lagi" reloads the page the person wanted; "Cetak" prints. ---
  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target : null;
    if (target && target.closest("[data-retry]")) {
      event.preventDefault();
      window.location.reload();
    } else if (target && target.closest("[data-print]")) {
      window.print();
    }
  });

  // --- A link followed by htmx while offline: load it as a whole page instead, so the
  // service worker can answer with a kept copy or the offline page. ---
  document.addEventListener("htmx:sendError", function (event) {
    var config = event.detail.requestConfig;
    if (config && config.verb === "get" && config.boosted) {
      window.location.href = config.path;
    }
  });

  // --- The IKD card: the live code while it is valid; without signal, once it has run out,
  // the offline pass (labelled as such); a note when that has run out too. ---
  function showValidIkdCode() {
    var live = document.querySelector("[data-ikd-live]");
    if (!live) return;
    var offline = document.querySelector("[data-ikd-offline]");
    var now = Date.now();
    var liveValid = now < Date.parse(live.dataset.expires);
    var offlineValid = now < Date.parse(offline.dataset.expires);
    live.hidden = !liveValid;
    offline.hidden = liveValid || !offlineValid;
    var expired = document.querySelector("[data-ikd-expired]");
    if (expired) expired.hidden = liveValid || offlineValid;
  }
  showValidIkdCode();
  setInterval(showValidIkdCode, 30 * 1000);
  document.addEventListener("htmx:afterSettle", showValidIkdCode);

  // --- Scripts only some pages need (the QR scanner, the IKD verifier), named by the page in
  // `data-scripts`: loaded once each, in order, also when htmx brings the page in. ---
  var requested = {};
  function loadPageScripts() {
    document.querySelectorAll("[data-scripts]").forEach(function (element) {
      element.dataset.scripts.split(" ").forEach(function (url) {
        if (!url || requested[url]) return;
        requested[url] = true;
        var script = document.createElement("script");
        script.src = url;
        script.async = false; // run in the order listed
        document.head.append(script);
      });
    });
  }
  loadPageScripts();
  document.addEventListener("htmx:afterSettle", loadPageScripts);

  // --- After htmx swaps the page, move focus to the new content for screen readers. ---
  document.addEventListener("htmx:afterSettle", function (event) {
    if (event.detail.target && event.detail.target.id === "isi") {
      var main = document.getElementById("konten");
      if (main) main.focus({ preventScroll: true });
    }
  });
})();

// Dekat's outbox: submissions that wait on this device until they can be sent.
//
// A form's whole body, text and photos, is stored once in IndexedDB as one multipart Blob with
// its content type, so every retry sends the very same bytes under the same Idempotency-Key and
// the server answers a retry with its first answer. An item belongs to the account that made it:
// it is only sent while that account is signed in, and says so (X-Dekat-Account) so the server
// can refuse it under any other. It leaves the outbox after a 2xx, or after a definite refusal
// (a 4xx other than TRY_AGAIN) that the person is shown.
//
// The same file runs in pages (self.DekatOutbox) and in the service worker (importScripts),
// which sends on Background Sync. A Web Lock keeps two senders from working at the same time.
// Nothing here knows about one kind of form: the request forms and the field work both use it.
(function (scope) {
  "use strict";

  var DB_NAME = "dekat-outbox";
  var STORE = "items";
  var LOCK = "dekat-outbox";
  var SYNC_TAG = "dekat-outbox";
  var CHANNEL = "dekat-outbox";
  var WAITING = "menunggu";
  var REFUSED = "ditolak";
  var SENT = "terkirim";
  // Answers that are not final: the item stays and is tried again later.
  // 401 signed out, 408 timeout, 409 the same submission still running, 429 too many.
  var TRY_AGAIN = [401, 408, 409, 425, 429];

  // --- Storage ------------------------------------------------------------------------

  var opening = null;

  function database() {
    if (!opening) {
      opening = new Promise(function (resolve, reject) {
        var request = indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = function () {
          request.result.createObjectStore(STORE, { keyPath: "id" });
        };
        request.onsuccess = function () {
          var db = request.result;
          // Signing out may delete the database: let it, and open afresh next time.
          db.onversionchange = function () {
            db.close();
            opening = null;
          };
          resolve(db);
        };
        request.onerror = function () {
          opening = null;
          reject(request.error);
        };
      });
    }
    return opening;
  }

  function transaction(mode, work) {
    return database().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var request = work(tx.objectStore(STORE));
        tx.oncomplete = function () {
          resolve(request ? request.result : undefined);
        };
        tx.onerror = tx.onabort = function () {
          reject(tx.error);
        };
      });
    });
  }

  /** Every item on this device, oldest first. */
  function items() {
    return transaction("readonly", function (store) {
      return store.getAll();
    }).then(function (list) {
      return list.sort(function (a, b) {
        return a.created - b.created;
      });
    });
  }

  function get(id) {
    return transaction("readonly", function (store) {
      return store.get(id);
    });
  }

  function save(item) {
    return transaction("readwrite", function (store) {
      return store.put(item);
    });
  }

  function remove(id) {
    return transaction("readwrite", function (store) {
      return store.delete(id);
    }).then(function () {
      announce({ type: "changed", id: id });
    });
  }

  /**
   * Take back an item that has not been sent: resolves to true when it was still waiting and
   * is now gone, false when it was already sent (or refused, or never there). It holds the
   * senders' lock, so an item is never taken back while it is on its way to the server.
   */
  function withdraw(id) {
    function take() {
      return get(id).then(function (item) {
        if (!item || item.state !== WAITING) return false;
        return remove(id).then(function () { return true; });
      });
    }
    if (scope.navigator && navigator.locks) return navigator.locks.request(LOCK, take);
    return take();
  }

  /** Drop every item of one account (the person chose to sign out and discard them). */
  function removeAccount(account) {
    return items().then(function (list) {
      return Promise.all(
        list.filter(function (item) { return item.account === account; })
          .map(function (item) { return remove(item.id); }),
      );
    });
  }

  /** How many items wait or were refused for `account`, and how many belong to others. */
  function counts(account) {
    return items().then(function (list) {
      var result = { waiting: 0, refused: 0, others: 0 };
      list.forEach(function (item) {
        if (item.account !== account) result.others += 1;
        else if (item.state === REFUSED) result.refused += 1;
        else result.waiting += 1;
      });
      return result;
    });
  }

  // --- Telling every open page and the worker that the outbox changed ---------------------

  function announce(message) {
    if (typeof BroadcastChannel === "undefined") return;
    var channel = new BroadcastChannel(CHANNEL);
    channel.postMessage(message);
    channel.close();
  }

  function listen(callback) {
    if (typeof BroadcastChannel === "undefined") return null;
    var channel = new BroadcastChannel(CHANNEL);
    channel.onmessage = function (event) {
      callback(event.data);
    };
    return channel;
  }

  // --- Adding -------------------------------------------------------------------------

  function newKey() {
    if (scope.crypto && crypto.randomUUID) return crypto.randomUUID();
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.prototype.map.call(bytes, function (b) {
      return (b + 256).toString(16).slice(1);
    }).join("");
  }

  function formData(form, submitter) {
    var data;
    try {
      data = new FormData(form, submitter || undefined);
    } catch (error) {
      data = new FormData(form); // browsers before the submitter argument
    }
    if (submitter && submitter.name && !data.has(submitter.name)) {
      data.append(submitter.name, submitter.value);
    }
    return data;
  }

  // Items go in the order they were made, and `created` is that order: it only ever grows,
  // even when the device's clock is set back (an outcome must never overtake the walk-in it
  // is about).
  var lastCreated = null;

  async function nextCreated() {
    if (lastCreated === null) {
      lastCreated = (await items()).reduce(function (last, item) {
        return Math.max(last, item.created);
      }, 0);
    }
    lastCreated = Math.max(Date.now(), lastCreated + 1);
    return lastCreated;
  }

  /**
   * Store a form's submission. `details`: { account, title, summary: [[label, value], ...] }.
   * Resolves to the stored item once it is safely on the device.
   */
  async function add(form, submitter, details) {
    var action = new URL(form.action, scope.location.href);
    var request = new Request(action.href, { method: "POST", body: formData(form, submitter) });
    var item = {
      id: newKey(),
      account: String(details.account),
      url: action.pathname + action.search,
      contentType: request.headers.get("Content-Type"),
      body: await request.blob(),
      title: details.title || "",
      summary: details.summary || [],
      created: await nextCreated(),
      attempts: 0,
      state: WAITING,
      message: "",
    };
    await save(item);
    announce({ type: "changed", id: item.id });
    return item;
  }

  /** Read a stored body back as form data (to show what an item holds, photos included). */
  function contents(item) {
    return new Response(item.body, { headers: { "Content-Type": item.contentType } }).formData();
  }

  // --- Sending ------------------------------------------------------------------------

  /** { akun, csrf } of the signed-in account, null when nobody is; throws when offline. */
  async function whoIsSignedIn() {
    var response = await fetch("/akun/saya", {
      headers: { Accept: "application/json" },
      cache: "no-store",
      credentials: "same-origin",
    });
    if (response.status === 401) return null;
    if (!response.ok) throw new Error("HTTP " + response.status);
    return response.json();
  }

  function headersFor(item, me) {
    return {
      "Content-Type": item.contentType,
      "Idempotency-Key": item.id,
      "X-Dekat-Account": item.account,
      "X-CSRFToken": me.csrf,
    };
  }

  // Pages send with XMLHttpRequest to show upload progress; the worker has only fetch.
  function post(item, me, onProgress) {
    var headers = headersFor(item, me);
    if (onProgress && typeof XMLHttpRequest !== "undefined") {
      return new Promise(function (resolve, reject) {
        var xhr = new XMLHttpRequest();
        xhr.open("POST", item.url);
        Object.keys(headers).forEach(function (name) {
          xhr.setRequestHeader(name, headers[name]);
        });
        xhr.upload.onprogress = function (event) {
          if (event.lengthComputable) onProgress(event.loaded / event.total);
        };
        xhr.onload = function () {
          resolve({
            status: xhr.status,
            location: xhr.getResponseHeader("X-Dekat-Lokasi"),
            error: xhr.getResponseHeader("X-Dekat-Galat"),
          });
        };
        xhr.onerror = xhr.onabort = xhr.ontimeout = function () {
          reject(new Error("network"));
        };
        xhr.send(item.body);
      });
    }
    return fetch(item.url, {
      method: "POST",
      body: item.body,
      headers: headers,
      credentials: "same-origin",
    }).then(function (response) {
      return {
        status: response.status,
        location: response.headers.get("X-Dekat-Lokasi"),
        error: response.headers.get("X-Dekat-Galat"),
      };
    });
  }

  function outcomeOf(answer) {
    var message = "";
    try {
      message = answer.error ? decodeURIComponent(answer.error) : "";
    } catch (error) {
      message = answer.error;
    }
    if (answer.status >= 200 && answer.status < 300) {
      // The server names the page to go to next (X-Dekat-Lokasi) instead of redirecting.
      return { state: SENT, location: answer.location };
    }
    if (answer.status >= 400 && answer.status < 500 && TRY_AGAIN.indexOf(answer.status) < 0) {
      return { state: REFUSED, message: message };
    }
    return { state: WAITING, message: message, signedOut: answer.status === 401 };
  }

  async function sendAll(options) {
    var report = { sent: 0, refused: 0, waiting: 0, offline: false, signedOut: false, outcomes: {} };
    var me;
    try {
      me = await whoIsSignedIn();
    } catch (error) {
      me = undefined;
    }
    if (me === undefined || me === null) {
      report.offline = me === undefined;
      report.signedOut = me === null;
      return report;
    }
    var mine = (await items()).filter(function (item) {
      return item.account === me.akun && item.state === WAITING;
    });
    for (var i = 0; i < mine.length; i++) {
      var item = mine[i];
      announce({ type: "sending", id: item.id });
      var onProgress = options.progress && options.progress.id === item.id
        ? options.progress.callback
        : null;
      var outcome;
      try {
        outcome = outcomeOf(await post(item, me, onProgress));
      } catch (error) {
        outcome = { state: WAITING, message: "", offline: true };
      }
      report.outcomes[item.id] = outcome;
      if (outcome.state === SENT) {
        await remove(item.id);
        report.sent += 1;
      } else {
        // Read it again: the person may have removed it while it was being sent.
        var stored = await get(item.id);
        if (stored) {
          stored.attempts += 1;
          stored.lastTried = Date.now();
          stored.state = outcome.state;
          stored.message = outcome.message;
          await save(stored);
        }
        if (outcome.state === REFUSED) report.refused += 1;
        announce({ type: "changed", id: item.id });
      }
      // An item that must wait holds up those after it: items arrive in the order they were
      // made (an outcome never before the walk-in it is about).
      if (outcome.state === WAITING) {
        report.offline = Boolean(outcome.offline);
        report.signedOut = Boolean(outcome.signedOut);
        break;
      }
    }
    report.waiting = (await counts(me.akun)).waiting;
    return report;
  }

  async function sendAllThenSchedule(options) {
    var report = await sendAll(options);
    // What could not go now goes when the connection returns, even with the app closed.
    if (report.offline || report.waiting) await requestSync();
    return report;
  }

  /**
   * Send every waiting item of the signed-in account, oldest first, one at a time.
   * `options.progress = { id, callback(fraction) }` reports the upload of one item.
   * Resolves to { sent, refused, waiting, offline, signedOut, outcomes: { id: outcome } }.
   */
  function flush(options) {
    options = options || {};
    if (scope.navigator && navigator.locks) {
      return navigator.locks.request(LOCK, function () {
        return sendAllThenSchedule(options);
      });
    }
    return sendAllThenSchedule(options);
  }

  /** Ask the service worker to send when the connection returns (Background Sync). In the
   * worker itself this does nothing: a failed sync event is tried again by the browser. */
  function requestSync() {
    if (!scope.navigator || !navigator.serviceWorker) return Promise.resolve(false);
    return navigator.serviceWorker.getRegistration().then(function (registration) {
      if (!registration || !registration.sync) return false;
      return registration.sync.register(SYNC_TAG).then(function () {
        return true;
      });
    }).catch(function () {
      return false;
    });
  }

  scope.DekatOutbox = {
    SYNC_TAG: SYNC_TAG,
    WAITING: WAITING,
    REFUSED: REFUSED,
    SENT: SENT,
    add: add,
    items: items,
    get: get,
    remove: remove,
    withdraw: withdraw,
    removeAccount: removeAccount,
    counts: counts,
    contents: contents,
    signedIn: whoIsSignedIn,
    flush: flush,
    requestSync: requestSync,
    listen: listen,
  };
})(self);

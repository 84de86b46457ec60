// Push notifications on /notifikasi: permission is asked only when the person presses
// "Aktifkan notifikasi", never on page load. The subscription (PushSubscription.toJSON()) goes
// to the server with the chosen topics; "Matikan" unsubscribes in the browser and on the
// server. Texts come from the section's data attributes.
(function () {
  "use strict";

  function csrfToken() {
    // `__Host-csrftoken` when the site is served over HTTPS (server/cookies.py).
    var match = document.cookie.match(/(?:^|;\s*)(?:__Host-)?csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function keyBytes(text) {
    var padded = (text + "===".slice((text.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }

  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "x-csrftoken": csrfToken() },
      body: JSON.stringify(body),
    });
  }

  function setUp() {
    var section = document.querySelector("[data-notifikasi]");
    if (!section || section.dataset.ready) return;
    section.dataset.ready = "1";
    var status = section.querySelector("[data-status]");
    var on = section.querySelector("[data-aktifkan]");
    var off = section.querySelector("[data-matikan]");

    function show(text, subscribed) {
      status.textContent = text;
      on.hidden = subscribed;
      off.hidden = !subscribed;
    }

    if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
      status.textContent = section.dataset.teksTidakBisa;
      return;
    }

    function registration() {
      return navigator.serviceWorker.ready;
    }

    function chosenTopics() {
      var form = document.getElementById("topik-notifikasi");
      return Array.prototype.map.call(form.querySelectorAll("input[name=topik]:checked"), function (box) {
        return "topik=" + encodeURIComponent(box.value);
      }).join("&");
    }

    registration().then(function (reg) {
      return reg.pushManager.getSubscription();
    }).then(function (subscription) {
      if (Notification.permission === "denied") show(section.dataset.teksDitolak, false);
      else show(section.dataset[subscription ? "teksAktif" : "teksMati"], Boolean(subscription));
    });

    on.addEventListener("click", function () {
      Notification.requestPermission().then(function (permission) {
        if (permission !== "granted") throw new Error("denied");
        return Promise.all([registration(), fetch(section.dataset.kunciUrl).then(function (r) { return r.text(); })]);
      }).then(function (both) {
        return both[0].pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(both[1].trim()) });
      }).then(function (subscription) {
        var topics = chosenTopics();
        return post(section.dataset.langgananUrl + (topics ? "?" + topics : ""), subscription.toJSON());
      }).then(function (response) {
        if (!response.ok) throw new Error("server");
        show(section.dataset.teksAktif, true);
      }).catch(function (error) {
        show(section.dataset[error && error.message === "denied" ? "teksDitolak" : "teksGagal"], false);
      });
    });

    off.addEventListener("click", function () {
      registration().then(function (reg) {
        return reg.pushManager.getSubscription();
      }).then(function (subscription) {
        if (!subscription) return null;
        var endpoint = subscription.endpoint;
        return subscription.unsubscribe().then(function () {
          return post(section.dataset.hapusUrl, { endpoint: endpoint });
        });
      }).then(function () {
        show(section.dataset.teksMati, false);
      });
    });
  }

  setUp();
  document.addEventListener("htmx:afterSettle", setUp);
})();

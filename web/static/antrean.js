// The outbox as people see it: forms marked `data-outbox` are stored on the device before they
// are sent; a banner tells how many items wait; `/antrean` lists them with "Kirim sekarang";
// and signing out asks first while something still waits. The storing and sending itself is in
// outbox.js. Texts come from the templates' data attributes.
//
// On a shared tablet the next person may find the device where the last one left it, signed
// out by the idle timer or by a closed browser. So what an item holds (its title, answers and
// photos) is shown only to the account that made it, as the server confirms it at the moment
// it is shown (/akun/saya, never stored on the device). Without that confirmation (offline,
// nobody signed in, someone else) the page says only how many items wait for their owner.
(function () {
  "use strict";

  var Outbox = window.DekatOutbox;
  var usable = Boolean(Outbox && window.indexedDB);

  // An earlier version kept the last signed-in account here and believed it on the shell
  // pages; nothing reads it any more.
  try {
    localStorage.removeItem("dekat-akun");
  } catch (error) {
    // storage disabled: nothing was kept
  }

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return name in values ? values[name] : whole;
    });
  }

  /** The account this page was rendered for: personal pages only, never a shell page (those
   * are served without a session and kept by the service worker). */
  function currentAccount() {
    return document.body.dataset.akun || null;
  }

  // Answers of /akun/saya: one request serves the redraws of the same moment.
  var asking = null;
  // Whether the last question went unanswered (no signal), so the list asks again later.
  var unanswered = false;

  /** The account the server says is signed in now, or null: nobody, or no answer (offline). */
  function confirmedAccount() {
    if (!asking) {
      asking = Outbox.signedIn().then(function (me) {
        unanswered = false;
        return me ? me.akun : null;
      }, function () {
        unanswered = true;
        return null;
      });
      asking.then(function () {
        setTimeout(function () { asking = null; }, 500);
      });
    }
    return asking;
  }

  // --- The banner on every page: how many items wait or were refused. ---

  function refreshBanner() {
    var banner = document.getElementById("antrean-info");
    if (!banner || !usable) return;
    var account = currentAccount();
    // Counts only: on a page of no account, every item waits for an owner to sign in.
    Outbox.counts(account).then(function (counts) {
      var parts = [];
      var waiting = account ? counts.waiting : counts.others;
      if (waiting) parts.push(fill(banner.dataset.menunggu, { n: waiting }));
      if (account && counts.refused) parts.push(fill(banner.dataset.ditolak, { n: counts.refused }));
      banner.textContent = parts.join(" · ");
      banner.hidden = parts.length === 0 || window.location.pathname === "/antrean";
    });
  }

  // --- Sending, with what happened told on the list page. ---

  var sending = null;

  function sendNow() {
    if (!sending) {
      sending = Outbox.flush().then(function (report) {
        sending = null;
        return report;
      }, function (error) {
        sending = null;
        throw error;
      });
    }
    return sending;
  }

  function sendWaiting() {
    var account = currentAccount();
    if (!usable || !account || !document.body.dataset.akun) return;
    Outbox.counts(account).then(function (counts) {
      if (counts.waiting) sendNow();
    });
  }

  // --- Forms that go through the outbox. ---

  /** [label, value] rows of what a form holds (files left out): for the review step and for
   * showing a stored item. */
  function summarise(form) {
    var rows = [];
    var chosen = form.querySelector("input[type=radio]:checked[data-review-label]");
    var legend = chosen && chosen.closest("fieldset") && chosen.closest("fieldset").querySelector("legend");
    if (chosen) rows.push([legend ? legend.textContent.trim() : chosen.name, chosen.dataset.reviewLabel]);
    form.querySelectorAll("select, textarea, input:not([type=hidden]):not([type=radio])")
      .forEach(function (element) {
        if (element.type === "file" || element.type === "submit" || !element.value) return;
        var value = element.tagName === "SELECT"
          ? element.options[element.selectedIndex].text
          : element.value;
        rows.push([labelFor(form, element), value]);
      });
    return rows;
  }

  /** Put [label, value] rows into a <dl>, replacing what it held. */
  function showRows(list, rows) {
    list.replaceChildren();
    rows.forEach(function (row) {
      var term = document.createElement("dt");
      term.textContent = row[0];
      var detail = document.createElement("dd");
      detail.textContent = row[1];
      list.append(term, detail);
    });
  }

  function labelFor(form, element) {
    var label = element.id && form.querySelector('label[for="' + element.id + '"]');
    return label ? label.textContent.trim() : element.name;
  }

  function titleOf(form) {
    var title = form.dataset.outboxJudul || document.title;
    var chosen = form.querySelector("input[type=radio]:checked[data-review-label]");
    return chosen ? title + " — " + chosen.dataset.reviewLabel : title;
  }

  function formStatus(form, text) {
    var status = form.querySelector("[data-outbox-status]");
    if (!status) return;
    status.textContent = text || "";
    status.hidden = !text;
  }

  function formError(form, text) {
    var alert = form.querySelector("[data-outbox-galat]");
    if (!alert) return;
    alert.textContent = text || "";
    alert.hidden = !text;
    if (text) alert.focus();
  }

  function setBusy(form, busy) {
    form.setAttribute("aria-busy", busy ? "true" : "false");
    form.querySelectorAll("button").forEach(function (button) {
      button.disabled = busy;
    });
  }

  async function submitThroughOutbox(form, submitter) {
    var texts = form.querySelector("[data-outbox-status]").dataset;
    formError(form, "");
    setBusy(form, true);
    formStatus(form, texts.menyimpan);
    var item;
    try {
      item = await Outbox.add(form, submitter, {
        account: currentAccount(),
        title: titleOf(form),
        summary: summarise(form),
      });
    } catch (error) {
      // No room on the device (or storage turned off): send it the ordinary way.
      setBusy(form, false);
      form.removeAttribute("data-outbox");
      HTMLFormElement.prototype.submit.call(form);
      return;
    }
    formStatus(form, texts.mengirim);
    var report = await Outbox.flush({
      progress: {
        id: item.id,
        callback: function (fraction) {
          formStatus(form, texts.mengirim + " " + Math.round(fraction * 100) + "%");
        },
      },
    });
    var outcome = report.outcomes[item.id];
    var stored = await Outbox.get(item.id);
    if (outcome && outcome.state === Outbox.SENT) {
      window.location.assign(outcome.location || form.dataset.outboxSelesai || "/");
    } else if (!stored) {
      // Sent meanwhile by the service worker.
      window.location.assign(form.dataset.outboxSelesai || "/");
    } else if (stored.state === Outbox.REFUSED) {
      // Shown here, with the form still filled in to fix it: it leaves the outbox.
      await Outbox.remove(item.id);
      setBusy(form, false);
      formStatus(form, "");
      formError(form, stored.message || texts.ditolak);
    } else {
      window.location.assign("/antrean?baru=" + encodeURIComponent(item.id));
    }
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!usable || !form.matches("form[data-outbox]") || !currentAccount()) return;
    if (!form.querySelector("[data-outbox-status]")) return;
    event.preventDefault();
    submitThroughOutbox(form, event.submitter);
  });

  // --- The list page, /antrean. ---

  function when(timestamp) {
    var locale = document.documentElement.lang === "en" ? "en-GB" : "id-ID";
    return new Date(timestamp).toLocaleString(locale, { dateStyle: "medium", timeStyle: "short" });
  }

  /** An item's answers and photos, once the server confirms (again) that its owner is the
   * one signed in; else the list is drawn afresh, without it. */
  async function showContents(item, details) {
    var list = details.querySelector("[data-ringkasan]");
    if (list.childElementCount) return;
    if ((await confirmedAccount()) !== item.account) {
      details.open = false;
      render();
      return;
    }
    showRows(list, item.summary);
    var photos = details.querySelector("[data-foto]");
    Outbox.contents(item).then(function (data) {
      data.forEach(function (value) {
        if (!(value instanceof Blob) || !value.size || !value.type.startsWith("image/")) return;
        var image = document.createElement("img");
        image.src = URL.createObjectURL(value);
        image.alt = value.name || "";
        photos.append(image);
      });
    });
  }

  function renderItem(container, template, item, sendingId) {
    var texts = container.dataset;
    var entry = template.content.firstElementChild.cloneNode(true);
    entry.dataset.id = item.id;
    entry.querySelector("[data-judul]").textContent = item.title;
    var time = fill(texts.disimpan, { waktu: when(item.created) });
    if (item.attempts) time += " · " + fill(texts.percobaan, { n: item.attempts });
    entry.querySelector("[data-waktu]").textContent = time;
    var state = item.id === sendingId ? "mengirim" : item.state;
    var status = entry.querySelector("[data-status]");
    status.textContent = texts[state] || item.state;
    status.className = "status status-" + state;
    var reason = entry.querySelector("[data-alasan]");
    if (item.message) {
      reason.textContent = item.message;
      reason.hidden = false;
      if (item.state !== Outbox.REFUSED) reason.className = "muted";
    }
    var remove = entry.querySelector("[data-hapus]");
    remove.textContent = item.state === Outbox.REFUSED ? texts.tutup : texts.batalkan;
    remove.addEventListener("click", function () {
      if (item.state !== Outbox.REFUSED && !window.confirm(texts.yakin)) return;
      Outbox.remove(item.id).then(render);
    });
    var details = entry.querySelector("[data-isi]");
    details.addEventListener("toggle", function () {
      if (details.open) showContents(item, details);
    });
    return entry;
  }

  var sendingId = null;

  // Draws of the list may overlap (a redraw while the server is asked): the last one started
  // is the one shown.
  var drawing = 0;
  var askAgain = null;

  /** While items wait and the server could not be asked, ask again every few seconds: the
   * signal may come back without an `online` event (or before the network is really up). */
  function retryWhileUnanswered(items) {
    clearTimeout(askAgain);
    if (unanswered && items.length) askAgain = setTimeout(render, 3000);
  }

  function render() {
    var container = document.querySelector("[data-antrean]");
    if (!container || !usable) return Promise.resolve();
    var draw = ++drawing;
    var list = container.querySelector("[data-antrean-daftar]");
    var others = container.querySelector("[data-antrean-lain]");
    var empty = container.querySelector("[data-antrean-kosong]");
    var signedOut = container.querySelector("[data-antrean-masuk]");
    var send = container.querySelector("[data-antrean-kirim]");
    var template = document.getElementById("antrean-item");
    return Promise.all([Outbox.items(), confirmedAccount()]).then(function (found) {
      if (draw !== drawing) return;
      var items = found[0];
      var account = found[1];
      var mine = account ? items.filter(function (item) { return item.account === account; }) : [];
      list.replaceChildren.apply(list, mine.map(function (item) {
        return renderItem(container, template, item, sendingId);
      }));
      var foreign = items.length - mine.length;
      others.textContent = fill(account ? container.dataset.lain : container.dataset.belumPasti, {
        n: foreign,
      });
      others.hidden = foreign === 0;
      empty.hidden = mine.length > 0 || (!account && foreign > 0);
      signedOut.hidden = Boolean(account);
      send.hidden = !account || !mine.some(function (item) { return item.state === Outbox.WAITING; });
      container.setAttribute("data-siap", ""); // read from the device and shown
      retryWhileUnanswered(items);
    });
  }

  function reportSending(report) {
    var container = document.querySelector("[data-antrean]");
    if (!container) return;
    var texts = container.dataset;
    var message = container.querySelector("[data-antrean-pesan]");
    var parts = [];
    if (report.sent) parts.push(fill(texts.terkirimN, { n: report.sent }));
    if (report.offline) parts.push(texts.luring);
    else if (report.signedOut) parts.push(texts.keluar);
    else if (report.waiting) parts.push(fill(texts.masihMenunggu, { n: report.waiting }));
    message.textContent = parts.join(" ");
    message.hidden = parts.length === 0;
  }

  function showNewItem() {
    var container = document.querySelector("[data-antrean]");
    if (!container) return;
    var message = container.querySelector("[data-antrean-pesan]");
    if (new URLSearchParams(window.location.search).has("baru")) {
      message.textContent = container.dataset.tersimpan;
      message.hidden = false;
    }
  }

  document.addEventListener("click", function (event) {
    var send = event.target.closest && event.target.closest("[data-antrean-kirim]");
    if (!send) return;
    send.disabled = true;
    send.setAttribute("aria-busy", "true");
    sendNow().then(reportSending, function () {
      reportSending({ offline: true });
    }).then(render).then(function () {
      send.disabled = false;
      send.removeAttribute("aria-busy");
    });
  });

  // --- Signing out while items wait. ---

  /** Ask before signing out while this account's items still wait. Resolves to "simpan" (keep
   * the outbox on the device), "hapus" (nothing left to keep) or "batal" (stay signed in).
   * `automatic` (the idle timer) never asks: the items are kept for their owner. */
  function beforeSignOut(automatic) {
    var account = currentAccount();
    if (!usable) return Promise.resolve("hapus");
    return Outbox.counts(account).then(function (counts) {
      var mine = counts.waiting + counts.refused;
      if (!mine || automatic) return mine + counts.others ? "simpan" : "hapus";
      return ask(mine).then(function (choice) {
        if (choice !== "hapus") return choice;
        return Outbox.removeAccount(account).then(function () {
          return counts.others ? "simpan" : "hapus";
        });
      });
    });
  }

  function ask(count) {
    var dialog = document.getElementById("keluar-antrean");
    if (!dialog || !dialog.showModal) return Promise.resolve("simpan");
    var text = dialog.querySelector("[data-jumlah]");
    text.textContent = fill(text.dataset.teks, { n: count });
    return new Promise(function (resolve) {
      dialog.addEventListener("close", function () {
        resolve(dialog.returnValue || "batal");
      }, { once: true });
      dialog.returnValue = "";
      dialog.showModal();
    });
  }

  // --- Wiring. ---

  function pageShown() {
    // A shell page is the same for everyone; while someone is signed in it offers no "Masuk".
    var signIn = document.querySelector("body[data-shell] .topbar-actions a");
    if (signIn && usable) {
      confirmedAccount().then(function (account) {
        signIn.hidden = Boolean(account);
      });
    }
    refreshBanner();
    render();
    showNewItem();
  }

  // While a long queue drains, two messages arrive per item: redraw at most every 200 ms.
  var redraw = null;

  function redrawSoon() {
    if (redraw) return;
    redraw = setTimeout(function () {
      redraw = null;
      refreshBanner();
      render();
    }, 200);
  }

  if (usable) {
    Outbox.listen(function (message) {
      sendingId = message.type === "sending" ? message.id : null;
      redrawSoon();
    });
    window.addEventListener("online", function () {
      sendWaiting();
      render(); // the server can be asked again who is signed in
    });
    document.addEventListener("htmx:afterSettle", pageShown);
    // A page kept in the back/forward cache, or a tablet woken after its session ended: ask
    // the server again before anything stays on screen.
    window.addEventListener("pageshow", function (event) {
      if (event.persisted) pageShown();
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") render();
    });
    document.addEventListener("DOMContentLoaded", function () {
      pageShown();
      sendWaiting(); // app start
    });
  }

  window.DekatAntrean = {
    summarise: summarise,
    showRows: showRows,
    labelFor: labelFor,
    beforeSignOut: beforeSignOut,
  };
})();

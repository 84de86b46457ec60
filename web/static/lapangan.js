// The field day roster (templates/jemput_bola/lapangan.html), with or without signal.
//
// Every check-in, outcome and walk-in is stored in the outbox (outbox.js) with a code made
// here and the device's time, then sent when there is signal, exactly once. What was recorded
// on this device is also kept in localStorage, so the roster shows it after a reload without
// signal, before the server has seen it. An outcome still waiting in the outbox can be taken
// back on its row ("Batalkan"): the item leaves the outbox and the row returns to what it was.
// Texts come from the section's data attributes.
(function () {
  "use strict";

  var ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  var SERVED = ["direkam", "kartu_diserahkan", "ikd_diaktifkan"];

  function fill(text, values) {
    return (text || "").replace(/\{(\w+)\}/g, function (whole, name) {
      return name in values ? values[name] : whole;
    });
  }

  function randomCode(length) {
    var bytes = crypto.getRandomValues(new Uint8Array(length));
    return Array.prototype.map.call(bytes, function (b) {
      return ALPHABET[b % ALPHABET.length];
    }).join("");
  }

  function newKey() {
    return crypto.randomUUID ? crypto.randomUUID() : randomCode(24);
  }

  /** `jb 7k3m-9q2x`, a scanned QR or a typed code → `JB-7K3M9Q2X`, or "" */
  function normaliseTicket(text) {
    var code = String(text || "").toUpperCase().replace(/[^A-Z0-9]/g, "");
    if (code.indexOf("JB") === 0) code = code.slice(2);
    if (code.length !== 8) return "";
    for (var i = 0; i < code.length; i++) if (ALPHABET.indexOf(code[i]) < 0) return "";
    return "JB-" + code;
  }

  function setUp() {
    var section = document.querySelector("[data-lapangan]");
    if (!section || section.dataset.ready) return;
    section.dataset.ready = "1";
    var Outbox = window.DekatOutbox;
    var storageKey = "dekat-lapangan-" + section.dataset.lapangan;
    var list = section.querySelector("[data-daftar]");
    var message = section.querySelector("[data-pesan]");

    function readLocal() {
      try {
        return JSON.parse(localStorage.getItem(storageKey)) || { records: [], walkIns: [] };
      } catch (error) {
        return { records: [], walkIns: [] };
      }
    }

    function writeLocal(state) {
      try { localStorage.setItem(storageKey, JSON.stringify(state)); } catch (error) { /* full */ }
    }

    function say(text) {
      message.textContent = text;
      message.hidden = !text;
    }

    function rows() {
      return Array.prototype.slice.call(list.querySelectorAll("li[data-tiket]"));
    }

    function rowFor(ticket) {
      return rows().filter(function (row) { return row.dataset.tiket === ticket; })[0] || null;
    }

    function outcomesOf(row) {
      return row.dataset.hasil.split(" ").filter(Boolean);
    }

    function labelFor(outcome) {
      var parts = outcome.split(":");
      var label = section.dataset["label" + parts[0].replace(/(^|_)(\w)/g, function (m, s, c) {
        return c.toUpperCase();
      })] || parts[0];
      if (parts[1]) label += " (" + (section.dataset["alasan" + parts[1][0].toUpperCase() + parts[1].slice(1)] || parts[1]) + ")";
      return label;
    }

    /** This device's records of the row's person that still wait in the outbox. */
    function undoable(row) {
      return readLocal().records.filter(function (record) {
        return record.tiket === row.dataset.tiket && record.item;
      });
    }

    function drawRow(row) {
      var badges = row.querySelector("[data-lencana]");
      badges.textContent = "";
      outcomesOf(row).forEach(function (outcome) {
        var badge = document.createElement("span");
        badge.className = "badge";
        badge.textContent = labelFor(outcome);
        badges.append(badge, " ");
      });
      var undo = row.querySelector("[data-batalkan]");
      var last = undoable(row).pop();
      undo.hidden = !last;
      if (last) undo.textContent = fill(section.dataset.teksBatalkan, { hasil: labelFor(last.outcome) });
    }

    /** The row as the server sent it, with what this device recorded since drawn over it. */
    function redraw(row) {
      row.dataset.hasil = row.dataset.hasilAwal;
      row.dataset.status = row.dataset.statusAwal;
      readLocal().records.forEach(function (record) {
        if (record.tiket === row.dataset.tiket) mark(row, record.outcome);
      });
      drawRow(row);
    }

    function mark(row, outcome) {
      var outcomes = outcomesOf(row);
      if (outcome !== "hadir" && outcomes.indexOf("hadir") < 0) outcomes.unshift("hadir");
      if (outcomes.indexOf(outcome) < 0) outcomes.push(outcome);
      row.dataset.hasil = outcomes.join(" ");
      row.dataset.status = "hadir";
      drawRow(row);
    }

    function summarise() {
      var all = rows();
      var present = all.filter(function (row) { return outcomesOf(row).indexOf("hadir") >= 0; });
      var served = all.filter(function (row) {
        return outcomesOf(row).some(function (o) { return SERVED.indexOf(o) >= 0; });
      });
      section.querySelector("[data-ringkas]").textContent = fill(section.dataset.teksRingkas, {
        hadir: present.length, jumlah: all.length, dilayani: served.length,
      });
    }

    function addWalkInRow(walkIn) {
      if (rowFor(walkIn.tiket)) return rowFor(walkIn.tiket);
      var template = section.querySelector("[data-baris-baru]");
      var row = template.content.firstElementChild.cloneNode(true);
      row.dataset.tiket = walkIn.tiket;
      row.dataset.nama = walkIn.nama.toLowerCase();
      row.dataset.hasil = row.dataset.hasilAwal = "hadir";
      row.dataset.status = row.dataset.statusAwal = "hadir";
      row.querySelector("[data-nama-tampil]").textContent = walkIn.nama;
      row.querySelector("[data-keterangan]").textContent =
        section.dataset.teksDatang + " · " + walkIn.tiket;
      row.querySelector("input[name=tiket]").value = walkIn.tiket;
      list.append(row);
      return row;
    }

    // What this device recorded, drawn over the roster as it was downloaded.
    rows().forEach(function (row) {
      row.dataset.hasilAwal = row.dataset.hasil;
      row.dataset.statusAwal = row.dataset.status;
    });
    var state = readLocal();
    state.walkIns.forEach(addWalkInRow);
    state.records.forEach(function (record) {
      var row = rowFor(record.tiket);
      if (row) mark(row, record.outcome);
    });
    rows().forEach(drawRow);
    summarise();

    function queue(form, submitter, title) {
      var account = document.body.dataset.akun;
      if (!Outbox || !account) return Promise.reject(new Error("outbox"));
      return Outbox.add(form, submitter, {
        account: account,
        title: title,
        summary: [],
      }).then(function (item) {
        Outbox.flush().catch(function () {
          Outbox.requestSync();
        });
        return item;
      });
    }

    function hidden(form, name, value) {
      var input = form.querySelector("input[name=" + name + "]");
      if (!input) {
        input = document.createElement("input");
        input.type = "hidden";
        input.name = name;
        form.append(input);
      }
      input.value = value;
    }

    /** Store one check-in or outcome for the row, on the device and in the outbox. The same
     * outcome twice (a double tap, "Hadir" for someone already scanned in, or what the roster
     * already showed) is said again but stored once: each record reaches the server once.
     * Resolves to whether something new was stored. */
    function record(row, outcome, reason) {
      var form = row.querySelector("form[data-lapangan-form]");
      var full = outcome === "gagal" ? outcome + ":" + reason : outcome;
      var name = row.querySelector("[data-nama-tampil]").textContent;
      if (outcomesOf(row).indexOf(full) >= 0) {
        say(outcome === "hadir"
          ? fill(section.dataset.teksSudahHadir, { nama: name })
          : fill(section.dataset.teksTercatat, { hasil: labelFor(full), nama: name }));
        return Promise.resolve(false);
      }
      var kode = newKey();
      hidden(form, "kode", kode);
      hidden(form, "waktu", new Date().toISOString());
      hidden(form, "jenis", outcome);
      form.querySelector("select[name=alasan]").value = reason || form.querySelector("select[name=alasan]").value;
      mark(row, full);
      summarise();
      var stored = readLocal();
      stored.records.push({ tiket: row.dataset.tiket, outcome: full, kode: kode });
      writeLocal(stored);
      say(fill(section.dataset.teksTercatat, { hasil: labelFor(full), nama: name }));
      return queue(form, null, section.dataset.judulCatatan + ": " + name + " — " + labelFor(full))
        .then(function (item) {
          // Waiting in the outbox: it can be taken back until it is sent.
          var now = readLocal();
          now.records.forEach(function (record) {
            if (record.kode === kode) record.item = item.id;
          });
          writeLocal(now);
          drawRow(row);
          return true;
        });
    }

    /** "Batalkan": take the row's latest waiting outcome out of the outbox and show the row as
     * it was before it. Once sent, it is no longer this device's to take back. */
    function undo(row) {
      var last = undoable(row).pop();
      if (!last || !Outbox) return;
      var name = row.querySelector("[data-nama-tampil]").textContent;
      Outbox.withdraw(last.item).then(function (withdrawn) {
        var stored = readLocal();
        if (withdrawn) {
          stored.records = stored.records.filter(function (record) {
            return record.item !== last.item;
          });
        } else {
          stored.records.forEach(function (record) {
            if (record.item === last.item) delete record.item;
          });
        }
        writeLocal(stored);
        redraw(row);
        summarise();
        say(fill(withdrawn ? section.dataset.teksDibatalkan : section.dataset.teksSudahTerkirim, {
          hasil: labelFor(last.outcome), nama: name,
        }));
      });
    }

    section.addEventListener("click", function (event) {
      var button = event.target.closest("[data-batalkan]");
      if (button) undo(button.closest("li[data-tiket]"));
    });

    // An outcome sent (or refused) meanwhile, also while the page was closed, can no longer be
    // taken back here.
    function settle(id) {
      var record = readLocal().records.filter(function (r) { return r.item === id; })[0];
      if (!record) return;
      Outbox.get(id).then(function (item) {
        if (item && item.state === Outbox.WAITING) return;
        var now = readLocal();
        now.records.forEach(function (r) { if (r.item === id) delete r.item; });
        writeLocal(now);
        var row = rowFor(record.tiket);
        if (row) drawRow(row);
      });
    }
    if (Outbox) {
      Outbox.listen(function (message) { settle(message.id); });
      readLocal().records.forEach(function (record) {
        if (record.item) settle(record.item);
      });
    }

    function checkIn(text) {
      var ticket = normaliseTicket(text);
      var row = ticket && rowFor(ticket);
      if (!row) {
        say(fill(section.dataset.teksBukanDaftar, { kode: text }));
        return;
      }
      var name = row.querySelector("[data-nama-tampil]").textContent;
      row.scrollIntoView({ block: "center" });
      if (outcomesOf(row).indexOf("hadir") >= 0) {
        say(fill(section.dataset.teksSudahHadir, { nama: name }));
        return;
      }
      record(row, "hadir").then(function () {
        say(fill(section.dataset.teksHadir, { nama: name }));
      });
    }

    // Outcome buttons on each row (and the broken-kit button): through the outbox.
    section.addEventListener("submit", function (event) {
      var form = event.target;
      if (form.matches("[data-lapangan-form]")) {
        event.preventDefault();
        event.stopPropagation();
        var submitter = event.submitter;
        var row = form.closest("li[data-tiket]");
        if (row) {
          var reason = submitter && submitter.value === "gagal" ? form.elements.alasan.value : "";
          record(row, submitter ? submitter.value : "hadir", reason);
        } else {
          queue(form, submitter, submitter ? submitter.textContent.trim() : "");
          if (submitter) submitter.disabled = true;
        }
      } else if (form.matches("[data-cari-tiket]")) {
        event.preventDefault();
        event.stopPropagation();
        checkIn(form.elements.tiket.value);
        form.elements.tiket.value = "";
      } else if (form.matches("[data-datang]")) {
        event.preventDefault();
        event.stopPropagation();
        registerWalkIn(form);
      }
    }, true);

    function registerWalkIn(form) {
      // One at a time: a double tap on "Daftarkan" must not register the person twice.
      if (form.getAttribute("aria-busy") === "true") return;
      var error = form.querySelector("[data-datang-galat]");
      var name = form.elements.nama.value.trim();
      var nik = form.elements.nik.value.replace(/[\s.]/g, "");
      var problem = name.length < 2 ? section.dataset.teksNama
        : nik && !/^\d{16}$/.test(nik) ? section.dataset.teksNik : "";
      error.textContent = problem;
      error.hidden = !problem;
      if (problem) return;
      form.setAttribute("aria-busy", "true");
      var walkIn = { tiket: "JB-" + randomCode(8), nama: name };
      form.elements.tiket.value = walkIn.tiket;
      form.elements.waktu.value = new Date().toISOString();
      var stored = readLocal();
      stored.walkIns.push(walkIn);
      writeLocal(stored);
      var row = addWalkInRow(walkIn);
      drawRow(row);
      summarise();
      queue(form, null, section.dataset.teksDatang + ": " + name).then(function () {
        form.reset();
        say(fill(section.dataset.teksHadir, { nama: name }));
        row.scrollIntoView({ block: "center" });
      }).catch(function () {
        // Not stored in the outbox: the form keeps what was typed.
      }).then(function () {
        form.removeAttribute("aria-busy");
      });
    }

    // Name search, on the device.
    section.querySelector("[data-cari]").addEventListener("input", function (event) {
      var words = event.target.value.trim().toLowerCase();
      rows().forEach(function (row) {
        row.hidden = Boolean(words) && row.dataset.nama.indexOf(words) < 0;
      });
    });

    // A scanned ticket checks its holder in.
    if (window.DekatScan) window.DekatScan.on(section, checkIn);
    // The QR reader for browsers without one built in: fetched now, while there is signal,
    // so the service worker has it at the venue.
    if (!("BarcodeDetector" in window) && navigator.onLine && section.dataset.jsqr) {
      fetch(section.dataset.jsqr).catch(function () {});
    }
  }

  setUp();
  document.addEventListener("htmx:afterSettle", setUp);
})();

// Verifying an IKD code in the browser, without signal.
//
// The code is Base45( zlib( COSE_Sign1 ) ) around a CWT with MOSIP's identity claim 169
// (server/services/ikd_code.py writes it). The published keys (/.well-known/ikd-keys.json)
// are kept on the device whenever the page is opened with signal; WebCrypto checks the ES256
// signature. The answer and its reasons match the server's own check.
//
// With signal, the server's check decides: only it knows whether the holder's IKD has been
// suspended since the code was made. Without signal, the page says how old its key list is and
// how long a suspension can take to reach it (the oldest code it accepts, data-batas-jam).
(function () {
  "use strict";

  var KEYS_URL = "/.well-known/ikd-keys.json";
  var KEYS_STORE = "dekat-ikd-keys";
  var BASE45 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:";
  var ES256 = -7;

  function notIkd() {
    var error = new Error("bukan_ikd");
    error.reason = "bukan_ikd";
    return error;
  }

  // --- Base45 (RFC 9285), zlib, CBOR (RFC 8949: only what a code holds) -------------------

  function base45(text) {
    var out = [];
    for (var i = 0; i < text.length; i += 3) {
      var chunk = text.slice(i, i + 3);
      if (chunk.length < 2) throw notIkd();
      var value = 0;
      for (var j = chunk.length - 1; j >= 0; j--) {
        var digit = BASE45.indexOf(chunk[j]);
        if (digit < 0) throw notIkd();
        value = value * 45 + digit;
      }
      if (chunk.length === 3) {
        if (value > 0xffff) throw notIkd();
        out.push(value >> 8, value & 0xff);
      } else {
        if (value > 0xff) throw notIkd();
        out.push(value);
      }
    }
    return new Uint8Array(out);
  }

  function inflate(bytes) {
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
    return new Response(stream).arrayBuffer().then(function (buffer) {
      return new Uint8Array(buffer);
    }, function () {
      throw notIkd();
    });
  }

  function cbor(bytes) {
    var view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    var at = 0;
    function length(info) {
      if (info < 24) return info;
      if (info === 24) return view.getUint8(at++);
      var value;
      if (info === 25) { value = view.getUint16(at); at += 2; return value; }
      if (info === 26) { value = view.getUint32(at); at += 4; return value; }
      if (info === 27) {
        value = view.getUint32(at) * 4294967296 + view.getUint32(at + 4);
        at += 8;
        return value;
      }
      throw notIkd(); // indefinite lengths are not used in a code
    }
    function bytesOf(n) {
      if (at + n > bytes.length) throw notIkd();
      var part = bytes.subarray(at, at + n);
      at += n;
      return part;
    }
    function item() {
      var first = view.getUint8(at++);
      var major = first >> 5;
      var info = first & 31;
      var n, i, list, map;
      switch (major) {
        case 0: return length(info);
        case 1: return -1 - length(info);
        case 2: return bytesOf(length(info));
        case 3: return new TextDecoder("utf-8", { fatal: true }).decode(bytesOf(length(info)));
        case 4:
          n = length(info);
          list = [];
          for (i = 0; i < n; i++) list.push(item());
          return list;
        case 5:
          n = length(info);
          map = new Map();
          for (i = 0; i < n; i++) map.set(item(), item());
          return map;
        case 6: return { tag: length(info), value: item() };
        default:
          if (info === 20) return false;
          if (info === 21) return true;
          if (info === 22) return null;
          throw notIkd();
      }
    }
    try {
      var result = item();
      if (at !== bytes.length) throw notIkd();
      return result;
    } catch (error) {
      throw notIkd();
    }
  }

  function head(major, n) {
    if (n < 24) return [(major << 5) | n];
    if (n < 256) return [(major << 5) | 24, n];
    if (n < 65536) return [(major << 5) | 25, n >> 8, n & 0xff];
    return [(major << 5) | 26, n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
  }

  /** CBOR of ["Signature1", protected, h'', payload]: what the signature covers. */
  function toBeSigned(protectedHeader, payload) {
    var label = new TextEncoder().encode("Signature1");
    var parts = [
      [0x84], head(3, label.length), label,
      head(2, protectedHeader.length), protectedHeader,
      [0x40],
      head(2, payload.length), payload,
    ];
    var size = parts.reduce(function (total, part) { return total + part.length; }, 0);
    var out = new Uint8Array(size);
    var offset = 0;
    parts.forEach(function (part) {
      out.set(part, offset);
      offset += part.length;
    });
    return out;
  }

  // --- The published keys, kept on this device ---------------------------------------------

  /** { jwks, fetched (ms, or null when kept by an older version) } or null. */
  function storedKeyList() {
    try {
      var kept = JSON.parse(localStorage.getItem(KEYS_STORE) || "null");
      if (kept && kept.jwks) return kept;
      return kept ? { jwks: kept, fetched: null } : null;
    } catch (error) {
      return null;
    }
  }

  function storedKeys() {
    var kept = storedKeyList();
    return kept ? kept.jwks : null;
  }

  /** Fresh keys when there is signal, else the last ones kept. */
  function refreshKeys() {
    return fetch(KEYS_URL, { cache: "no-store" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (jwks) {
        var kept = JSON.stringify({ jwks: jwks, fetched: Date.now() });
        try { localStorage.setItem(KEYS_STORE, kept); } catch (e) { /* full */ }
        showKeyAge();
        return jwks;
      }, function () {
        return storedKeys();
      });
  }

  // --- The check ---------------------------------------------------------------------------

  function verdict(valid, reason, identity, expires) {
    return { valid: valid, reason: reason || null, identity: identity || null, expires: expires };
  }

  /** Resolves to { valid, reason, identity: {nik, name, birthDate}, expires } like the
   * server's verify(); reasons: bukan_ikd, kunci_tidak_dikenal, kunci_dicabut,
   * tanda_tangan_tidak_sah, kedaluwarsa, kunci_belum_tersimpan. A code older than `maxAge`
   * (ms) has expired whatever expiry it carries. */
  function verify(text, jwks, issuer, now, maxAge) {
    var parts;
    return Promise.resolve()
      .then(function () { return inflate(base45(text.trim())); })
      .then(function (cose) {
        var message = cbor(cose);
        if (message && message.tag === 61) message = message.value;
        if (message && message.tag === 18) message = message.value;
        if (!Array.isArray(message) || message.length !== 4) throw notIkd();
        var header = message[0].length ? cbor(message[0]) : new Map();
        var kid = header.get(4) || (message[1] instanceof Map && message[1].get(4));
        if (header.get(1) !== ES256 || !(kid instanceof Uint8Array)) throw notIkd();
        if (!(message[3] instanceof Uint8Array) || message[3].length !== 64) throw notIkd();
        parts = {
          protectedHeader: message[0],
          payload: message[2],
          signature: message[3],
          kid: new TextDecoder().decode(kid),
        };
        if (!jwks) return verdict(false, "kunci_belum_tersimpan");
        if ((jwks.revoked || []).indexOf(parts.kid) >= 0) return verdict(false, "kunci_dicabut");
        var jwk = (jwks.keys || []).filter(function (k) { return k.kid === parts.kid; })[0];
        if (!jwk) return verdict(false, "kunci_tidak_dikenal");
        return crypto.subtle
          .importKey(
            "jwk",
            { kty: "EC", crv: "P-256", x: jwk.x, y: jwk.y, ext: true },
            { name: "ECDSA", namedCurve: "P-256" },
            false,
            ["verify"],
          )
          .then(function (key) {
            return crypto.subtle.verify(
              { name: "ECDSA", hash: "SHA-256" },
              key,
              parts.signature,
              toBeSigned(parts.protectedHeader, parts.payload),
            );
          })
          .then(function (good) {
            if (!good) return verdict(false, "tanda_tangan_tidak_sah");
            var claims = cbor(parts.payload);
            var identity = claims.get(169);
            if (claims.get(1) !== issuer || !(identity instanceof Map)) throw notIkd();
            var born = String(identity.get(8) || "");
            var person = {
              nik: String(identity.get(1) || ""),
              name: String(identity.get(4) || ""),
              birthDate: new Date(Date.UTC(+born.slice(0, 4), +born.slice(4, 6) - 1, +born.slice(6, 8))),
            };
            if (!/^\d{16}$/.test(person.nik) || !/^\d{8}$/.test(born)) throw notIkd();
            if (typeof claims.get(6) !== "number" || typeof claims.get(4) !== "number") throw notIkd();
            var expires = new Date(claims.get(4) * 1000);
            var oldest = new Date(claims.get(6) * 1000 + (maxAge || Infinity));
            if (oldest < expires) expires = oldest;
            if (now >= expires) return verdict(false, "kedaluwarsa", person, expires);
            return verdict(true, null, person, expires);
          });
      })
      .catch(function (error) {
        return verdict(false, error.reason || "bukan_ikd");
      });
  }

  // --- The page ----------------------------------------------------------------------------

  function masked(nik) {
    return nik.slice(0, 6) + "••••••" + nik.slice(-4);
  }

  function show(section, result) {
    var lang = document.documentElement.lang === "en" ? "en-GB" : "id-ID";
    var target = section.querySelector("#hasil");
    var template = document.getElementById(result.valid ? "hasil-sah" : "hasil-tidak-sah");
    var answer = template.content.firstElementChild.cloneNode(true);
    if (result.valid) {
      answer.querySelector("[data-nama]").textContent = result.identity.name;
      answer.querySelector("[data-nik]").textContent = masked(result.identity.nik);
      answer.querySelector("[data-lahir]").textContent = result.identity.birthDate
        .toLocaleDateString(lang, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" });
      answer.querySelector("[data-berlaku]").textContent = result.expires
        .toLocaleString(lang, { dateStyle: "medium", timeStyle: "short" });
    } else {
      answer.querySelector("[data-alasan]").textContent =
        section.querySelector("[data-alasan-" + result.reason.replace(/_/g, "-") + "]").textContent;
    }
    target.replaceChildren(answer);
  }

  function maxAgeOf(section) {
    return Number(section.dataset.batasJam) * 3600 * 1000 || 0;
  }

  /** The key list's age, in words, under the form ("diperbarui 3 jam yang lalu"). */
  function showKeyAge() {
    var section = document.querySelector("[data-ikd-verifier]");
    var info = section && section.querySelector("[data-kunci-info]");
    if (!info) return;
    var kept = storedKeyList();
    var line = info.querySelector("[data-kunci-umur]");
    info.hidden = false;
    if (!kept) {
      line.textContent = info.dataset.belum;
      return;
    }
    var lang = document.documentElement.lang === "en" ? "en-GB" : "id-ID";
    var fetched = new Date(kept.fetched || 0);
    var minutes = Math.max(0, Math.round((Date.now() - fetched.getTime()) / 60000));
    var words = new Intl.RelativeTimeFormat(lang, { numeric: "auto" });
    var age = minutes < 1 ? words.format(0, "second")
      : minutes < 60 ? words.format(-minutes, "minute")
      : minutes < 48 * 60 ? words.format(-Math.round(minutes / 60), "hour")
        : words.format(-Math.round(minutes / 1440), "day");
    line.textContent = fill(info.dataset.diperbarui, {
      umur: kept.fetched ? age : "?",
      waktu: kept.fetched ? fetched.toLocaleString(lang, { dateStyle: "medium", timeStyle: "short" }) : "?",
    });
  }

  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, function (whole, name) {
      return name in values ? values[name] : whole;
    });
  }

  /** The server's answer (#hasil as it renders it), or null when it cannot be asked. */
  function askServer(section, text) {
    var form = section.querySelector("form");
    var body = new URLSearchParams(new FormData(form));
    body.set("kode", text);
    var stop = new AbortController();
    var timer = setTimeout(function () { stop.abort(); }, 8000);
    return fetch(form.action, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "HX-Request": "true", "HX-Target": "hasil" },
      signal: stop.signal,
    }).then(function (response) {
      if (!response.ok) return null;
      return response.text().then(function (html) {
        var answer = new DOMParser().parseFromString(html, "text/html").getElementById("hasil");
        return answer && answer.querySelector(".verdict") ? answer : null;
      });
    }).catch(function () {
      return null;
    }).finally(function () {
      clearTimeout(timer);
    });
  }

  function bringIntoView(section) {
    var answer = section.querySelector("#hasil .verdict");
    if (!answer) return;
    var top = answer.getBoundingClientRect().top;
    if (top < 0 || top > window.innerHeight / 2) answer.scrollIntoView({ block: "start" });
  }

  function checkHere(section, text) {
    var kept = storedKeys();
    var keys = navigator.onLine ? refreshKeys() : Promise.resolve(kept);
    return keys.then(function (jwks) {
      return verify(text, jwks, section.dataset.issuer, new Date(), maxAgeOf(section));
    }).then(function (result) {
      show(section, result);
      showKeyAge();
      return result;
    });
  }

  function check(section, text) {
    var asked = navigator.onLine ? askServer(section, text) : Promise.resolve(null);
    return asked.then(function (answer) {
      if (!answer) return checkHere(section, text);
      section.querySelector("#hasil").replaceWith(document.importNode(answer, true));
      return { valid: Boolean(answer.querySelector(".verdict.valid")), server: true };
    }).then(function (result) {
      bringIntoView(section);
      return result;
    });
  }

  function setUp() {
    var section = document.querySelector("[data-ikd-verifier]");
    if (!section || section.dataset.ready) return;
    section.dataset.ready = "1";
    showKeyAge();
    if (navigator.onLine) refreshKeys();
    var form = section.querySelector("form");
    // Checked here, not sent: caught before htmx's own handler on the form sees it.
    document.addEventListener("submit", function (event) {
      if (event.target !== form) return;
      event.preventDefault();
      event.stopPropagation();
      check(section, form.elements.kode.value);
    }, true);
    if (window.DekatScan) {
      window.DekatScan.on(section, function (text) {
        form.elements.kode.value = text;
        check(section, text);
      });
    }
  }

  setUp();
  document.addEventListener("htmx:afterSettle", setUp);
  window.DekatIkdVerify = { verify: verify, check: check };
})();

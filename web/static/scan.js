// Reading a QR code with the phone camera, or from a photo of it.
//
// BarcodeDetector where the browser has it (Chrome on Android); otherwise the vendored jsQR,
// loaded only then. A page section marked `data-scanner` gets a camera button, a video, and a
// file input; what they read goes to the section's handler (DekatScan.on(section, handler)).
(function () {
  "use strict";

  var handlers = new WeakMap();
  var detector = null;
  var jsQRLoading = null;

  function nativeDetector() {
    if (detector !== null) return Promise.resolve(detector);
    if (!("BarcodeDetector" in window)) return Promise.resolve((detector = false));
    return BarcodeDetector.getSupportedFormats().then(function (formats) {
      detector = formats.indexOf("qr_code") >= 0
        ? new BarcodeDetector({ formats: ["qr_code"] })
        : false;
      return detector;
    }, function () {
      return (detector = false);
    });
  }

  function loadJsQR(section) {
    if (window.jsQR) return Promise.resolve(window.jsQR);
    if (!jsQRLoading) {
      jsQRLoading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = section.dataset.jsqr;
        script.onload = function () { resolve(window.jsQR); };
        script.onerror = reject;
        document.head.append(script);
      });
    }
    return jsQRLoading;
  }

  /** The text of the QR code in `source` (a video, image bitmap or canvas), or null. */
  function decode(section, source, width, height) {
    return nativeDetector().then(function (native) {
      if (native) {
        return native.detect(source).then(function (codes) {
          return codes.length ? codes[0].rawValue : null;
        });
      }
      return loadJsQR(section).then(function (jsQR) {
        var canvas = document.createElement("canvas");
        canvas.width = width;
        canvas.height = height;
        var context = canvas.getContext("2d", { willReadFrequently: true });
        context.drawImage(source, 0, 0, width, height);
        var pixels = context.getImageData(0, 0, width, height);
        var found = jsQR(pixels.data, width, height, { inversionAttempts: "dontInvert" });
        return found ? found.data : null;
      });
    });
  }

  function say(section, key) {
    var status = section.querySelector("[data-scan-status]");
    if (status) {
      status.textContent = key ? section.dataset[key] || "" : "";
      status.hidden = !key;
    }
  }

  function found(section, text) {
    say(section, "");
    var handler = handlers.get(section) || fillAndSend;
    handler(text, section);
  }

  /** Unless a page says otherwise: a link to this site is followed; anything else goes into
   * the section's form field `data-scan-input` and the form is sent. */
  function fillAndSend(text, section) {
    try {
      var url = new URL(text);
      if (url.origin === window.location.origin) {
        window.location.assign(url.pathname + url.search);
        return;
      }
    } catch (error) {
      // not a link
    }
    var form = section.querySelector("form");
    form.elements[section.dataset.scanInput].value = text;
    form.requestSubmit();
  }

  // Tools that need script stay hidden without it.
  document.querySelectorAll("[data-scanner] [data-scan-tools]").forEach(function (tools) {
    tools.hidden = false;
  });
  document.addEventListener("htmx:afterSettle", function () {
    document.querySelectorAll("[data-scanner] [data-scan-tools]").forEach(function (tools) {
      tools.hidden = false;
    });
  });

  // --- A photo of the code (and devices without a camera). ---
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("[data-scan-file]") || !input.files.length) return;
    var section = input.closest("[data-scanner]");
    say(section, "teksMembaca");
    createImageBitmap(input.files[0]).then(function (bitmap) {
      var scale = Math.min(1, 1600 / Math.max(bitmap.width, bitmap.height));
      var width = Math.round(bitmap.width * scale);
      var height = Math.round(bitmap.height * scale);
      return decode(section, bitmap, width, height);
    }).then(function (text) {
      if (text) found(section, text);
      else say(section, "teksTidakTerbaca");
    }, function () {
      say(section, "teksTidakTerbaca");
    });
  });

  // --- The camera: frames are read until a code is found or the person stops. ---
  function stopCamera(section) {
    var video = section.querySelector("video");
    if (video && video.srcObject) {
      video.srcObject.getTracks().forEach(function (track) { track.stop(); });
      video.srcObject = null;
    }
    if (video) video.hidden = true;
    section.removeAttribute("data-scanning");
  }

  function startCamera(section) {
    var video = section.querySelector("video");
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      say(section, "teksTanpaKamera");
      return;
    }
    navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (stream) {
        video.srcObject = stream;
        video.hidden = false;
        section.setAttribute("data-scanning", "");
        say(section, "teksMengarahkan");
        return video.play();
      })
      .then(function () {
        var tick = function () {
          if (!section.hasAttribute("data-scanning") || !section.isConnected) {
            stopCamera(section);
            return;
          }
          if (!video.videoWidth) {
            setTimeout(tick, 200);
            return;
          }
          decode(section, video, video.videoWidth, video.videoHeight).then(function (text) {
            if (text) {
              stopCamera(section);
              found(section, text);
            } else {
              setTimeout(tick, 250);
            }
          }, function () {
            setTimeout(tick, 500);
          });
        };
        tick();
      })
      .catch(function () {
        stopCamera(section);
        say(section, "teksTanpaKamera");
      });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-scan-camera]");
    if (!button) return;
    var section = button.closest("[data-scanner]");
    if (section.hasAttribute("data-scanning")) stopCamera(section);
    else startCamera(section);
  });

  window.DekatScan = {
    /** What to do with a code read in `section`. */
    on: function (section, handler) { handlers.set(section, handler); },
  };
})();

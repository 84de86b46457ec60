// Document photos and the review step of request forms (its rows come from antrean.js, which
// stores the same summary with an item that waits in the outbox).
//
// A photo taken with the phone camera (often 3–6 MB) is shrunk in the browser to at most
// 1600 px on its longest side as a JPEG before it is sent, shown as a preview with "Ambil ulang",
// and put back into the same file input, so the form submits it like any other file. Without
// JavaScript the original goes up and the server shrinks it instead.
(function () {
  "use strict";

  var MAX_SIDE = 1600;
  var QUALITY = 0.8;
  var shrunk = new WeakMap(); // input -> { blob, url }

  function formatSize(bytes) {
    return bytes >= 1024 * 1024
      ? (bytes / 1024 / 1024).toFixed(1) + " MB"
      : Math.max(1, Math.round(bytes / 1024)) + " KB";
  }

  function shrink(file) {
    return createImageBitmap(file, { imageOrientation: "from-image" }).then(function (bitmap) {
      var scale = Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height));
      var canvas = document.createElement("canvas");
      canvas.width = Math.round(bitmap.width * scale);
      canvas.height = Math.round(bitmap.height * scale);
      canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
      bitmap.close();
      return new Promise(function (resolve) {
        canvas.toBlob(resolve, "image/jpeg", QUALITY);
      });
    });
  }

  function showPreview(input, blob, originalSize) {
    var field = input.closest("[data-photo-field]");
    var preview = field && field.querySelector(".photo-preview");
    if (!preview) return;
    var previous = shrunk.get(input);
    if (previous) URL.revokeObjectURL(previous.url);
    var url = URL.createObjectURL(blob);
    shrunk.set(input, { blob: blob, url: url });
    preview.querySelector("img").src = url;
    var size = preview.querySelector("[data-photo-size]");
    if (size) size.textContent = formatSize(originalSize) + " → " + formatSize(blob.size);
    preview.hidden = false;
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[type=file][data-photo]") || !input.files.length) {
      return;
    }
    var original = input.files[0];
    input.setAttribute("aria-busy", "true");
    shrink(original)
      .then(function (blob) {
        if (!blob) throw new Error("no blob");
        var name = original.name.replace(/\.[^.]*$/, "") + ".jpg";
        var files = new DataTransfer();
        files.items.add(new File([blob], name, { type: "image/jpeg" }));
        input.files = files.files;
        showPreview(input, blob, original.size);
      })
      .catch(function () {
        // Not a picture the browser can read: send it as it is, the server explains.
      })
      .then(function () {
        input.removeAttribute("aria-busy");
      });
  });

  document.addEventListener("click", function (event) {
    var retake = event.target.closest && event.target.closest("[data-retake]");
    if (!retake) return;
    var field = retake.closest("[data-photo-field]");
    var input = field.querySelector("input[type=file]");
    input.value = "";
    field.querySelector(".photo-preview").hidden = true;
    input.click();
  });

  // --- The review step: show what will be sent before it is sent. ---

  function openReview(form) {
    var missing = Array.prototype.find.call(form.elements, function (element) {
      return element.willValidate && !element.checkValidity();
    });
    if (missing) {
      missing.focus();
      missing.reportValidity();
      return;
    }
    var review = form.querySelector("#tinjauan");
    var list = review.querySelector("[data-review-list]");
    window.DekatAntrean.showRows(list, window.DekatAntrean.summarise(form));
    var photos = review.querySelector("[data-review-photos]");
    photos.replaceChildren();
    form.querySelectorAll("input[type=file][data-photo]").forEach(function (input) {
      var kept = shrunk.get(input);
      if (!kept) return;
      var image = document.createElement("img");
      image.src = kept.url;
      image.alt = window.DekatAntrean.labelFor(form, input);
      photos.append(image);
    });
    review.hidden = false;
    form.querySelector("[data-review-open]").hidden = true;
    review.focus();
  }

  document.addEventListener("click", function (event) {
    var open = event.target.closest && event.target.closest("[data-review-open]");
    var back = event.target.closest && event.target.closest("[data-review-back]");
    if (open) {
      event.preventDefault();
      openReview(open.form);
    } else if (back) {
      var form = back.form;
      form.querySelector("#tinjauan").hidden = true;
      form.querySelector("[data-review-open]").hidden = false;
    }
  });
})();

/* The layer report's script, written into the page (works offline): a click, Enter or Space
 * on a weight shows its derivation and hides the others; Escape clears. */
(function () {
  "use strict";
  var doc = document;
  function all(selector) { return Array.prototype.slice.call(doc.querySelectorAll(selector)); }
  function choose(key) {
    all(".cr-derivation").forEach(function (el) {
      el.hidden = el.getAttribute("data-key") !== key;
    });
    all(".cr-weight").forEach(function (el) {
      el.classList.toggle("cr-selected", el.getAttribute("data-key") === key);
    });
    doc.getElementById("cr-hint").hidden = !!key;
  }
  doc.addEventListener("click", function (event) {
    var el = event.target.closest ? event.target.closest(".cr-weight") : null;
    if (el) { choose(el.getAttribute("data-key")); }
  });
  doc.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { choose(null); }
  });
  doc.documentElement.setAttribute("data-ready", "true");
}());

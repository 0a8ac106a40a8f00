/* The layer report's script, written into the page (works offline). A click, Enter or Space
 * on a button or on a picture's cell shows its derivation and hides the others; the chosen
 * cell's data-related cells (a pooling window's entries) and data-goes cells (where its
 * gradient goes) are marked; Escape clears. A section that several derivations share is
 * written once, in a template, and copied into each of them when the page loads. */
(function () {
  "use strict";
  var doc = document, CHOICES = ".cr-weight, .cr-cell";
  function all(selector) { return Array.prototype.slice.call(doc.querySelectorAll(selector)); }
  function keys(el, name) {
    var text = el ? el.getAttribute("data-" + name) : null;
    return text ? text.split(" ") : [];
  }
  function choose(key, source) {
    var related = keys(source, "related"), goes = keys(source, "goes"), named = null;
    all(".cr-derivation").forEach(function (el) {
      el.hidden = el.getAttribute("data-key") !== key;
    });
    all(CHOICES).forEach(function (el) {
      var k = el.getAttribute("data-key");
      el.classList.toggle("cr-selected", k === key);
      el.classList.toggle("cr-related", related.indexOf(k) >= 0);
      el.classList.toggle("cr-goes", goes.indexOf(k) >= 0);
      if (k === key && !named) { named = el.getAttribute("aria-label"); }
    });
    doc.getElementById("cr-hint").hidden = !!key;
    doc.getElementById("cr-selected-name").textContent = named || "";
  }
  function chosen(event) {
    return event.target.closest ? event.target.closest(CHOICES) : null;
  }
  doc.addEventListener("click", function (event) {
    var el = chosen(event);
    if (el) { choose(el.getAttribute("data-key"), el); }
  });
  doc.addEventListener("keydown", function (event) {
    var el = chosen(event);
    if (event.key === "Escape") { choose(null, null); return; }
    if (el && el.tagName.toLowerCase() !== "button" &&
        (event.key === "Enter" || event.key === " ")) {
      event.preventDefault(); choose(el.getAttribute("data-key"), el);
    }
  });
  all(".cr-part").forEach(function (el) {
    el.textContent = doc.getElementById(el.getAttribute("data-part")).content.textContent;
  });
  doc.documentElement.setAttribute("data-ready", "true");
}());

/* The report's script, written into the page (no CDN, no server: the file works offline).
 *
 * The script keeps two pieces of state, the selected element's key and the notation. At load
 * it unpacks the store (chainrule.viz.report_store: deflated JSON) with the browser's
 * DecompressionStream, then marks <html data-ready>. It builds the derivation
 * [data-key=K][data-notation=N] from its stored parts when first shown, rewrites the
 * diagram's words (data-label) and the panel's names and numbers in the chosen notation, and
 * shows everything with a data-notation only in that notation. Weights and units are
 * buttons: a click, Enter or Space selects; Escape clears.
 */
(function () {
  "use strict";
  var doc = document, state = { key: null, notation: null }, store = null;
  var select = doc.getElementById("cr-notation");
  var diagram = doc.querySelector(".cr-diagram");
  var panel = doc.querySelector(".cr-panel");
  function all(selector, root) {
    return Array.prototype.slice.call((root || doc).querySelectorAll(selector));
  }
  function num(el, name) { var v = el.getAttribute("data-" + name); return v === null ? null : +v; }
  function element(key) { return doc.getElementById(key); }
  function inChain(target, el) {
    var l = num(target, "layer"), j = num(target, "j"), i = num(target, "i");
    var kind = el.getAttribute("data-kind"), layer = num(el, "layer");
    if (target.getAttribute("data-kind") === "unit" && l === 0) { return el === target; }
    if (kind === "unit") {
      return layer > l || (layer === l && num(el, "j") === j) ||
        (i !== null && layer === l - 1 && num(el, "j") === i);
    }
    if (el === target) { return true; }
    return layer > l + 1 || (layer === l + 1 && num(el, "i") === j);
  }
  function mark(key) {
    var target = key ? element(key) : null;
    all("[data-kind]", diagram).forEach(function (el) {
      el.classList.toggle("cr-chain", !!target && inChain(target, el));
      el.classList.toggle("cr-selected", el === target);
    });
    all(".cr-handle", diagram).forEach(function (h) {
      var edge = element(h.getAttribute("data-key"));
      h.classList.toggle("cr-chain", edge.classList.contains("cr-chain"));
      h.classList.toggle("cr-selected", h.getAttribute("data-key") === key);
    });
    diagram.classList.toggle("cr-has-selection", !!target);
  }
  function relabel() {
    var labels = store && store.labels[state.notation];
    if (!labels) { return; }
    all("[data-label]", diagram).forEach(function (el) {
      var entry = labels[el.getAttribute("data-label")] || {};
      var text = el.tagName.toLowerCase() === "title" ? entry.t : entry.c;
      if (text !== undefined) { el.textContent = text; }
    });
    all("[data-key][aria-label]", diagram).forEach(function (el) {
      var entry = labels[el.getAttribute("data-key")];
      if (entry && entry.t) { el.setAttribute("aria-label", entry.t); }
    });
  }
  function showValues(key) {
    var box = doc.getElementById("cr-values");
    var rows = key && store && (store.values[state.notation] || {})[key];
    box.innerHTML = "";
    box.hidden = !rows;
    (rows || []).forEach(function (row) {
      var dt = doc.createElement("dt"), dd = doc.createElement("dd");
      dt.textContent = row[1];
      dd.textContent = String(parseFloat(Number(row[2]).toPrecision(6)));  // 6 digits
      dd.setAttribute("data-value-of", row[0]); dd.setAttribute("data-exact", String(row[2]));
      box.appendChild(dt); box.appendChild(dd);
    });
  }
  function derivation(key, notation) {
    var id = "cr-d-" + key + "-" + notation, el = doc.getElementById(id);
    var parts = store && (store.items[key] || {})[notation];
    if (el || !parts) { return el; }
    el = doc.createElement("div");
    el.id = id; el.className = "cr-derivation"; el.hidden = true;
    el.setAttribute("data-key", key); el.setAttribute("data-notation", notation);
    el.innerHTML = parts.map(function (n) { return store.parts[n]; }).join("");
    panel.appendChild(el);
    return el;
  }
  function render() {
    var shown = state.key && derivation(state.key, state.notation);
    all("[data-notation]").forEach(function (el) {
      var key = el.getAttribute("data-key");
      el.hidden = el.getAttribute("data-notation") !== state.notation ||
        (key !== null && key !== state.key);
    });
    doc.getElementById("cr-hint").hidden = !!state.key;
    doc.getElementById("cr-missing").hidden = !state.key || !store || !!shown;
    relabel();
    var labelled = state.key && doc.querySelector('[data-key="' + state.key + '"][aria-label]');
    doc.getElementById("cr-selected-name").textContent =
      labelled ? labelled.getAttribute("aria-label") : "";
    showValues(state.key); mark(state.key);
  }
  function choose(key) { state.key = key; render(); }
  function keyOf(event) {
    var el = event.target.closest ? event.target.closest("[data-key]") : null;
    return el ? el.getAttribute("data-key") : null;
  }
  function ready(unpacked) {
    store = unpacked; render();
    doc.documentElement.setAttribute("data-ready", store ? "true" : "false");
  }
  function unpack() {
    var source = doc.getElementById("cr-store");
    if (!source || typeof DecompressionStream === "undefined") {
      doc.getElementById("cr-unpacking").hidden = !source;
      ready(null); return;
    }
    var text = atob(source.textContent.trim()), bytes = new Uint8Array(text.length);
    for (var k = 0; k < text.length; k += 1) { bytes[k] = text.charCodeAt(k); }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("deflate"));
    new Response(stream).text().then(function (json) { ready(JSON.parse(json)); },
      function () { doc.getElementById("cr-unpacking").hidden = false; ready(null); });
  }
  diagram.addEventListener("click", function (event) {
    var key = keyOf(event); if (key) { choose(key); }
  });
  diagram.addEventListener("keydown", function (event) {
    var key = keyOf(event);
    if (key && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault(); choose(key);
    }
    if (event.key === "Escape") { choose(null); }
  });
  select.addEventListener("change", function () { state.notation = select.value; render(); });
  state.notation = select.value; render(); unpack();
}());

/* Fiches actions: instant filters over the static listing of the library page.
 * Progressive enhancement: without JavaScript the form stays hidden and the full listing, grouped
 * by mission, remains readable. The filter state lives in the query string (?mission=…&region=…)
 * so that a filtered view can be shared, and is restored when such an address is opened. */
(function () {
  "use strict";

  function toArray(list) { return Array.prototype.slice.call(list); }

  function plural(n, one, many) { return n > 1 ? many : one; }

  function setup(root) {
    var form = root.querySelector("[data-actions-filtres]");
    var count = root.querySelector("[data-actions-compte]");
    var none = root.querySelector("[data-actions-aucune]");
    if (!form || !count) return;
    var selects = toArray(form.querySelectorAll("select[data-filtre]"));
    var groups = toArray(root.querySelectorAll("[data-actions-groupe]"));
    var items = toArray(root.querySelectorAll("[data-actions-groupe] [data-action]"));
    form.hidden = false;

    function chosen() {
      var state = {};
      selects.forEach(function (s) { if (s.value) state[s.name] = s.value; });
      return state;
    }

    // An item carries each facet as a space-separated list (data-region="75 76").
    function matches(item, state) {
      return Object.keys(state).every(function (name) {
        return (item.getAttribute("data-" + name) || "").split(" ").indexOf(state[name]) >= 0;
      });
    }

    function show(state) {
      var shown = 0;
      items.forEach(function (item) {
        var ok = matches(item, state);
        item.hidden = !ok;
        if (ok) shown += 1;
      });
      groups.forEach(function (group) {
        var visible = group.querySelectorAll("[data-action]:not([hidden])").length;
        group.hidden = visible === 0;
        var number = group.querySelector(".actions-groupe__nombre");
        if (number) number.textContent = "(" + visible + ")";
      });
      var filtered = Object.keys(state).length > 0;
      count.textContent = shown + " " + plural(shown, "fiche action", "fiches actions") +
        (filtered ? " sur " + items.length : "");
      if (none) none.hidden = shown > 0;
    }

    function writeUrl(state) {
      var params = new URLSearchParams(window.location.search);
      selects.forEach(function (s) { params.delete(s.name); });
      selects.forEach(function (s) { if (state[s.name]) params.set(s.name, state[s.name]); });
      var query = params.toString();
      window.history.replaceState(window.history.state, "",
        window.location.pathname + (query ? "?" + query : "") + window.location.hash);
    }

    // Values in the address that the page does not offer are ignored, not trusted.
    function readUrl() {
      var params = new URLSearchParams(window.location.search);
      selects.forEach(function (s) {
        var wanted = params.get(s.name) || "";
        var known = toArray(s.options).some(function (o) { return o.value === wanted; });
        s.value = known ? wanted : "";
      });
    }

    function update() {
      var state = chosen();
      show(state);
      writeUrl(state);
    }

    selects.forEach(function (s) { s.addEventListener("change", update); });
    form.addEventListener("reset", function () { window.setTimeout(update, 0); });
    // Filtering is instant; "Voir les résultats" (the form's submit button, WCAG 3.2.2 technique
    // H32) takes the focus to the count, just before the listing.
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      update();
      count.focus();
    });
    readUrl();
    show(chosen());
  }

  function init() {
    toArray(document.querySelectorAll("[data-actions]")).forEach(setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

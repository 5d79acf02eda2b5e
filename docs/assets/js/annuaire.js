/* Directory filters and sorting: progressive enhancement of the static table (works without JS). */
(function () {
  "use strict";

  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  function setup(root) {
    var form = root.querySelector("[data-annuaire-filtres]");
    var table = root.querySelector("[data-annuaire-table]");
    var count = root.querySelector("[data-annuaire-compte]");
    if (!form || !table || !count) return;
    var tbody = table.tBodies[0];
    var rows = Array.prototype.slice.call(tbody.rows);
    var controls = form.querySelectorAll("[data-filtre]");
    form.hidden = false;

    function apply() {
      var f = {};
      controls.forEach(function (c) { f[c.getAttribute("data-filtre")] = c.value; });
      var text = fold(f.texte);
      var shown = 0;
      rows.forEach(function (row) {
        var ok = (!f.region || row.dataset.region === f.region) &&
          (!f.departement || row.dataset.departements.split(" ").indexOf(f.departement) >= 0) &&
          (!f.statut || row.dataset.statut === f.statut) &&
          (!f.taille || row.dataset.taille === f.taille) &&
          (!text || fold(row.cells[0].textContent).indexOf(text) >= 0);
        row.hidden = !ok;
        if (ok) shown += 1;
      });
      count.textContent = shown + (shown > 1 ? " CPTS affichées" : " CPTS affichée") + " sur " + rows.length;
    }

    controls.forEach(function (c) { c.addEventListener(c.tagName === "INPUT" ? "input" : "change", apply); });
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    // Filtering is instant; "Voir les résultats" (the form's submit button, WCAG 3.2.2 technique
    // H32) and Enter in the name field take the focus to the count, just before the table.
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      apply();
      count.focus();
    });

    var headers = table.tHead.rows[0].cells;
    Array.prototype.forEach.call(headers, function (th, index) {
      var kind = th.getAttribute("data-tri");
      if (!kind) return;
      var button = document.createElement("button");
      button.type = "button";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(headers, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var sorted = rows.slice().sort(function (a, b) {
          var x = a.cells[index].getAttribute("data-valeur"), y = b.cells[index].getAttribute("data-valeur");
          var r;
          if (kind === "nombre") {
            // Unknown values always sort last.
            if (x === "" || y === "") return (x === "") - (y === "");
            r = parseFloat(x) - parseFloat(y);
          } else {
            r = x.localeCompare(y, "fr", { sensitivity: "base" });
          }
          return ascending ? r : -r;
        });
        sorted.forEach(function (row) { tbody.appendChild(row); });
      });
    });
    apply();
  }

  function init() {
    document.querySelectorAll("[data-annuaire]").forEach(setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

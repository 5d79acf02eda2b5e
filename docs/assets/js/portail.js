/* Site-wide accessibility fixes to Material's markup, found by the accessibility gate
   (tests/quality/test_accessibility.py). Each fix says which WCAG criterion it serves. */
(function () {
  "use strict";

  /* Material wraps tables in a box that scrolls sideways when the table is too wide (phones),
     but the keyboard cannot reach it unless the table holds links or buttons. While it scrolls
     and holds none, make it a named, focusable region so the arrow keys scroll it (WCAG 2.1.1,
     axe "scrollable-region-focusable"); otherwise it would only add a useless tab stop. */
  var FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]";

  function scrollableTables() {
    document.querySelectorAll(".md-typeset__scrollwrap").forEach(function (box) {
      // Links first: reading scrollWidth lays out a table the browser had left for later (portail.css).
      var needsStop = !box.querySelector(FOCUSABLE) && box.scrollWidth > box.clientWidth + 1;
      var ours = box.hasAttribute("data-portail-defilement");
      if (needsStop && !ours) {
        var caption = box.querySelector("caption");
        box.setAttribute("data-portail-defilement", "");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", "Tableau défilant" + (caption ? " : " + caption.textContent.trim() : ""));
      } else if (!needsStop && ours) {
        ["data-portail-defilement", "tabindex", "role", "aria-label"].forEach(function (a) { box.removeAttribute(a); });
      }
    });
  }

  var timer = null;
  function later() {
    clearTimeout(timer);
    timer = setTimeout(scrollableTables, 150);
  }

  // document$ is Material's "page ready" signal: it fires after Material has wrapped the tables.
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(scrollableTables);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", scrollableTables);
  } else {
    scrollableTables();
  }
  window.addEventListener("resize", later);
  // The search box's keys and submit button: recherche.js.

  /* Printing: closed lists (a CPTS page's communes, which stand in for its map) are printed
     open, then closed again (WCAG-neutral: nothing changes on screen). */
  var openedForPrint = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".md-content details:not([open])").forEach(function (d) {
      d.open = true;
      openedForPrint.push(d);
    });
  });
  window.addEventListener("afterprint", function () {
    openedForPrint.forEach(function (d) { d.open = false; });
    openedForPrint = [];
  });
})();

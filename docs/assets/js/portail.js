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

  /* The menu of narrow screens (below 76.25em wide, 400 % zoom included) is Material's drawer,
     which only a <label for="__drawer"> opened: the keyboard could not reach it (WCAG 2.1.1).
     The button after that label (overrides/partials/header.html) opens and closes it and says
     which (aria-expanded); opening moves the focus to the drawer's first link, Escape closes it
     and brings the focus back to the button, and so does closing it any other way while the
     focus is inside. Tabbing out of the open drawer closes it, so the focus never sits behind
     its overlay. While closed its links are out of the tab order (portail.css). */
  var drawer = document.getElementById("__drawer");
  var menuButton = document.querySelector(".portail-menu");
  var menu = document.getElementById("portail-menu");

  function shown(node) {
    return node.getClientRects().length > 0 && getComputedStyle(node).visibility === "visible";
  }

  function setMenu(open) {
    if (drawer.checked !== open) drawer.click();  // a click, so that Material sees the change
  }

  if (drawer && menuButton && menu) {
    var narrow = window.matchMedia("(max-width: 76.234375em)");
    var syncMenu = function () {
      menuButton.setAttribute("aria-expanded", String(drawer.checked));
      if (!drawer.checked && menu.contains(document.activeElement)) menuButton.focus();
      // Out of the tab order at once, while it still slides out (its CSS hides it afterwards).
      menu.inert = narrow.matches && !drawer.checked;
    };
    drawer.addEventListener("change", syncMenu);
    syncMenu();
    menuButton.addEventListener("click", function () {
      var open = !drawer.checked;
      setMenu(open);
      if (!open) return;
      var first = Array.prototype.find.call(menu.querySelectorAll(FOCUSABLE), function (node) {
        return node.tabIndex >= 0 && shown(node);
      });
      // The drawer slides in from the side: no scrolling, the drawer's own included.
      if (first) first.focus({ preventScroll: true });
    });
    document.addEventListener("keydown", function (event) {
      if ((event.key === "Escape" || event.key === "Esc") && drawer.checked) {
        setMenu(false);
        menuButton.focus();
      }
    });
    document.addEventListener("focusin", function (event) {
      if (drawer.checked && !menu.contains(event.target) && event.target !== menuButton) setMenu(false);
    });

    /* Inside the drawer, a section or the page's table of contents opens as a panel over its
       parent, and its title (an arrow) goes back: all labels, which Material makes tab stops
       only in part. On narrow screens each of them is one (Material's keys: Enter clicks a
       focused label; Space too, here); on wide ones, where the same labels are headings of
       the side menu, they are left as Material has them. Opening a panel moves the focus to
       its title, going back moves it to the label that opened it. */
    var levelLabels = menu.querySelectorAll("label[for^='__nav_'], label[for='__toc']");
    var syncLabels = function () {
      Array.prototype.forEach.call(levelLabels, function (label) {
        if (!label.hasAttribute("data-portail-tabindex")) {
          label.setAttribute("data-portail-tabindex", label.getAttribute("tabindex") || "");
        }
        var original = label.getAttribute("data-portail-tabindex");
        if (narrow.matches) label.setAttribute("tabindex", "0");
        else if (original) label.setAttribute("tabindex", original);
        else label.removeAttribute("tabindex");
      });
    };
    syncLabels();
    if (narrow.addEventListener) {
      narrow.addEventListener("change", syncLabels);
      narrow.addEventListener("change", syncMenu);
    }
    menu.addEventListener("keydown", function (event) {
      if (event.key === " " && event.target.tagName === "LABEL" && event.target.hasAttribute("for")) {
        event.preventDefault();
        event.target.click();
      }
    });
    menu.addEventListener("change", function (event) {
      var toggle = event.target;
      if (!narrow.matches || !toggle.classList.contains("md-nav__toggle") || !menu.contains(document.activeElement)) return;
      var target = toggle.checked
        ? toggle.parentNode.querySelector(":scope > .md-nav > .md-nav__title")
        : toggle.parentNode.querySelector(":scope > label.md-nav__link, :scope > .md-nav__container > label");
      if (target) target.focus({ preventScroll: true });
    });
  }

  /* A map (an iframe, loading=lazy) far down a phone's page, not loaded yet, took the focus where
     it stood, off-screen and blank, and the next Tab went past it: its controls were skipped
     (WCAG 2.1.1, 2.4.7). Focused, it comes into view and loads at once; the next Tab enters it. */
  function focusedFrame() {
    var frame = document.activeElement;
    if (!frame || frame.tagName !== "IFRAME") return;
    frame.scrollIntoView({ block: "nearest" });
    if (frame.getAttribute("loading") !== "lazy") return;
    frame.setAttribute("loading", "eager");
    frame.addEventListener("load", function () {
      // Again once loaded: closing the search (Tab) puts back the page's scroll meanwhile.
      if (document.activeElement === frame) frame.scrollIntoView({ block: "nearest" });
    }, { once: true });
  }
  // The focus entering a frame blurs this window (the iframe element gets no focus event then).
  window.addEventListener("blur", function () { setTimeout(focusedFrame); });

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

/*
 * Portail CPTS — the agenda stays right between two builds. Whether an event is upcoming or past
 * is decided when the site is built (reproducible builds date it from the last commit); a visitor
 * who comes later would see a finished event still announced as "À venir". Each listed event
 * carries its last day (data-fin: a day, a month or a year); once that day is over on the
 * visitor's clock, the event is shown as past, and it leaves the home page's "Prochains
 * événements". Without JavaScript the build's classification stays, with its date on the page.
 */
(function () {
  "use strict";

  // "2025" → 31 Dec 2025, "2025-05" → 31 May 2025, "2025-05-07" → 7 May 2025 (local time).
  function lastDay(value) {
    var parts = value.split("-").map(Number);
    if (parts.length === 1) {
      return new Date(parts[0], 11, 31);
    }
    if (parts.length === 2) {
      return new Date(parts[0], parts[1], 0);
    }
    return new Date(parts[0], parts[1] - 1, parts[2]);
  }

  function over(item, today) {
    var end = item.getAttribute("data-fin");
    return /^\d{4}(-\d{2}){0,2}$/.test(end) && lastDay(end) < today;
  }

  function markPast(item) {
    item.setAttribute("data-moment", "passe");
    item.classList.remove("evenement-item--a-venir", "evenement-item--en-cours");
    if (item.classList.contains("evenement-item")) {
      item.classList.add("evenement-item--passe");
    }
    var badge = item.querySelector(".evenement-item__etat .evenement-badge, .evenement-etat .evenement-badge");
    if (badge) {
      badge.className = "evenement-badge evenement-badge--passe";
      badge.textContent = "Passé";
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var today = new Date();
    today.setHours(0, 0, 0, 0);
    var items = document.querySelectorAll(
      ".evenement-item[data-fin]:not([data-moment='passe']), .evenement-fiche[data-fin]:not([data-moment='passe'])");
    Array.prototype.forEach.call(items, function (item) {
      if (!over(item, today)) {
        return;
      }
      if (item.closest("[data-prochains]")) {
        item.hidden = true;   // "Prochains événements" lists only what is still to come
      } else {
        markPast(item);
      }
    });
  });
})();

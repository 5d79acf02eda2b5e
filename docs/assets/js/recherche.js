/* Site search in the header box (overrides/partials/search.html), on Pagefind's static index
   (macros/build/pagefind_index.py). Nothing of it is downloaded until the visitor uses the search:
   focusing the box loads pagefind/pagefind.js and its WebAssembly engine; each query then loads
   the index chunk holding its words and the fragments of the results shown (five, then ten more at a time).
   No request leaves the site.

   The box, its results and their keys are Material's (its classes, so its look): a focus on the
   box opens it; Up and Down move between the box and the results; Enter, or the button next to
   "Effacer", opens the first result; Escape and Tab close it; "/", "s" or "f" elsewhere on the
   page go to the box. The number of results is announced (aria-live). Accents, elisions and
   French word endings are Pagefind's: « acces », « l'accès » and « accès » find the same pages. */
(function () {
  "use strict";

  var box = document.querySelector("[data-portail-recherche]");
  var toggle = document.getElementById("__search");
  if (!box || !toggle) return;
  var form = box.querySelector("form");
  var input = box.querySelector(".md-search__input");
  var meta = box.querySelector(".md-search-result__meta");
  var list = box.querySelector(".md-search-result__list");
  var more = box.querySelector(".portail-recherche-plus");
  // Results whose fragments are loaded at once: the first five (what the box shows without
  // scrolling), then ten more per click on the button after the list.
  var FIRST = 5, PAGE = 10;
  var SECTIONS = 2;     // sections of a page listed under it
  /* A query runs once typing pauses: each prefix typed would load its own part of the index and
     the fragments of its results. While the word being typed is short (« IA », or the "n" of
     « soins n… ») the pause must be longer: a one- or two-letter prefix spans several chunks. */
  var WAIT = 120, WAIT_SHORT = 400, SHORT = 3;  // ms, ms, characters

  var config = {};
  try { config = JSON.parse(document.getElementById("__config").textContent); } catch (e) { /* defaults */ }
  var words = config.translations || {};
  var base = new URL(String(config.base || ".").replace(/\/?$/, "/"), location.href);

  function say(key, count) {
    var fallback = {
      "search.result.placeholder": "Saisissez votre recherche",
      "search.result.none": "Aucun document trouvé",
      "search.result.one": "1 document trouvé",
      "search.result.other": "# documents trouvés"
    };
    return String(words[key] || fallback[key]).replace("#", count);
  }

  /* ------------------------------------------------------------------ engine, on first use */
  var engine = null;

  function load() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", base).href).then(function (pagefind) {
        // noWorker: Pagefind's search of one small chunk is quick; its worker would be one more download.
        return Promise.resolve(pagefind.options({ baseUrl: base.pathname, excerptLength: 24, noWorker: true }))
          .then(function () { return pagefind.init(); })
          .then(function () { return pagefind; });
      });
      engine.catch(function () { engine = null; });  // offline for a moment: try again next time
    }
    return engine;
  }

  /* ------------------------------------------------------------------ rendering */
  function element(tag, className) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    return node;
  }

  /* Pagefind's excerpts are text with <mark> around the words found: keep exactly that, as
     text and <mark> elements (parsed in an inert template, so no markup can run or load). */
  function appendMarked(target, html) {
    var template = document.createElement("template");
    template.innerHTML = html || "";
    (function copy(from, into) {
      Array.prototype.forEach.call(from.childNodes, function (child) {
        if (child.nodeType === 3) {
          into.appendChild(document.createTextNode(child.nodeValue));
        } else if (child.nodeType === 1 && child.tagName === "MARK") {
          copy(child, into.appendChild(element("mark")));
        } else if (child.nodeType === 1) {
          copy(child, into);
        }
      });
    })(template.content, target);
    return target;
  }

  function link(url, heading, title, excerpt, label) {
    var a = element("a", "md-search-result__link");
    a.href = url;
    a.tabIndex = -1;  // reached with the arrow keys, as in Material
    var article = a.appendChild(element("article", "md-search-result__article md-typeset"));
    if (heading === "h1") article.appendChild(element("div", "md-search-result__icon md-icon"));
    appendMarked(article.appendChild(element(heading)), title);
    if (label) article.appendChild(element("p", "portail-recherche-type")).textContent = label;
    if (excerpt) appendMarked(article.appendChild(element("p")), excerpt);
    return a;
  }

  function item(data) {
    var li = element("li", "md-search-result__item");
    var meta = data.meta || {};
    var label = [meta.type, meta.region].filter(Boolean).join(" · ");
    var title = meta.title || data.url;
    li.appendChild(link(data.url, "h1", title, data.excerpt, label));
    (data.sub_results || []).filter(function (sub) {
      return sub.anchor && sub.url !== data.url && sub.title !== title;
    }).slice(0, SECTIONS).forEach(function (sub) {
      li.appendChild(link(sub.url, "h2", sub.title, sub.excerpt));
    });
    return li;
  }

  /* ------------------------------------------------------------------ searching */
  var current = null;  // {query, results, shown}
  var serial = 0;      // the latest query: answers to older ones are dropped
  var timer = null;
  var openFirst = false;

  function reset(text) {
    current = null;
    list.textContent = "";
    more.hidden = true;
    meta.textContent = text;
  }

  function showMore(mine) {
    var next = current.results.slice(current.shown, current.shown + (current.shown ? PAGE : FIRST));
    return Promise.all(next.map(function (result) { return result.data(); })).then(function (pages) {
      if (mine !== serial) return;
      if (current.shown === 0) {  // a new query: its results replace the previous ones at once
        var count = current.results.length;
        list.textContent = "";
        meta.textContent = say(count === 0 ? "search.result.none" : count === 1 ? "search.result.one" : "search.result.other", count);
      }
      pages.forEach(function (data) { list.appendChild(item(data)); });
      current.shown += pages.length;
      var left = current.results.length - current.shown;
      more.hidden = left <= 0;
      var next = Math.min(left, PAGE);
      if (next > 0) more.textContent = next === 1 ? "Afficher 1 résultat de plus" : "Afficher " + next + " résultats de plus";
      box.setAttribute("data-portail-recherche", current.query);  // what is shown (tests, bench)
      if (openFirst) {
        openFirst = false;
        submit();
      }
    });
  }

  function run() {
    clearTimeout(timer);
    var query = input.value.trim();
    var mine = ++serial;
    if (!query) {
      reset(say("search.result.placeholder"));
      return;
    }
    load().then(function (pagefind) {
      return pagefind.search(query);
    }).then(function (search) {
      // Still typing: the fragments of these results would be downloaded for nothing.
      if (mine !== serial || !search || input.value.trim() !== query) return;
      current = { query: query, results: search.results, shown: 0 };
      return showMore(mine);
    }).catch(function () {
      if (mine === serial) reset("La recherche n'a pas pu être chargée : vérifiez la connexion puis réessayez.");
    });
  }

  /* ------------------------------------------------------------------ opening and keys */
  function setOpen(open) {
    if (toggle.checked !== open) toggle.click();  // a click, so that Material sees the change
  }

  function submit() {
    var first = list.querySelector(".md-search-result__link");
    if (first) {
      first.click();
    } else if (input.value.trim() && (timer !== null || serial && !current)) {
      openFirst = true;  // Enter before the results came: open the first one when they do
    } else {
      input.focus();
    }
  }

  function syncList() {
    list.hidden = !toggle.checked;
  }

  function typing(node) {
    return node && (node.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(node.tagName));
  }

  input.addEventListener("focus", function () {
    setOpen(true);
    load();  // fetch the engine while the visitor types
  });
  input.addEventListener("input", function () {
    clearTimeout(timer);
    var typed = input.value.split(/\s+/).pop();  // the word being typed ("" after a space)
    timer = setTimeout(function () { timer = null; run(); }, typed.length < SHORT ? WAIT_SHORT : WAIT);
  });
  toggle.addEventListener("change", function () {
    syncList();
    // Closed by something else (Material closes the search 125 ms after a page opens at an
    // anchor, even if « s » opened it meanwhile): a closed search must not keep the focus, or
    // what is typed next goes to a hidden list; « s » opens it again.
    if (!toggle.checked && document.activeElement === input) input.blur();
  });
  syncList();
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    submit();
  });
  form.addEventListener("reset", function () {
    serial++;
    reset(say("search.result.placeholder"));
    setTimeout(function () { input.focus(); });
  });
  more.addEventListener("click", function () {
    if (!current) return;
    var shown = list.children.length;
    showMore(serial).then(function () {
      var first = list.children[shown] && list.children[shown].querySelector(".md-search-result__link");
      if (first) first.focus();
    });
  });
  box.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("a[href]")) setOpen(false);
  });
  document.querySelectorAll(".md-header [for='__search']").forEach(function (label) {
    label.addEventListener("click", function () { setTimeout(function () { input.focus(); }); });
  });

  window.addEventListener("keydown", function (event) {
    if (event.metaKey || event.ctrlKey || event.altKey) return;
    var active = document.activeElement;
    if (!toggle.checked) {
      if ((event.key === "/" || event.key === "s" || event.key === "f") && !typing(active)) {
        event.preventDefault();
        input.focus();
        input.select();
      }
      return;
    }
    switch (event.key) {
      case "Escape":
      case "Tab":
        setOpen(false);
        input.blur();
        break;
      case "ArrowUp":
      case "ArrowDown":
        var stops = [input].concat(Array.prototype.slice.call(list.querySelectorAll(".md-search-result__link")));
        if (!more.hidden) stops.push(more);
        var at = Math.max(0, stops.indexOf(active));
        stops[(at + stops.length + (event.key === "ArrowUp" ? -1 : 1)) % stops.length].focus();
        event.preventDefault();
        break;
      case "Enter":
      case " ":
        break;  // the focused link or button does its own job; in the box, the form is submitted
      default:
        if (active !== input && event.key.length === 1) input.focus();
    }
  });

  // A link to the site with ?q=… opens the search with that query, as Material's did.
  var asked = new URL(location.href).searchParams.get("q");
  if (asked) {
    input.value = asked;
    input.focus();
    run();
  }
})();

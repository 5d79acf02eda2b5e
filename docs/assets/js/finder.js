/* Commune finder ("Trouver ma CPTS"): a WAI-ARIA 1.2 combobox with a listbox popup, over the
 * compact index donnees/finder-index.json (its format is described in macros/finder.py).
 *
 * Progressive enhancement: the widget is hidden in the HTML and revealed here; without
 * JavaScript the page offers links instead. The index is fetched once, on first use, and is the
 * only request this script makes. Wording comes from the fragment's <template> elements
 * (overrides/fragments/finder.html); data reaches the page through textContent only.
 *
 * window.PortailFinder exposes the pure part (decode, words, search) for the tests.
 */
(function () {
  "use strict";

  var MAX_OPTIONS = 25;
  var COMMUNE = "commune", ARRONDISSEMENT = "arrondissement", ANCIENNE = "ancienne";
  var NONE = [];  // shared by the many places without postal code or CPTS: less garbage at load

  /* ---------- decoding the index ---------- */

  function pad(number, width) {
    var text = String(number);
    while (text.length < width) text = "0" + text;
    return text;
  }

  function split(text, separator) {
    return text === "" ? [] : text.split(separator);
  }

  // Names are front-coded: chr(48 + n) = "n first characters of the previous name".
  function decodeNames(column) {
    var previous = "";
    return split(column, "|").map(function (token) {
      previous = previous.slice(0, token.charCodeAt(0) - 48) + token.slice(1);
      return previous;
    });
  }

  // Codes are deltas of the numeric suffix (empty = 1); "!" + code is written in full.
  function decodeCodes(column, dep, count) {
    var width = 5 - dep.length, previous = 0;
    if (!count) return [];
    return column.split(",").map(function (token) {
      if (token.charAt(0) === "!") return token.slice(1);
      previous += token === "" ? 1 : Number(token);
      return dep + pad(previous, width);
    });
  }

  function decodePostcodes(column, prefix, count) {
    var previous = NONE;
    if (!count) return [];
    return column.split(",").map(function (token) {
      if (token === "=") return previous;  // same as the place before
      if (token === "") previous = NONE;
      else if (token.indexOf(" ") < 0) previous = [token.length === 5 ? token : prefix + token];
      else previous = token.split(" ").map(function (code) { return code.length === 5 ? code : prefix + code; });
      return previous;
    });
  }

  // One constructor, so that the 37,000 places share one shape (faster to build and to scan).
  function Place(code, nom, dep, kind, parent, postaux, rank, main) {
    this.code = code;
    this.nom = nom;
    this.dep = dep;
    this.kind = kind;
    this.parent = parent;
    this.postaux = postaux;
    this.cpts = NONE;
    this.nearest = null;
    this.km = null;
    this.rank = rank;
    this.main = main;
    this.key = "";
    this.bare = "";
    this.alt = "";
  }

  function setCoverage(place, token) {
    if (token.charAt(0) !== "~") {
      place.cpts = token.split(".").map(Number);
    } else if (token !== "~") {
      var colon = token.indexOf(":");
      place.nearest = Number(token.slice(1, colon));
      place.km = Number(token.slice(colon + 1)) * 10;
    }
  }

  function decodeParent(token, code, dep) {
    if (token === "") return code;
    if (token.charAt(0) === "!") return token.slice(1);
    return dep + pad(Number(token), 5 - dep.length);
  }

  // The index stores the CPTS as columns ({slug: [...], nom: [...], ...}: smaller once gzipped);
  // the page reads them as one object per CPTS.
  function cptsRows(columns) {
    var names = Object.keys(columns);
    return (columns.slug || []).map(function (_, i) {
      var row = {};
      names.forEach(function (name) { row[name] = columns[name][i]; });
      return row;
    });
  }

  function decodeZone(index, columns, z, parentOf, places) {
    var dep = index.zones[z];
    var names = decodeNames(columns.n[z]);
    var codes = decodeCodes(columns.c[z], dep, names.length);
    var postcodes = decodePostcodes(columns.p[z], index.postal_prefixes[dep] || dep, names.length);
    var coverage = split(columns.k[z], ","), ranks = columns.r[z];
    names.forEach(function (nom, i) {
      var parent = parentOf[codes[i]] || null;
      // The class as a digit, or as a letter ("a" = 0) for the main commune of a shared postal code.
      var rank = ranks.charCodeAt(i) - 48, main = rank >= 49;
      var place = new Place(codes[i], nom, dep, parent ? ARRONDISSEMENT : COMMUNE, parent, postcodes[i],
        main ? rank - 49 : rank, main);
      setCoverage(place, coverage[i]);
      places.push(place);
    });
    var formerNames = decodeNames(columns.an[z]);
    var formerCodes = decodeCodes(columns.ac[z], dep, formerNames.length);
    var parents = formerNames.length ? columns.ap[z].split(",") : [];
    formerNames.forEach(function (nom, i) {
      places.push(new Place(formerCodes[i], nom, dep, ANCIENNE, decodeParent(parents[i], formerCodes[i], dep), NONE, 0, false));
    });
  }

  /* ---------- folding names and queries ---------- */

  var ORDINAL = /^(\d+)(?:er|re|ere|e|eme|em|me|nd|nde)$/;
  var ABBREVIATIONS = { st: "saint", ste: "sainte", sts: "saints", stes: "saintes" };
  var ARTICLES = { le: true, la: true, les: true, l: true };

  var NON_ASCII = /[^\x00-\x7f]/;

  // "L'Île-Rousse" -> ["l", "ile", "rousse"]; "19e" and "19ème" -> "19". Runs on every name at
  // load time: the costly Unicode normalisation is skipped for plain ASCII names. ``ordinals``,
  // if given, receives true at the position of each word written as an ordinal ("1er").
  function words(text, ordinals) {
    var plain = String(text).toLowerCase();
    if (NON_ASCII.test(plain)) {
      plain = plain.replace(/œ/g, "oe").replace(/æ/g, "ae").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
    }
    var parts = plain.split(/[^a-z0-9]+/), out = [];
    for (var i = 0; i < parts.length; i++) {
      var word = parts[i];
      if (!word) continue;
      var code = word.charCodeAt(0);
      if (code >= 48 && code <= 57) {
        var ordinal = ORDINAL.exec(word);
        if (ordinal) word = String(Number(ordinal[1]));
        if (ordinal && ordinals) ordinals[out.length] = true;
      }
      out.push(word);
    }
    return out;
  }

  function hasArticle(list) {
    return list.length > 1 && ARTICLES[list[0]] === true;
  }

  function padded(list, from) {
    return " " + (from ? list.slice(from) : list).join(" ") + " ";
  }

  // People type "lisle adam" for L'Isle-Adam and "villeneuve dascq" for Villeneuve-d'Ascq: the
  // elided l' or d' glued to the next word; "" for the many names without one.
  function glued(list) {
    var out = [], changed = false;
    for (var i = 0; i < list.length; i++) {
      if ((list[i] === "l" || list[i] === "d") && i + 1 < list.length) {
        out.push(list[i] + list[i + 1]);
        i += 1;
        changed = true;
      } else {
        out.push(list[i]);
      }
    }
    return changed ? padded(out, 0) : "";
  }

  // Search keys are computed here, once, rather than stored in the index next to the names:
  // key = " l ile rousse ", bare = the same without a leading article (" ile rousse "),
  // alt = elisions glued (" lile rousse ").
  function prepare(place) {
    var list = words(place.nom);
    for (var i = 0; i < list.length; i++) list[i] = ABBREVIATIONS[list[i]] || list[i];
    place.key = padded(list, 0);
    place.bare = hasArticle(list) ? padded(list, 1) : place.key;
    place.alt = glued(list);
  }

  // "Saint-Denis Réunion": a département named after the commune narrows it, as its code does.
  function departementKeys(departements) {
    var keys = {};
    Object.keys(departements).forEach(function (code) {
      var list = words(departements[code]);
      keys[padded(list, hasArticle(list) ? 1 : 0)] = code;
    });
    return keys;
  }

  // Suggestions list big communes first and former communes last; the search's stable sort
  // keeps this order. Places arrive sorted by département and INSEE code, so a stable bucket
  // per population class is enough (no sort at load time), and a city's arrondissements, which
  // share its class and follow its code, come right after it.
  function byPopulation(places) {
    var buckets = [], i;
    for (i = 0; i <= 10; i++) buckets.push([]);  // classes 9 to 0 (one digit), then former communes
    for (i = 0; i < places.length; i++) {
      var place = places[i];
      buckets[place.kind === ANCIENNE ? 10 : 9 - place.rank].push(place);
    }
    return Array.prototype.concat.apply([], buckets);
  }

  function decode(index) {
    if (index.format !== 3) throw new Error("Format d'index inconnu : " + index.format);
    var columns = {};
    Object.keys(index.columns).forEach(function (name) { columns[name] = index.columns[name].split("#"); });
    var parentOf = {};
    Object.keys(index.arrondissements).forEach(function (city) {
      index.arrondissements[city].forEach(function (code) { parentOf[code] = city; });
    });
    var places = [];
    index.zones.forEach(function (dep, z) { decodeZone(index, columns, z, parentOf, places); });
    var byCode = {};
    places.forEach(function (place) {
      prepare(place);
      if (place.kind !== ANCIENNE) byCode[place.code] = place;
    });
    return {
      places: byPopulation(places), byCode: byCode, cpts: cptsRows(index.cpts), statuts: index.statuts, offres: index.offres,
      precisions: index.precisions, departements: index.departements,
      departementKeys: departementKeys(index.departements),
      arrondissements: index.arrondissements, appuis: index.appuis || []
    };
  }

  /* ---------- searching ---------- */

  // CEDEX codes (and "Cedex 15") address the mail of firms and administrations: no commune has one.
  var CEDEX = /\bcedex\b(\s*\d{1,2}\b)?/gi;
  var WHOLE_CODE = /^(\d{5}|2[ab]\d{3})$/;   // a postal or INSEE code typed next to a name
  var DEPARTEMENT_CODE = /^(\d{2,3}|2[ab])$/;
  var MAX_SUGGESTIONS = 8;

  // "Paris 1er" names one arrondissement: an ordinal only matches a whole word (not 10e to 19e).
  // "Les Saintes-Maries-de-la-Mer": ``loose`` reads the query again without its article, for
  // official names that have none.
  function nameQuery(list, ordinals) {
    var expanded = list.map(function (w) { return ABBREVIATIONS[w] || w; });
    var article = hasArticle(expanded);
    return {
      // "st" may be "saint" or the start of "Stenay": both are tried.
      tokens: list.map(function (w, i) {
        if (ordinals[i]) return [w + " "];
        return ABBREVIATIONS[w] ? [ABBREVIATIONS[w], w] : [w];
      }),
      key: padded(expanded, 0),
      bare: padded(expanded, article ? 1 : 0),
      loose: article ? nameQuery(list.slice(1), ordinals.slice(1)) : null
    };
  }

  // The ways to read a name query, most literal first: every word as part of the name; a
  // département code among the words ("Saint Denis 93", but "Marseille 13" may also be the 13e);
  // a département's name at the end ("Saint-Denis Réunion"). A postal or INSEE code narrows them all.
  function readings(list, ordinals, model) {
    var name = [], flags = [], code = null, found = [];
    list.forEach(function (word, i) {
      if (WHOLE_CODE.test(word)) code = code || word.toUpperCase();
      else { name.push(word); flags.push(!!ordinals[i]); }
    });
    function add(kept, keptFlags, dep) {
      if (kept.length) found.push({ query: nameQuery(kept, keptFlags), code: code, dep: dep });
    }
    add(name, flags, null);
    name.forEach(function (word, i) {
      var dep = word.toUpperCase();
      if (!flags[i] && DEPARTEMENT_CODE.test(word) && model.departements[dep]) {
        add(name.slice(0, i).concat(name.slice(i + 1)), flags.slice(0, i).concat(flags.slice(i + 1)), dep);
      }
    });
    for (var k = 1; k < name.length && k <= 4; k++) {
      var dep = model.departementKeys[padded(name.slice(-k), 0)];
      if (dep) add(name.slice(0, -k), flags.slice(0, -k), dep);
    }
    return found;
  }

  function parseQuery(text, model) {
    var raw = String(text);
    var cedex = /cedex/i.test(raw);
    if (cedex) raw = raw.replace(CEDEX, " ");
    // "75 015", "75-015", "(75015)": a code typed with separators.
    var compact = raw.replace(/[\s.()-]+/g, "").toUpperCase();
    if (/^(\d{1,5}|2[AB]\d{0,3})$/.test(compact)) {
      // "6000" for Nice: a postal code whose leading zero was left out (read as a number).
      return { code: compact, zeroed: /^\d{4}$/.test(compact) ? "0" + compact : null, cedex: cedex };
    }
    var ordinals = [], list = words(raw, ordinals);
    if (!list.length) return null;
    return { readings: readings(list, ordinals, model), cedex: cedex };
  }

  // 0 exact name; then fewer query words that only prefix a word; then names that start with
  // the query. -1: no match (every query word must start a word of the name).
  function keyScore(key, bare, query) {
    var partial = 0;
    for (var i = 0; i < query.tokens.length; i++) {
      var alternatives = query.tokens[i], found = false, whole = false;
      for (var j = 0; j < alternatives.length; j++) {
        var probe = " " + alternatives[j];
        if (key.indexOf(probe) >= 0) {
          found = true;
          if (probe.charAt(probe.length - 1) === " " || key.indexOf(probe + " ") >= 0) whole = true;
        }
      }
      if (!found) return -1;
      if (!whole) partial += 1;
    }
    if (key === query.key || bare === query.bare) return 0;
    var starts = key.indexOf(query.key.slice(0, -1)) === 0 || bare.indexOf(query.bare.slice(0, -1)) === 0;
    return 1 + 2 * partial + (starts ? 0 : 1);
  }

  function better(a, b) {
    return a < 0 ? b : b < 0 ? a : Math.min(a, b);
  }

  function nameScore(place, query) {
    var best = keyScore(place.key, place.bare, query);
    if (place.alt) best = better(best, keyScore(place.alt, place.alt, query));
    if (query.loose) {
      var loose = nameScore(place, query.loose);
      if (loose >= 0) best = better(best, loose + 1);  // the article typed is not in the name
    }
    return best;
  }

  // 0 postal code (what most people type), 1 INSEE code, 2 start of a postal code, 3 start of
  // an INSEE code. ``zeroed``: the code with the leading zero it lacked, matched whole only.
  function codeScore(place, code, zeroed) {
    var best = place.code === code ? 1 : place.code.indexOf(code) === 0 ? 3 : -1;
    for (var i = 0; i < place.postaux.length && best !== 0; i++) {
      var postal = place.postaux[i];
      var score = postal === code || postal === zeroed ? 0 : postal.indexOf(code) === 0 ? 2 : -1;
      if (score >= 0 && (best < 0 || score < best)) best = score;
    }
    if (zeroed && place.code === zeroed && (best < 0 || best > 1)) best = 1;
    return best;
  }

  // For a shared postal code, the main commune first: largest population class, then the one
  // the index marks as the most populous of its class; an arrondissement before its city, which
  // shares its class (75015: Paris 15e, then Paris).
  function byCodeRank(a, b) {
    return (a.score - b.score) || (b.place.rank - a.place.rank) || (b.place.main - a.place.main) ||
      ((a.place.kind === ARRONDISSEMENT ? 0 : 1) - (b.place.kind === ARRONDISSEMENT ? 0 : 1));
  }

  function searchCode(model, query) {
    var found = [];
    model.places.forEach(function (place) {
      var score = codeScore(place, query.code, query.zeroed);
      if (score >= 0) found.push({ place: place, score: score });
    });
    return found.sort(byCodeRank);
  }

  function codeDepartements(code) {
    if (/^2[AB]/.test(code)) return [code.slice(0, 2)];
    if (code.slice(0, 2) === "20") return ["2A", "2B"];
    if (/^9[78]/.test(code)) return [code.slice(0, 3)];
    return [code.slice(0, 2)];
  }

  function hasCode(model, place, code) {
    var own = place.kind === ANCIENNE ? model.byCode[place.parent] || place : place;
    return place.code === code || own.code === code || own.postaux.indexOf(code) >= 0;
  }

  // A code typed with the name keeps the places that have it; failing that (a CEDEX code, an old
  // code), those of the département it starts with.
  function narrow(model, reading, hits) {
    if (!reading.code) return hits;
    var exact = hits.filter(function (h) { return hasCode(model, h.place, reading.code); });
    // "Paris 75015": the arrondissement that has this code, not the whole city (which has them all).
    var cities = {};
    exact.forEach(function (h) { if (h.place.kind === ARRONDISSEMENT) cities[h.place.parent] = true; });
    exact = exact.filter(function (h) { return !(h.place.kind === COMMUNE && cities[h.place.code]); });
    if (exact.length) return exact;
    var deps = codeDepartements(reading.code);
    return hits.filter(function (h) { return deps.indexOf(h.place.dep) >= 0; });
  }

  function matchReading(model, reading, score) {
    var hits = [];
    model.places.forEach(function (place, i) {
      if (reading.dep && place.dep !== reading.dep) return;
      var s = score(place, reading);
      if (s >= 0) hits.push({ place: place, score: s, i: i });
    });
    return narrow(model, reading, hits);
  }

  // Optimal string alignment distance (a letter wrong, missing, extra, or two swapped), given
  // up as soon as it must exceed ``max``.
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var before = null, previous = [], i, j;
    for (j = 0; j <= b.length; j++) previous.push(j);
    for (i = 1; i <= a.length; i++) {
      var row = [i], lowest = i;
      for (j = 1; j <= b.length; j++) {
        var value = Math.min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1));
        if (before && j > 1 && a.charCodeAt(i - 1) === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === b.charCodeAt(j - 1)) {
          value = Math.min(value, before[j - 2] + 1);
        }
        row.push(value);
        if (value < lowest) lowest = value;
      }
      if (lowest > max) return max + 1;
      before = previous;
      previous = row;
    }
    return previous[b.length];
  }

  // "Besancob", "Parisss": names within one or two typos of the whole query, among those that
  // share its first letter (a few thousand short comparisons, once nothing else matched).
  function typoScore(place, reading) {
    var typed = reading.query.key.slice(1, -1);
    var max = typed.length < 4 ? 0 : typed.length < 6 ? 1 : 2, best = max + 1;
    if (!max) return -1;
    [place.key, place.bare, place.alt].forEach(function (key) {
      if (key && key.charAt(1) === typed.charAt(0)) best = Math.min(best, distance(typed, key.slice(1, -1), max));
    });
    return best <= max ? best : -1;
  }

  function searchNames(model, query) {
    var found = [], seen = {};
    query.readings.forEach(function (reading, r) {
      matchReading(model, reading, function (place, rd) { return nameScore(place, rd.query); }).forEach(function (hit) {
        if (seen[hit.i]) return;
        seen[hit.i] = true;
        found.push({ place: hit.place, score: 100 * r + hit.score });
      });
    });
    // Stable sort: equal scores keep the population order of model.places.
    return found.sort(function (a, b) { return a.score - b.score; });
  }

  function searchTypos(model, query) {
    for (var r = 0; r < query.readings.length; r++) {
      var hits = matchReading(model, query.readings[r], typoScore);
      if (hits.length) return hits.sort(function (a, b) { return a.score - b.score; }).slice(0, MAX_SUGGESTIONS);
    }
    return [];
  }

  // matches: the places to offer; total: how many matched; suggestions: true when they are
  // only close spellings; cedex: a CEDEX code was typed, or a whole code no commune has.
  function search(model, text, limit) {
    var query = parseQuery(text, model);
    if (!query) return { matches: [], total: 0, suggestions: false, cedex: false };
    var found = query.code ? searchCode(model, query) : searchNames(model, query), suggestions = false;
    if (!found.length && !query.code) {
      found = searchTypos(model, query);
      suggestions = found.length > 0;
    }
    return {
      matches: found.slice(0, limit || MAX_OPTIONS).map(function (f) { return f.place; }),
      total: found.length,
      suggestions: suggestions,
      cedex: query.cedex || (!found.length && !!query.code && query.code.length === 5)
    };
  }

  window.PortailFinder = { decode: decode, words: words, search: search };

  /* ---------- the widget ---------- */

  function Finder(root) {
    this.root = root;
    this.input = root.querySelector("[role=combobox]");
    this.listbox = document.getElementById(this.input.getAttribute("aria-controls"));
    this.status = root.querySelector("[role=status]");
    this.output = root.querySelector("[data-finder-resultat]");
    this.cptsBase = root.getAttribute("data-cpts-base");
    this.appuisBase = root.getAttribute("data-appuis-base") || "";
    this.templates = {};
    this.messages = {};
    this.model = null;
    this.loading = null;
    this.options = [];
    this.active = -1;
    var self = this;
    root.querySelectorAll("template[data-modele]").forEach(function (t) { self.templates[t.getAttribute("data-modele")] = t; });
    this.templates.messages.content.querySelectorAll("[data-message]").forEach(function (m) {
      self.messages[m.getAttribute("data-message")] = m.textContent;
    });
    this.contactTypes = {};
    this.templates["types-contact"].content.querySelectorAll("[data-type]").forEach(function (m) {
      self.contactTypes[m.getAttribute("data-type")] = m.textContent;
    });
    this.bind();
    root.hidden = false;
    // On the finder's own page the visitor came to search: fetch at once. Elsewhere (home page)
    // wait for a sign of interest (focus, pointer) so that other visitors do not pay for it.
    if (root.hasAttribute("data-precharger")) this.load();
  }

  Finder.prototype.message = function (name, values) {
    return this.messages[name].replace(/\{(\w+)\}/g, function (all, key) { return values && key in values ? values[key] : all; });
  };

  Finder.prototype.say = function (text) {
    this.status.textContent = text;
  };

  Finder.prototype.bind = function () {
    var self = this;
    this.input.addEventListener("input", function () { self.update(); });
    this.input.addEventListener("keydown", function (event) { self.onKey(event); });
    this.input.addEventListener("focus", function () { self.load(); });
    this.input.addEventListener("blur", function () { self.close(); });
    this.root.addEventListener("pointerenter", function () { self.load(); });
    // The visible "Rechercher" button (and Enter when no suggestion is listed) submit the form:
    // the best suggestion for the text typed is shown, without going through the list.
    var form = this.root.querySelector("[data-finder-formulaire]");
    if (form) form.addEventListener("submit", function (event) { event.preventDefault(); self.submit(); });
    // mousedown would move the focus out of the input and close the list before the click.
    this.listbox.addEventListener("mousedown", function (event) { event.preventDefault(); });
    this.listbox.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) self.choose(Number(option.getAttribute("data-index")));
    });
  };

  Finder.prototype.load = function () {
    var self = this;
    if (this.loading) return this.loading;
    this.loading = fetch(this.root.getAttribute("data-index"), { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (index) {
        self.model = decode(index);
        self.root.setAttribute("data-pret", "");
        if (self.input.value.trim()) self.update();
      })
      .catch(function (error) {
        self.say(self.message("erreur"));
        if (window.console) console.error("Trouver ma CPTS :", error);
      });
    return this.loading;
  };

  Finder.prototype.update = function () {
    var text = this.input.value;
    if (!text.trim()) {
      this.close();
      this.say("");
      return;
    }
    if (!this.model) {
      this.say(this.message("chargement"));
      this.load();
      return;
    }
    var result = search(this.model, text);
    this.options = result.matches;
    this.renderOptions();
    this.say(this.summary(result, text.trim()));
  };

  // What the status says about the suggestions listed for ``typed``.
  Finder.prototype.summary = function (result, typed) {
    var self = this, said;
    if (!result.total) {
      return this.message(result.cedex ? "code-inconnu" : "aucune-proposition", { saisie: typed });
    }
    if (result.suggestions) {
      var names = result.matches.slice(0, 3).map(function (p) { return p.nom + " (" + p.dep + ")"; });
      said = this.message("suggestions", { saisie: typed, noms: names.join(", ") });
    } else {
      said = result.total === 1 ? this.message("une-proposition") : this.message("propositions", { nombre: result.matches.length });
      if (result.total > result.matches.length) said += " " + this.message("plus", { nombre: result.matches.length });
    }
    if (result.cedex) said += " " + self.message("cedex");
    return said;
  };

  Finder.prototype.optionId = function (i) {
    return this.listbox.id + "-" + i;
  };

  Finder.prototype.renderOptions = function () {
    var self = this;
    var fragment = document.createDocumentFragment();
    this.options.forEach(function (place, i) {
      var li = document.createElement("li");
      li.id = self.optionId(i);
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.setAttribute("data-index", String(i));
      li.className = "finder__option";
      var name = document.createElement("span");
      name.className = "finder__option-nom";
      name.textContent = place.nom;
      var detail = document.createElement("span");
      detail.className = "finder__option-detail";
      detail.textContent = " — " + self.describe(place);
      li.appendChild(name);
      li.appendChild(detail);
      fragment.appendChild(li);
    });
    this.listbox.textContent = "";
    this.listbox.appendChild(fragment);
    this.active = -1;
    this.input.removeAttribute("aria-activedescendant");
    if (this.options.length) this.open(); else this.close();
  };

  Finder.prototype.departement = function (code) {
    return this.model.departements[code] + " (" + code + ")";
  };

  Finder.prototype.describe = function (place) {
    var parts = [];
    if (place.kind === ANCIENNE) parts.push(this.message("ancienne", { commune: this.model.byCode[place.parent].nom }));
    if (place.kind === ARRONDISSEMENT) parts.push(this.message("arrondissement", { commune: this.model.byCode[place.parent].nom }));
    parts.push(this.departement(place.dep));
    if (place.postaux.length) parts.push(place.postaux.slice(0, 3).join(", ") + (place.postaux.length > 3 ? "…" : ""));
    return parts.join(" · ");
  };

  Finder.prototype.open = function () {
    this.listbox.hidden = false;
    this.input.setAttribute("aria-expanded", "true");
  };

  Finder.prototype.close = function () {
    // Only the active option may be selected: a closed list has none (↓ after Échap, or after a
    // choice, would otherwise leave two options selected).
    this.unselect();
    this.listbox.hidden = true;
    this.input.setAttribute("aria-expanded", "false");
    this.input.removeAttribute("aria-activedescendant");
    this.active = -1;
  };

  Finder.prototype.isOpen = function () {
    return this.input.getAttribute("aria-expanded") === "true";
  };

  Finder.prototype.unselect = function () {
    this.listbox.querySelectorAll("[aria-selected=true]").forEach(function (option) {
      option.setAttribute("aria-selected", "false");
    });
  };

  Finder.prototype.highlight = function (i) {
    this.unselect();
    this.active = i;
    var option = document.getElementById(this.optionId(i));
    option.setAttribute("aria-selected", "true");
    this.input.setAttribute("aria-activedescendant", option.id);
    // Keep the highlighted option visible inside the scrolling list...
    var top = option.offsetTop, bottom = top + option.offsetHeight;
    if (top < this.listbox.scrollTop) this.listbox.scrollTop = top;
    else if (bottom > this.listbox.scrollTop + this.listbox.clientHeight) this.listbox.scrollTop = bottom - this.listbox.clientHeight;
    // ...and inside the window: on a phone (320 × 640) the list runs past the bottom of the screen,
    // and the highlighted option went out of sight (WCAG 2.4.7). The page moves just enough,
    // below Material's fixed header.
    var rect = option.getBoundingClientRect();
    var header = document.querySelector(".md-header");
    var ceiling = header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
    if (rect.bottom > window.innerHeight) window.scrollBy(0, rect.bottom - window.innerHeight + 8);
    else if (rect.top < ceiling) window.scrollBy(0, rect.top - ceiling - 8);
  };

  Finder.prototype.onKey = function (event) {
    var count = this.options.length;
    switch (event.key) {
      case "ArrowDown":
      case "Down":
        if (!count) return;
        event.preventDefault();
        if (!this.isOpen()) { this.open(); if (event.altKey) return; }
        this.highlight(this.active < count - 1 ? this.active + 1 : 0);
        break;
      case "ArrowUp":
      case "Up":
        if (!count) return;
        event.preventDefault();
        if (!this.isOpen()) this.open();
        this.highlight(this.active > 0 ? this.active - 1 : count - 1);
        break;
      case "Enter":
        if (!count || !this.model) return;
        event.preventDefault();
        // Enter with no highlighted option takes the best suggestion.
        this.choose(this.isOpen() && this.active >= 0 ? this.active : 0);
        break;
      case "Escape":
      case "Esc":
        if (this.isOpen()) {
          event.preventDefault();
          this.close();
        } else if (this.input.value) {
          event.preventDefault();
          this.input.value = "";
          this.options = [];
          this.say("");
        }
        break;
      default:
    }
  };

  Finder.prototype.submit = function () {
    var self = this;
    var text = this.input.value;
    if (!text.trim()) {
      this.say(this.message("vide"));
      this.input.focus();
      return;
    }
    if (!this.model) {
      this.say(this.message("chargement"));
      this.load().then(function () { if (self.model) self.submit(); });
      return;
    }
    var chosen = this.isOpen() && this.active >= 0 ? this.options[this.active] : null;
    if (!chosen) {
      var result = search(this.model, text);
      this.options = result.matches;
      chosen = result.matches[0];
    }
    if (!chosen) {
      this.close();
      this.output.textContent = "";
      this.say(this.summary(search(this.model, text), text.trim()));
      return;
    }
    this.input.value = chosen.nom;
    this.close();
    this.show(chosen);
  };

  Finder.prototype.choose = function (i) {
    var place = this.options[i];
    if (!place) return;
    this.input.value = place.nom;
    this.close();
    this.show(place);
  };

  /* ---------- the answer ---------- */

  function slots(node) {
    var found = {};
    node.querySelectorAll("[data-slot]").forEach(function (el) { found[el.getAttribute("data-slot")] = el; });
    return found;
  }

  // Template headings are <p data-titre="N"> (see finder.html): make them real <hN>.
  function clone(template) {
    var node = template.content.firstElementChild.cloneNode(true);
    node.querySelectorAll("[data-titre]").forEach(function (p) {
      var heading = document.createElement("h" + p.getAttribute("data-titre"));
      Array.prototype.forEach.call(p.attributes, function (a) {
        if (a.name !== "data-titre") heading.setAttribute(a.name, a.value);
      });
      while (p.firstChild) heading.appendChild(p.firstChild);
      p.parentNode.replaceChild(heading, p);
    });
    return node;
  }

  Finder.prototype.show = function (place) {
    var model = this.model;
    var target = place.kind === ANCIENNE ? model.byCode[place.parent] : place;
    var section = clone(this.templates.resultat);
    var s = slots(section);
    s.titre.textContent = target.nom;
    s.lieu.textContent = (target.kind === ARRONDISSEMENT ? this.message("arrondissement", { commune: model.byCode[target.parent].nom }) + " · " : "") + this.departement(target.dep);
    s.postaux.textContent = target.postaux.join(", ");
    s["postaux-bloc"].hidden = !target.postaux.length;
    if (target.postaux.length > 1) s["postaux-libelle"].textContent = this.message("codes-postaux");
    s.insee.textContent = target.code;
    s["ancienne-bloc"].hidden = place.kind !== ANCIENNE;
    s.ancienne.textContent = place.nom;
    s.actuelle.textContent = target.nom;
    var districts = (model.arrondissements[target.code] || []).map(function (code) { return model.byCode[code]; });
    s["ville-bloc"].hidden = !(districts.length && target.cpts.length);
    s.ville.textContent = target.nom;
    var self = this;
    if (target.cpts.length) {
      target.cpts.forEach(function (index) { s.cpts.appendChild(self.cptsCard(index, districts)); });
    } else {
      s.cpts.appendChild(this.noneCard(target));
    }
    this.output.textContent = "";
    this.output.appendChild(section);
    this.announce(target);
  };

  // The same caveat as the visible text: a city divided into arrondissements (Paris) lists the
  // CPTS of some of its arrondissements, none of which covers the whole city.
  Finder.prototype.announce = function (target) {
    var model = this.model;
    var names = target.cpts.map(function (i) { return model.cpts[i].nom; }).join(", ");
    var name = target.cpts.length === 1 ? "resultat-une-cpts" : target.cpts.length ? "resultat-cpts" : "resultat-aucune";
    if (target.cpts.length && model.arrondissements[target.code]) name = "resultat-ville";
    this.say(this.message(name, { commune: target.nom, nombre: target.cpts.length, noms: names }));
  };

  Finder.prototype.cptsLink = function (anchor, index) {
    var cpts = this.model.cpts[index];
    anchor.href = this.cptsBase + cpts.slug + "/";
    anchor.textContent = cpts.nom;
  };

  Finder.prototype.cptsCard = function (index, districts) {
    var model = this.model, cpts = model.cpts[index], statut = model.statuts[cpts.statut];
    var card = clone(this.templates.cpts);
    var s = slots(card);
    this.cptsLink(s.lien, index);
    s.statut.classList.add("cpts-statut--" + statut.slug);
    s.statut.title = statut.description;
    s.forme.classList.add("cpts-forme--" + statut.forme);
    s.forme.style.setProperty("--statut-couleur", statut.couleur);
    s["statut-libelle"].textContent = statut.libelle;
    var covered = districts.filter(function (d) { return d.cpts.indexOf(index) >= 0; });
    s["pour-bloc"].hidden = !covered.length;
    s.pour.textContent = covered.map(function (d) { return d.nom; }).join(", ");
    var approximate = cpts.precision === "partiel" || cpts.precision === "approximation";
    s["precision-bloc"].hidden = !approximate;
    s.precision.textContent = model.precisions[cpts.precision];
    s["offres-bloc"].hidden = !cpts.offres.length;
    cpts.offres.forEach(function (i) {
      var li = document.createElement("li");
      li.textContent = model.offres[i];
      s.offres.appendChild(li);
    });
    var contacts = this.contacts(cpts.contacts);
    contacts.forEach(function (li) { s.contacts.appendChild(li); });
    s.contacts.hidden = !contacts.length;
    s["contact-defaut"].hidden = contacts.length > 0;
    return card;
  };

  // Organisational contacts only (the schema refuses personal ones); odd values are skipped.
  Finder.prototype.contacts = function (contacts) {
    var self = this, items = [];
    ["site_web", "adhesion", "email", "telephone"].forEach(function (type) {
      var value = contacts[type], href = null;
      if (!value) return;
      if (type === "email") href = "mailto:" + value;
      else if (type === "telephone") href = "tel:" + value.replace(/[^\d+]/g, "");
      else if (/^https?:\/\//i.test(value)) href = value;
      if (!href) return;
      var li = clone(self.templates.contact);
      var s = slots(li);
      s.type.textContent = self.contactTypes[type];
      s.lien.href = href;
      s.lien.textContent = value;
      items.push(li);
    });
    return items;
  };

  Finder.prototype.noneCard = function (target) {
    var model = this.model, self = this;
    var card = clone(this.templates.aucune);
    var s = slots(card);
    var near = target.nearest !== null;
    // A block that does not apply is removed, not hidden: its link would stay in the page empty
    // (HTML_CodeSniffer H91.A.EmptyNoId).
    s["loin-bloc"].hidden = near;
    if (near) {
      this.cptsLink(s.proche, target.nearest);
      s.distance.textContent = target.km ? this.message("distance", { km: target.km }) : this.message("distance-courte");
    } else {
      s["proche-bloc"].remove();
    }
    // CPTS of this département whose territory is unknown or partial may well cover it.
    var maybe = [];
    model.cpts.forEach(function (cpts, i) {
      if (i !== target.nearest && (cpts.precision === "inconnu" || cpts.precision === "partiel") &&
          cpts.departements.indexOf(target.dep) >= 0) maybe.push(i);
    });
    s["sans-territoire-bloc"].hidden = !maybe.length;
    maybe.forEach(function (i) {
      var li = clone(self.templates["lien-cpts"]);
      self.cptsLink(slots(li).lien, i);
      s["sans-territoire"].appendChild(li);
    });
    s.departement.textContent = this.departement(target.dep);
    // The support body of this département or région (regional ones first), else the national one.
    var appui = null;
    model.appuis.forEach(function (a) {
      if (!appui && a.departements.indexOf(target.dep) >= 0) appui = a;
    });
    model.appuis.forEach(function (a) {
      if (!appui && !a.departements.length) appui = a;
    });
    s["appui-aussi"].hidden = !appui;
    if (appui) {
      s["appui-lien"].href = this.appuisBase + appui.url;
      s["appui-lien"].textContent = appui.nom;
      s["appui-texte"].textContent = appui.texte;
    } else {
      s["appui-bloc"].remove();
    }
    return card;
  };

  function init() {
    document.querySelectorAll("[data-finder]").forEach(function (root) { root.finder = new Finder(root); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();

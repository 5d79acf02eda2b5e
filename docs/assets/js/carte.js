/*
 * Portail CPTS — what every map document (cartes/*.html, built by macros/maps.py) does in the
 * browser. The documents carry their data in PortailCarte.donnees (set by PortailCarte.init
 * before any layer is built): initial view, markers, status icons, GeoJSON layers; the folium
 * code around it only creates the map, the layers and the controls.
 * The HTML in the data (popups, icons, tooltips) was rendered at build time with Jinja
 * autoescape; marker titles are plain text set as a DOM property. This file never builds markup
 * from data, it only places what it was given.
 * Leaflet's own controls are in English: they are replaced or relabelled in French here.
 * Layers are filled in short slices (work queue below), never in one long task: a national map
 * (a thousand markers and outlines) would otherwise freeze the page that embeds it for a second
 * on a phone. PortailCarte.carte is set once every layer is complete: it is the "map ready" signal.
 */
(function () {
  "use strict";

  var PortailCarte = { carte: null, donnees: null, marqueurs: null };

  // The work queue: steps run one after the other in tasks of about SLICE_MS, so the browser can
  // paint and answer the visitor in between. A step returns true when it has more to do.
  var SLICE_MS = 8;
  var steps = [];
  var pending = 0;         // asynchronous work started by a step (markercluster's chunked loading)
  var ready = null;        // the map, published as PortailCarte.carte when nothing is left to do
  var scheduled = false;

  function later(step, first) {
    if (first) {
      steps.unshift(step);
    } else {
      steps.push(step);
    }
    schedule();
  }

  function schedule() {
    if (!scheduled) {
      scheduled = true;
      setTimeout(run, 0);
    }
  }

  function run() {
    scheduled = false;
    var start = Date.now();
    while (steps.length && Date.now() - start < SLICE_MS) {
      if (!steps[0]()) {
        steps.shift();
      }
    }
    if (steps.length) {
      schedule();
    } else if (!pending && ready) {
      PortailCarte.carte = ready;
    }
  }

  function waitFor() {
    pending += 1;
    return function () {
      pending -= 1;
      schedule();
    };
  }

  PortailCarte.init = function (map, donnees) {
    ready = map;
    PortailCarte.donnees = donnees;
    L.control.zoom({ zoomInTitle: "Zoomer", zoomOutTitle: "Dézoomer" }).addTo(map);
    L.control.scale({ imperial: false }).addTo(map);
    map.on("popupopen", function (event) {
      var close = event.popup.getElement().querySelector(".leaflet-popup-close-button");
      if (close) {
        close.setAttribute("aria-label", "Fermer");
        close.title = "Fermer";
      }
    });
    // The first view is not animated: folium has already given the map a view (zoom 1), and a
    // zoom animation from it would redraw every layer once more at its end.
    var vue = donnees.vue;
    if (vue.limites) {
      map.fitBounds(vue.limites, { maxZoom: vue.zoomMax, animate: false });
    } else {
      map.setView(vue.centre, vue.zoom, { animate: false });
    }
    placeLegend(map);
    // The layer control is created after init, by the map's own script: queued steps run after it.
    later(function () {
      nameLayerToggle();
      return false;
    });
  };

  // Leaflet's layer control always writes a toggle link named only by an English title
  // ("Layers"); the control is shown unfolded, but the link stays in the page: name it in French.
  function nameLayerToggle() {
    Array.prototype.forEach.call(document.querySelectorAll(".leaflet-control-layers-toggle"), function (link) {
      link.title = "Couches de la carte";
      link.setAttribute("aria-label", "Couches de la carte");
    });
  }

  // One marker per row [lat, lon, index in donnees.cpts]: shape and colour from the status,
  // title (status label included) for keyboard and screen-reader users, popup with the link.
  PortailCarte.marqueur = function (row) {
    var cpts = PortailCarte.donnees.cpts[row[2]];
    var marker = L.marker([row[0], row[1]], {
      icon: L.divIcon({
        html: PortailCarte.donnees.statuts[cpts.statut],
        className: "carte-marqueur",
        iconSize: [24, 24],
        iconAnchor: [12, 12],
        popupAnchor: [0, -10]
      }),
      title: cpts.titre,
      alt: cpts.titre,
      riseOnHover: true
    });
    marker.options.slug = cpts.slug;
    // Leaflet makes the icon a role=button named by its title alone, which not every assistive
    // technology reads as a name (HTML_CodeSniffer, WCAG 4.1.2): aria-label names it. The
    // element is created when the marker is added (clusters add and remove markers as one zooms).
    marker.on("add", function () {
      var icon = marker.getElement();
      if (icon) {
        icon.setAttribute("aria-label", cpts.titre);
      }
    });
    if (cpts.popup) {
      marker.bindPopup(cpts.popup, { maxWidth: 280 });
    }
    return marker;
  };

  PortailCarte.marqueursSimples = function (map) {
    var markers = PortailCarte.donnees.marqueurs.map(PortailCarte.marqueur);
    PortailCarte.marqueurs = L.featureGroup(markers).addTo(map);
  };

  // The clustered markers of the national and regional maps (the layer control adds the group).
  // Markers are created in slices, then handed to markercluster at once with its chunked loading,
  // which clusters them in short tasks too (it looks at the clock every 200 markers).
  PortailCarte.grappes = function () {
    var finish = null;
    var group = L.markerClusterGroup({
      showCoverageOnHover: false,
      spiderfyDistanceMultiplier: 1.5,
      iconCreateFunction: PortailCarte.grappe,
      chunkedLoading: true,
      chunkInterval: SLICE_MS,
      chunkDelay: 0,
      chunkProgress: function (processed, total) {
        // Called just before markercluster's last refresh, in the same task: done after it.
        if (processed === total && finish) {
          setTimeout(finish, 0);
          finish = null;
        }
      }
    });
    var rows = PortailCarte.donnees.marqueurs, markers = [], next = 0;
    later(function () {
      var start = Date.now();
      while (next < rows.length && Date.now() - start < SLICE_MS) {
        markers.push(PortailCarte.marqueur(rows[next++]));
      }
      if (next < rows.length) {
        return true;
      }
      finish = waitFor();
      // In a task of its own: markercluster's first chunk starts at once.
      setTimeout(function () {
        group.addLayers(markers);
        if (finish && !ready.hasLayer(group)) {
          // Off the map (its box unticked), markercluster only stores them, without progress.
          var done = finish;
          finish = null;
          done();
        }
      }, 0);
      return false;
    }, true);   // before the outlines: markers are what visitors look for first
    PortailCarte.marqueurs = group;
    return group;
  };

  // Cluster icon: the count, and the words "CPTS" for screen readers.
  PortailCarte.grappe = function (cluster) {
    var count = cluster.getChildCount();
    var size = count < 10 ? "small" : count < 100 ? "medium" : "large";
    return L.divIcon({
      html: "<div><span class=\"carte-grappe__nombre\">" + count + "</span><span class=\"carte-masque\"> CPTS</span></div>",
      className: "marker-cluster marker-cluster-" + size,
      iconSize: L.point(40, 40)
    });
  };

  // A GeoJSON layer (territories, départements) from donnees.couches[key]: features carry the
  // index of their style; tooltips are looked up by feature id.
  // The layer is returned empty and filled feature by feature from the work queue.
  PortailCarte.couche = function (key, pane) {
    var couche = PortailCarte.donnees.couches[key];
    var features = couche.geojson.features, next = 0;
    var geo = L.geoJSON(null, {
      pane: pane,
      style: function (feature) {
        return couche.styles[feature.properties.s];
      },
      onEachFeature: function (feature, layer) {
        var text = couche.infobulles[feature.id];
        if (text) {
          layer.bindTooltip(text, { sticky: true });
          // Leaflet listens to focus on the shape to show its tooltip, which makes Chromium put
          // every shape, even off-screen, in the tab order; the table under the map gives the
          // same figures to keyboard users.
          layer.on("add", function () {
            layer.getElement().setAttribute("tabindex", "-1");
          });
        }
      }
    });
    later(function () {
      var start = Date.now();
      while (next < features.length && Date.now() - start < SLICE_MS) {
        var feature = features[next++];
        feature.geometry = decode(feature.geometry);
        geo.addData(feature);
      }
      return next < features.length;
    });
    return geo;
  };

  // Geometries arrive polyline-encoded (macros/map_geometry.py, encoded): each ring is the
  // differences between successive [lon, lat] points, as zigzag base-32 digits offset by 63.
  function decodeRing(text, factor) {
    var points = [], index = 0, x = 0, y = 0;
    function next() {
      var result = 0, shift = 0, byte;
      do {
        byte = text.charCodeAt(index++) - 63;
        result |= (byte & 0x1f) << shift;
        shift += 5;
      } while (byte >= 0x20);
      return result & 1 ? ~(result >>> 1) : result >>> 1;
    }
    while (index < text.length) {
      x += next();
      y += next();
      points.push([x / factor, y / factor]);
    }
    return points;
  }

  function decode(geometry) {
    if (!geometry || geometry.e === undefined) {
      return geometry;
    }
    var factor = Math.pow(10, geometry.p);
    var rings = function (list) {
      return list.map(function (ring) { return decodeRing(ring, factor); });
    };
    return {
      type: geometry.type,
      coordinates: geometry.type === "Polygon" ? rings(geometry.e) : geometry.e.map(rings)
    };
  }

  // The legend and the "Aller à" buttons are HTML rendered at build time (map_legend.html,
  // map_frames.html); they become Leaflet controls so they sit with the other controls. The
  // legend starts folded on maps too small to show it without hiding much of the map, and so
  // does the "Aller à" list on phone-sized maps (its summary unfolds it).
  function placeLegend(map) {
    var size = map.getSize();
    var legend = asControl(map, "carte-legende", "bottomleft");
    if (legend && (size.x < 900 || size.y < 560)) {
      legend.open = false;
    }
    var frames = asControl(map, "carte-cadres", "topleft");
    var list = frames && frames.querySelector("details");
    if (list && (size.x < 600 || size.y < 480)) {
      list.open = false;
    }
    if (frames) {
      Array.prototype.forEach.call(frames.querySelectorAll("button[data-cadre]"), function (button) {
        button.addEventListener("click", function () {
          map.fitBounds(JSON.parse(button.getAttribute("data-cadre")));
        });
      });
    }
  }

  function asControl(map, id, position) {
    var element = document.getElementById(id);
    if (!element) {
      return null;
    }
    var Control = L.Control.extend({
      onAdd: function () {
        L.DomEvent.disableClickPropagation(element);
        L.DomEvent.disableScrollPropagation(element);
        return element;
      }
    });
    new Control({ position: position }).addTo(map);
    return element;
  }

  window.PortailCarte = PortailCarte;
})();

/* The map of the KKPR check (/kkpr/): OpenStreetMap when online, kecamatan and
 * desa boundaries with their names for orientation (not clickable), and the
 * Leaflet-Geoman polygon and rectangle tools for drawing a parcel. After a
 * check the zones under the parcel (or around the point) are drawn in their
 * class colours from the API answer (showZones), with a legend of the classes
 * and their share of the parcel.
 *
 * The container reports data-basemap ("osm"/"none"), data-desa-loaded,
 * data-kecamatan-loaded and data-ready once the boundaries are drawn and the
 * view has settled, and data-zones (zone parts drawn). Adds createMap,
 * showZones and clearZones to window.WebSIGKkpr. */
(function () {
  "use strict";

  if (!window.L || !L.PM || !window.WebSIG || !window.WebSIGKkpr) {
    return;
  }
  const NEUTRAL = "#0e4a3a";
  const CONTEXT = { interactive: false, pmIgnore: true, snapIgnore: true };
  const STYLE = {
    desa: { color: "#55655f", weight: 0.9, opacity: 0.75, dashArray: "4 4", fill: false },
    kecamatan: { color: "#a3154a", weight: 2.2, opacity: 0.85, fill: false },
  };

  /* The desa and kecamatan outlines with their names; the names are shown by
   * zoom level through the container's classes (kkpr.css). Resolves to the
   * kecamatan layer; rejects when a kind cannot be loaded. */
  async function loadBoundaries(map, container) {
    const kinds = ["desa", "kecamatan"];
    const layers = await WebSIG.addBoundaries(
      map,
      kinds.map((kind) =>
        Object.assign({ kind: kind, pane: "batas", style: STYLE[kind], attribution: WebSIG.boundaryAttribution() }, CONTEXT, {
          label: { className: "kkpr-label kkpr-label--" + kind },
        })
      )
    );
    kinds.forEach(function (kind, index) {
      if (!layers[index]) {
        throw new Error("The " + kind + " boundaries could not be loaded");
      }
      container.dataset[kind + "Loaded"] = String(layers[index].getLayers().length);
    });
    return layers[1];
  }

  /* The parcel: a polygon or a rectangle, drawn in the neutral colour. */
  function addDrawingTools(map) {
    WebSIG.addDrawingTools(
      map,
      { drawRectangle: true, drawPolygon: true },
      {
        snappable: false,
        pathOptions: { color: NEUTRAL, weight: 3, opacity: 1, fillColor: NEUTRAL, fillOpacity: 0.18 },
      }
    );
  }

  /* The Leaflet map in `container`. options: narrow (phone layout),
   * keepView() (true when the page has already moved the view, so the
   * boundaries must not refit it). */
  function createMap(container, options) {
    const map = WebSIG.createMap(container, {
      leaflet: { maxZoom: 19 },
      keepNear: 1.5,
      // On a phone the attribution takes the whole bottom edge.
      scale: { position: options.narrow ? "topright" : "bottomleft" },
    });
    map.createPane("batas").style.zIndex = 350;
    // The zones lie under the boundaries and under the parcel (overlayPane, 400).
    map.createPane("zona").style.zIndex = 340;

    function zoomClasses() {
      // Kecamatan names once they have room, desa names close in.
      container.classList.toggle("kkpr-peta--kecamatan", map.getZoom() >= 11);
      container.classList.toggle("kkpr-peta--desa", map.getZoom() >= 14);
    }
    map.on("zoomend", zoomClasses);
    zoomClasses();

    loadBoundaries(map, container)
      .then(function (kecamatan) {
        if (!options.keepView()) {
          map.fitBounds(kecamatan.getBounds(), { padding: [12, 12], animate: false });
        }
      })
      .catch(function (error) {
        container.dataset.loadError = "true";
        console.warn(error);
      })
      .finally(function () {
        container.dataset.ready = "true";
      });

    addDrawingTools(map);
    return map;
  }

  const COLOR = /^#[0-9a-fA-F]{6}$/;
  const FALLBACK = "#c8d1cd";
  let zoneLayer = null;
  let legend = null;

  function zoneColour(zone) {
    return COLOR.test(zone.warna || "") ? zone.warna : FALLBACK;
  }

  /* The classes of `zones` with their summed share, largest first, for the legend. */
  function legendClasses(zones) {
    const byClass = new Map();
    zones.forEach(function (zone) {
      const entry = byClass.get(zone.kode) || { kode: zone.kode, nama: zone.nama, warna: zoneColour(zone), persen: 0 };
      entry.persen += typeof zone.persen === "number" ? zone.persen : 0;
      byClass.set(zone.kode, entry);
    });
    return Array.from(byClass.values()).sort((a, b) => b.persen - a.persen);
  }

  /* "KPI Kawasan Peruntukan Industri · 66,67%" (no share for a point). */
  function classLabel(entry, isPoint) {
    return entry.kode + " " + entry.nama + (isPoint ? "" : " · " + WebSIG.formatNumber(entry.persen, 2) + "%");
  }

  function legendControl(classes, title, isPoint) {
    const control = L.control({ position: "bottomright" });
    control.onAdd = function () {
      const box = WebSIG.el("div", "kkpr-legenda leaflet-bar");
      box.appendChild(WebSIG.el("p", "kkpr-legenda__judul", title));
      const list = WebSIG.el("ul", "kkpr-legenda__daftar");
      classes.forEach(function (entry) {
        const item = WebSIG.el("li", "kkpr-legenda__item");
        item.dataset.kode = entry.kode;
        const swatch = WebSIG.el("span", "kkpr-legenda__warna");
        swatch.style.background = entry.warna;
        item.append(swatch, WebSIG.el("span", null, classLabel(entry, isPoint)));
        list.appendChild(item);
      });
      box.appendChild(list);
      L.DomEvent.disableClickPropagation(box);
      L.DomEvent.disableScrollPropagation(box);
      return box;
    };
    return control;
  }

  /* Draw the zone parts of a check answer (zona[].geometri, lon/lat) in their
   * class colours, with their legend; replaces what an earlier check drew. */
  function showZones(map, zones, isPoint) {
    clearZones(map);
    const drawn = zones.filter((zone) => zone.geometri);
    zoneLayer = L.layerGroup(
      drawn.map(function (zone) {
        const colour = zoneColour(zone);
        return L.geoJSON(zone.geometri, {
          pane: "zona",
          interactive: false,
          pmIgnore: true,
          snapIgnore: true,
          style: { color: "#ffffff", weight: 1, opacity: 0.9, fillColor: colour, fillOpacity: 0.72 },
        });
      }),
      { fadePane: "zona" }
    ).addTo(map);
    const classes = legendClasses(drawn);
    const title = isPoint ? gettext("Zone at the point") : gettext("Zones under the parcel");
    if (drawn.length) {
      legend = legendControl(classes, title, isPoint).addTo(map);
    }
    // In the layer control (opacity) and in the legend of an export of the map.
    WebSIG.addOverlay(map, zoneLayer, title, {
      entries: classes.map((entry) => ({ label: classLabel(entry, isPoint), color: entry.warna, kind: "polygon" })),
    });
    map.getContainer().dataset.zones = String(drawn.length);
  }

  function clearZones(map) {
    if (zoneLayer) {
      WebSIG.removeOverlay(map, zoneLayer);
      zoneLayer = null;
    }
    if (legend) {
      legend.remove();
      legend = null;
    }
    map.getContainer().dataset.zones = "0";
  }

  Object.assign(window.WebSIGKkpr, {
    createMap: createMap,
    showZones: showZones,
    clearZones: clearZones,
    zoneColour: zoneColour,
    NEUTRAL: NEUTRAL,
  });
})();

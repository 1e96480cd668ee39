/* The map of the KKPR check (/kkpr/): OpenStreetMap when online, kecamatan and
 * desa boundaries with their names for orientation (not clickable), and the
 * Leaflet-Geoman polygon and rectangle tools for drawing a parcel. The plan
 * itself is not drawn: the verdict comes from the API.
 *
 * The container reports data-basemap ("osm"/"none"), data-desa-loaded,
 * data-kecamatan-loaded and data-ready once the boundaries are drawn and the
 * view has settled. Adds createMap to window.WebSIGKkpr. */
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

  Object.assign(window.WebSIGKkpr, { createMap: createMap, NEUTRAL: NEUTRAL });
})();

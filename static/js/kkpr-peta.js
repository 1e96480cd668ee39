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
  const { escapeHtml, fetchJson } = window.WebSIG;
  // Extent of the kabupaten, rounded outwards; the view before the data arrives.
  const KABUPATEN_BOUNDS = L.latLngBounds([-6.37, 106.33], [-6.0, 106.73]);
  const NEUTRAL = "#0e4a3a";
  const CONTEXT = { interactive: false, pmIgnore: true, snapIgnore: true };
  const STYLE = {
    desa: { color: "#55655f", weight: 0.9, opacity: 0.75, dashArray: "4 4", fill: false },
    kecamatan: { color: "#a3154a", weight: 2.2, opacity: 0.85, fill: false },
  };

  function boundaryAttribution() {
    const link = '<a href="https://github.com/cahyadsn/wilayah_boundaries" rel="noopener">cahyadsn/wilayah_boundaries</a>';
    return interpolate(escapeHtml(gettext("Village boundaries: %(source)s (MIT), Kemendagri codes")), { source: link }, true);
  }

  async function loadBoundaries(map, container, url, kind) {
    const answer = await fetchJson(url);
    if (!answer.ok || !answer.data || !Array.isArray(answer.data.features)) {
      throw new Error("GET " + url + " answered " + answer.status);
    }
    const options = Object.assign({ pane: "batas", style: STYLE[kind], attribution: boundaryAttribution() }, CONTEXT, {
      onEachFeature: function (feature, item) {
        // Shown by zoom level through the container's classes (kkpr.css).
        item.bindTooltip(feature.properties.nama, {
          permanent: true,
          direction: "center",
          className: "kkpr-label kkpr-label--" + kind,
        });
      },
    });
    const layer = L.geoJSON(answer.data, options).addTo(map);
    container.dataset[kind + "Loaded"] = String(answer.data.features.length);
    return layer;
  }

  function addDrawingTools(map) {
    if (WebSIG.lang.startsWith("id")) {
      map.pm.setLang("id");
    }
    map.pm.setGlobalOptions({
      allowSelfIntersection: false,
      continueDrawing: false,
      snappable: false,
      pathOptions: { color: NEUTRAL, weight: 3, opacity: 1, fillColor: NEUTRAL, fillOpacity: 0.18 },
      templineStyle: { color: NEUTRAL, weight: 3 },
      hintlineStyle: { color: NEUTRAL, weight: 2, dashArray: "6 6" },
    });
    map.pm.addControls({
      position: "topleft",
      drawMarker: false,
      drawCircleMarker: false,
      drawPolyline: false,
      drawRectangle: true,
      drawPolygon: true,
      drawCircle: false,
      drawText: false,
      editMode: false,
      dragMode: false,
      cutPolygon: false,
      removalMode: false,
      rotateMode: false,
    });
  }

  /* The Leaflet map in `container`. options: desa and kecamatan (GeoJSON API
   * addresses), narrow (phone layout), keepView() (true when the page has
   * already moved the view, so the boundaries must not refit it). */
  function createMap(container, options) {
    const map = L.map(container, { minZoom: 9, maxZoom: 19, zoomSnap: 0.25, maxBounds: KABUPATEN_BOUNDS.pad(1.5) });
    map.fitBounds(KABUPATEN_BOUNDS);
    map.attributionControl.setPrefix('<a href="https://leafletjs.com" rel="noopener">Leaflet</a>');
    // On a phone the attribution takes the whole bottom edge.
    L.control.scale({ imperial: false, maxWidth: 120, position: options.narrow ? "topright" : "bottomleft" }).addTo(map);
    map.createPane("batas").style.zIndex = 350;
    window.WebSIG.addBasemap(map, container);

    function zoomClasses() {
      // Kecamatan names once they have room, desa names close in.
      container.classList.toggle("kkpr-peta--kecamatan", map.getZoom() >= 11);
      container.classList.toggle("kkpr-peta--desa", map.getZoom() >= 14);
    }
    map.on("zoomend", zoomClasses);
    zoomClasses();

    Promise.all([
      loadBoundaries(map, container, options.desa, "desa"),
      loadBoundaries(map, container, options.kecamatan, "kecamatan"),
    ])
      .then(function (layers) {
        if (!options.keepView()) {
          map.fitBounds(layers[1].getBounds(), { padding: [12, 12], animate: false });
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

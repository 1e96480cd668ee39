/* The overlapping pieces of a plan or land-use layer (found and cut at
 * activation) on a map of the kabupaten, each with the two features' ids and
 * its area; GET data-api answers them as GeoJSON. */
(function () {
  "use strict";

  const { el, fetchJson, formatNumber } = window.WebSIG;
  const container = document.getElementById("peta-tumpang");
  if (!container || !window.L) {
    return;
  }
  const map = window.WebSIG.kabupatenMap(container);
  // The kecamatan for orientation, under the pieces.
  window.WebSIG.boundaries("kecamatan").then(function (collection) {
    L.geoJSON(collection, { style: { color: "#5f6b66", weight: 1, fill: false }, interactive: false }).addTo(map).bringToBack();
  }).catch(function () {});

  fetchJson(container.dataset.api).then(function (answer) {
    if (!answer.ok || !answer.data || !Array.isArray(answer.data.features)) {
      container.appendChild(el("p", "peta-status", gettext("The overlapping pieces could not be loaded.")));
      return;
    }
    const layer = L.geoJSON(answer.data, {
      style: { color: "#b3261e", weight: 2, fillColor: "#b3261e", fillOpacity: 0.5 },
      pointToLayer: (feature, latlng) => L.circleMarker(latlng),
      onEachFeature(feature, item) {
        const p = feature.properties;
        item.bindPopup(
          interpolate(gettext("Feature %(lost)s overlaps feature %(kept)s by %(m2)s m²; feature %(kept)s keeps it."), {
            lost: p.feature_id, kept: p.kept_by, m2: formatNumber(p.luas_m2, 1),
          }, true)
        );
      },
    }).addTo(map);
    window.WebSIG.addOverlay(map, layer, gettext("Overlapping pieces"), {
      entries: [{ label: gettext("Piece counted once, for the feature that keeps it"), color: "#b3261e", kind: "polygon" }],
    });
    if (layer.getBounds().isValid()) {
      map.fitBounds(layer.getBounds(), { maxZoom: 16, padding: [20, 20] });
    }
  });
})();

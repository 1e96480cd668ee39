/* The programme page (/peta-jalan/program/<kode>/): its locations on a map of the
 * kabupaten, from the OGC collection "peta-jalan" filtered by programme, coloured
 * by dimension, each with a popup (year, status, realisation against target). */
(function () {
  "use strict";

  const container = document.getElementById("peta-program");
  const page = window.WebSIG && window.WebSIG.readJson("data-program");
  if (!container || !window.L || !page) {
    return;
  }
  const W = window.WebSIG;
  const status = document.getElementById("peta-status");
  const map = W.kabupatenMap(container);
  W.addBoundaries(map, [{ kind: "kecamatan", style: { color: "#a3154a", weight: 1, opacity: 0.5, fill: false } }]);

  function popup(props) {
    const box = W.el("div", "pj-popup");
    box.append(W.el("strong", null, props.nama));
    const rows = [
      [gettext("Year"), String(props.tahun)],
      [gettext("Status"), props.status],
      [gettext("Target"), props.target || "–"],
      [gettext("Realisation"), W.isNumber(props.realisasi) ? W.formatNumber(props.realisasi, Number.isInteger(props.realisasi) ? 0 : 2) : "–"],
    ];
    rows.forEach(function (row) {
      box.append(W.el("div", null, row[0] + ": " + row[1]));
    });
    return box;
  }

  async function load() {
    const url = page.items + "?program=" + encodeURIComponent(page.program) + "&limit=1000&f=json";
    const answer = await W.fetchJson(url);
    if (!answer.ok || !answer.data || !Array.isArray(answer.data.features)) {
      status.textContent = gettext("The locations could not be loaded.");
      return;
    }
    const features = answer.data.features;
    const layer = L.geoJSON(answer.data, {
      style: () => ({ color: page.warna, weight: 3, fillOpacity: 0.35 }),
      pointToLayer: (feature, latlng) =>
        L.circleMarker(latlng, { radius: 7, color: "#fff", weight: 2, fillColor: page.warna, fillOpacity: 0.95 }),
      onEachFeature: (feature, item) => item.bindPopup(() => popup(feature.properties)),
    }).addTo(map);
    container.dataset.loaded = String(features.length);
    if (features.length) {
      map.fitBounds(layer.getBounds().pad(0.3), { maxZoom: 15 });
      status.textContent = interpolate(ngettext("%s location", "%s locations", features.length), [W.formatNumber(features.length, 0)]);
    } else {
      status.textContent = gettext("No location has been attached to this programme yet.");
    }
  }
  load();
})();

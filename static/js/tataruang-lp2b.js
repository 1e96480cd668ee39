/* /tata-ruang/lp2b/: the sortable LP2B table and a small map of the LP2B pieces
 * under non-agricultural use (red) over the kecamatan outlines.
 *
 * Names come from uploaded layers and boundaries: untrusted input, only ever
 * written with textContent (WebSIG.el). The container reports data-loaded
 * ("1" once the pieces are drawn) and data-basemap ("osm"/"none"). */
(function () {
  "use strict";

  const T = window.WebSIGTataruang;
  if (T) {
    T.makeSortable(document.getElementById("tabel-lp2b"));
  }
  const page = window.WebSIG.readJson("data-lp2b") || {};
  const container = document.getElementById("peta-lp2b");
  if (!container || !window.L || !page.lp2b) {
    return;
  }
  const { el, fetchJson } = window.WebSIG;
  const status = document.getElementById("peta-status");
  const STYLE = {
    outline: { color: "#3d4a47", weight: 1.2, opacity: 0.8, fill: false, interactive: false },
    piece: { color: "#8b0000", weight: 1, opacity: 1, fillColor: "#d7191c", fillOpacity: 0.8 },
  };

  const map = window.WebSIG.kabupatenMap(container, { opacity: 0.6 });
  window.websigLp2bMap = map;

  function popupContent(props) {
    const root = el("div", "info-kesesuaian");
    root.appendChild(el("p", "info-kesesuaian__jenis", props.jenis));
    root.appendChild(el("h3", "info-kesesuaian__nama", props.penggunaan_lahan));
    const place = [props.desa_nama, props.kecamatan_nama].filter(Boolean).join(", ");
    if (place) {
      root.appendChild(el("p", "info-kesesuaian__induk", place));
    }
    root.appendChild(el("p", "info-kesesuaian__angka", T ? T.formatHa(props.luas_ha) : String(props.luas_ha)));
    return root;
  }

  async function load() {
    status.textContent = gettext("Loading the map…");
    const [, pieces] = await Promise.all([
      window.WebSIG.addBoundaries(map, [{ kind: "kecamatan", style: STYLE.outline }]),
      fetchJson(page.api.pieces),
    ]);
    if (!pieces.ok || !pieces.data) {
      status.textContent = gettext("No converted LP2B pieces to show.");
      return;
    }
    const layer = L.geoJSON(pieces.data, {
      style: STYLE.piece,
      onEachFeature: function (feature, item) {
        item.bindPopup(() => popupContent(feature.properties), { maxWidth: 300, className: "popup-kesesuaian" });
      },
    }).addTo(map);
    window.WebSIG.addOverlay(map, layer, gettext("LP2B under non-agricultural use"), {
      entries: [{ label: gettext("LP2B piece under non-agricultural use"), color: STYLE.piece.fillColor, kind: "polygon" }],
    });
    if (layer.getLayers().length) {
      map.fitBounds(layer.getBounds(), { maxZoom: 15, padding: [20, 20] });
    }
    container.dataset.loaded = "1";
    status.textContent = "";
  }

  load().catch(function () {
    status.textContent = gettext("The map could not be loaded.");
  });
})();

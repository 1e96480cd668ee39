/* The profile page of a kecamatan or desa (/wilayah/<level>/<kode>/): the area
 * drawn from the page's data (data-profil), its desa (a kecamatan's) and its
 * neighbours from the wilayah API, each neighbour linking to its own profile. */
(function () {
  "use strict";

  const container = document.getElementById("peta-profil");
  const W = window.WebSIG;
  const page = W && W.readJson("data-profil");
  if (!container || !window.L || !page) {
    return;
  }
  const area = L.geoJSON(page.wilayah, {
    style: { color: "#0e1f1a", weight: 3, fillColor: "#1f7a5c", fillOpacity: 0.12, className: "wilayah-area" },
    interactive: false,
  });
  const bounds = area.getBounds();
  const map = W.createMap(container, {
    view: bounds.isValid() ? bounds : undefined,
    fit: { padding: [16, 16] },
    leaflet: { scrollWheelZoom: false },
    wheelOnFocus: true,
  });
  window.websigProfilMap = map;
  area.addTo(map);
  W.addOverlay(map, area, page.nama || gettext("Area"), {
    entries: [{ label: page.nama || gettext("Area"), color: "#1f7a5c", kind: "polygon" }],
  });
  container.dataset.area = "drawn";

  function linkTo(level, props) {
    const link = W.el("a", null, props.nama);
    link.href = W.profileUrl(level, props.kode);
    return link;
  }

  const neighbours = new Set(page.tetangga || []);
  const specs = [];
  if (page.level === "kecamatan" || page.level === "kabupaten") {
    // The desa of a kecamatan, the kecamatan of the kabupaten, each linking to its profile.
    const inner = page.level === "kecamatan" ? "desa" : "kecamatan";
    specs.push({
      kind: inner,
      filter: (feature) => inner === "kecamatan" || feature.properties.kecamatan_kode === page.kode,
      style: { color: "#1f7a5c", weight: 1, opacity: 0.8, fill: false },
      interactive: true,
      onEachFeature: (feature, item) =>
        item.bindTooltip(feature.properties.nama).bindPopup(() => linkTo(inner, feature.properties)),
    });
  }
  if (neighbours.size) {
    specs.push({
      kind: page.tetangga_level,
      filter: (feature) => neighbours.has(feature.properties.kode),
      style: { color: "#6b7f78", weight: 1, dashArray: "4 3", fillColor: "#6b7f78", fillOpacity: 0.05 },
      interactive: true,
      onEachFeature: (feature, item) =>
        item.bindTooltip(feature.properties.nama).bindPopup(() => linkTo(page.tetangga_level, feature.properties)),
    });
  }
  W.addBoundaries(map, specs).then(function (layers) {
    container.dataset.neighbours = String(layers.filter(Boolean).length);
    area.bringToFront();
  });
})();

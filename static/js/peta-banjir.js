/* Flood hazard rasters on the public map: each published raster the visitor
 * may see (GET /api/flood/rasters/) as PNG tiles in BNPB's class colours,
 * offered in the map's layer control (off at first). While one is shown, a
 * legend with its classes, its sample label and an opacity slider sits in the
 * corner, and a click on the map reads the value there
 * (GET .../nilai/?lon=&lat=): index and class, or "no data".
 *
 * The map container reports for tests: data-banjir ("siap" once offered,
 * "kosong" when there is none) and data-banjir-nilai (the last class read). */
(function () {
  "use strict";

  const map = window.websigMap;
  const control = window.websigLayersControl;
  const container = map && map.getContainer();
  const api = container && container.dataset.banjirApi;
  if (!map || !control || !api) {
    return;
  }
  const { el, escapeHtml, formatNumber } = window.WebSIG;
  // Above the plan zones (405), under the boundaries (desa 410) and sectoral layers.
  map.createPane("banjir").style.zIndex = 402;
  const OPACITY = 0.7;
  let legend = null;

  function bounds(bbox) {
    return bbox && bbox.length === 4 ? L.latLngBounds([bbox[1], bbox[0]], [bbox[3], bbox[2]]) : undefined;
  }

  function rangeText(item) {
    if (item.nilai !== undefined) {
      return gettext("value") + " " + formatNumber(item.nilai, 0);
    }
    if (item.dari === null) {
      return "≤ " + formatNumber(item.sampai, 3);
    }
    if (item.sampai === null) {
      return "> " + formatNumber(item.dari, 3);
    }
    return formatNumber(item.dari, 3) + " – " + formatNumber(item.sampai, 3);
  }

  function legendBox(raster, layer) {
    const box = el("div", "legenda-banjir");
    box.appendChild(el("p", "legenda-banjir__judul", raster.title));
    if (raster.label && !raster.title.includes(raster.label)) {
      box.appendChild(el("p", "legenda-banjir__contoh", raster.label));
    }
    const list = el("ul", "legenda-banjir__kelas");
    raster.version.legend.forEach(function (item) {
      const row = el("li");
      const swatch = el("span", "legenda-banjir__warna");
      swatch.style.background = item.color;
      row.appendChild(swatch);
      row.appendChild(el("span", null, item.label + " (" + rangeText(item) + ")"));
      list.appendChild(row);
    });
    box.appendChild(list);
    const label = el("label", "legenda-banjir__opasitas", gettext("Opacity"));
    const slider = el("input");
    slider.type = "range";
    slider.min = "0";
    slider.max = "100";
    slider.value = String(OPACITY * 100);
    slider.setAttribute("aria-label", gettext("Opacity of the flood hazard layer"));
    slider.addEventListener("input", () => layer.setOpacity(Number(slider.value) / 100));
    label.appendChild(slider);
    box.appendChild(label);
    const value = el("p", "legenda-banjir__nilai", gettext("Click the map to read the hazard index."));
    value.setAttribute("aria-live", "polite");
    box.appendChild(value);
    L.DomEvent.disableClickPropagation(box);
    return { box, value };
  }

  function showLegend(raster, layer) {
    hideLegend();
    const parts = legendBox(raster, layer);
    legend = L.control({ position: "bottomright" });
    legend.onAdd = () => parts.box;
    legend.raster = raster;
    legend.valueLine = parts.value;
    legend.addTo(map);
  }

  function hideLegend() {
    if (legend) {
      legend.remove();
      legend = null;
    }
  }

  async function readValue(latlng) {
    if (!legend) {
      return;
    }
    const shown = legend;
    const point = latlng.wrap();
    const url = shown.raster.links.nilai + "?lon=" + point.lng.toFixed(6) + "&lat=" + point.lat.toFixed(6);
    shown.valueLine.textContent = gettext("Reading the hazard index…");
    let answer;
    try {
      answer = await WebSIG.fetchJson(url);
    } catch (error) {
      answer = { ok: false, status: 0, data: null };
    }
    if (legend !== shown) {
      return;
    }
    if (!answer.ok) {
      shown.valueLine.textContent = WebSIG.errorText(answer);
      return;
    }
    const data = answer.data;
    container.dataset.banjirNilai = data.kelas || "tanpa_data";
    shown.valueLine.textContent =
      data.nilai === null
        ? data.pesan
        : interpolate(gettext("Hazard index %(nilai)s: %(kelas)s"), { nilai: formatNumber(data.nilai, 2), kelas: data.label || "–" }, true);
  }

  async function start() {
    let answer;
    try {
      answer = await WebSIG.fetchJson(api);
    } catch (error) {
      return;
    }
    const rasters = answer.ok && Array.isArray(answer.data) ? answer.data.filter((r) => r.version) : [];
    rasters.forEach(function (raster) {
      const layer = L.tileLayer(raster.links.tiles, {
        pane: "banjir",
        opacity: OPACITY,
        bounds: bounds(raster.version.bbox),
        maxZoom: 19,
        attribution: escapeHtml([raster.opd.singkatan, raster.label].filter(Boolean).join(" · ")),
        className: "ubin-banjir",
      });
      layer.on("add", () => showLegend(raster, layer));
      layer.on("remove", () => legend && legend.raster === raster && hideLegend());
      control.addOverlay(layer, escapeHtml(raster.title));
    });
    container.dataset.banjir = rasters.length ? "siap" : "kosong";
  }

  map.on("click", (event) => readValue(event.latlng));
  start();
})();

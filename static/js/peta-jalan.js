/* Roadmap (peta jalan) programme locations on the public map: a panel section
 * with a checkbox and filters (dimension, strategy, OPD, year, status); the
 * locations come from the OGC collection "peta-jalan" (at most LIMIT), each
 * coloured by its dimension, with a popup giving the programme, its indicator,
 * the target of the location's year and the realisation.
 *
 * State for tests: data-loaded (locations drawn) on #peta-jalan. */
(function () {
  "use strict";

  const section = document.getElementById("peta-jalan");
  const map = window.websigMap;
  if (!section || !map) {
    return;
  }
  const { el, fetchJson, formatNumber, isNumber } = window.WebSIG;
  const LIMIT = 2000;
  const toggle = document.getElementById("peta-jalan-tampil");
  const filters = document.getElementById("peta-jalan-saring");
  const status = document.getElementById("peta-jalan-status");
  const legend = document.getElementById("peta-jalan-legenda");
  const selects = Array.from(filters.querySelectorAll("select[data-param]"));
  const STATUS = { rencana: gettext("planned"), berjalan: gettext("in progress"), selesai: gettext("finished") };
  let layer = null;
  let optionsLoaded = false;
  // Over the boundaries (410, 420), the sectoral layers (430) and the clicked point (450).
  map.createPane("peta-jalan").style.zIndex = 452;

  function number(value) {
    return isNumber(value) ? formatNumber(value, Number.isInteger(value) ? 0 : 2) : "–";
  }

  function popup(props) {
    const box = el("div", "popup-peta-jalan");
    const link = el("a", "popup-peta-jalan__program", props.program + " " + props.program_nama);
    link.href = section.dataset.programPage.replace("KODE", encodeURIComponent(props.program));
    box.append(el("strong", null, props.nama), el("br"), link);
    const rows = [
      [gettext("Indicator"), props.indikator || "–"],
      [gettext("Year"), String(props.tahun)],
      [gettext("Target"), (props.target || "–") + (props.satuan ? " (" + props.satuan + ")" : "")],
      [gettext("Realisation"), number(props.realisasi)],
      [gettext("Status"), STATUS[props.status] || props.status],
      [gettext("OPD"), props.opd],
    ];
    const list = el("dl", "popup-peta-jalan__data");
    rows.forEach(function (row) {
      list.append(el("dt", null, row[0]), el("dd", null, row[1]));
    });
    box.append(list);
    return box;
  }

  async function loadOptions() {
    if (optionsLoaded) {
      return;
    }
    optionsLoaded = true;
    const answer = await fetchJson(section.dataset.program);
    if (!answer.ok || !Array.isArray(answer.data)) {
      return;
    }
    const strategies = new Map();
    const opds = new Set();
    answer.data.forEach(function (program) {
      strategies.set(program.strategi.kode, program.strategi.nama);
      program.opd.forEach((kode) => opds.add(kode));
    });
    const strategySelect = document.getElementById("pj-strategi");
    strategies.forEach(function (nama, kode) {
      const option = el("option", null, kode + " " + nama);
      option.value = kode;
      strategySelect.append(option);
    });
    const opdSelect = document.getElementById("pj-opd");
    Array.from(opds).sort().forEach(function (kode) {
      const option = el("option", null, kode);
      option.value = kode;
      opdSelect.append(option);
    });
  }

  async function load() {
    const params = new URLSearchParams({ limit: String(LIMIT), f: "json" });
    selects.forEach(function (select) {
      if (select.value) {
        params.set(select.dataset.param, select.value);
      }
    });
    status.textContent = gettext("Loading…");
    const answer = await fetchJson(section.dataset.items + "?" + params.toString());
    if (layer) {
      layer.remove();
      layer = null;
    }
    if (!toggle.checked) {
      status.textContent = "";
      return;
    }
    if (!answer.ok || !answer.data || !Array.isArray(answer.data.features)) {
      status.textContent = gettext("The roadmap locations could not be loaded.");
      return;
    }
    const features = answer.data.features;
    // bubblingMouseEvents false: a click on a location opens its popup, not the map's desa lookup.
    layer = L.geoJSON(answer.data, {
      pane: "peta-jalan",
      style: (feature) => ({ color: feature.properties.warna, weight: 3, fillOpacity: 0.3, bubblingMouseEvents: false }),
      pointToLayer: (feature, latlng) =>
        L.circleMarker(latlng, {
          pane: "peta-jalan",
          radius: 7,
          color: "#fff",
          weight: 2,
          fillColor: feature.properties.warna,
          fillOpacity: 0.95,
          bubblingMouseEvents: false,
        }),
      onEachFeature: (feature, item) => item.bindPopup(() => popup(feature.properties), { maxWidth: 320 }),
    }).addTo(map);
    section.dataset.loaded = String(features.length);
    status.textContent = interpolate(ngettext("%s location shown", "%s locations shown", features.length), [
      formatNumber(features.length, 0),
    ]);
  }

  async function showLegend() {
    if (legend.childElementCount) {
      return;
    }
    const answer = await fetchJson(section.dataset.items.replace(/\/items$/, "") + "?f=json");
    const dims = answer.ok && answer.data && Array.isArray(answer.data.dimensi) ? answer.data.dimensi : [];
    dims.forEach(function (dim) {
      const item = el("li");
      const swatch = el("span", "peta-jalan__warna");
      swatch.style.background = dim.warna;
      item.append(swatch, el("span", null, dim.nama));
      legend.append(item);
    });
  }

  toggle.addEventListener("change", function () {
    filters.hidden = !toggle.checked;
    if (toggle.checked) {
      loadOptions();
      showLegend();
    }
    load();
  });
  selects.forEach((select) => select.addEventListener("change", load));
})();

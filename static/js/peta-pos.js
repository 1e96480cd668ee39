/* River gauges (pos duga air) on the public map: each station a circle in the
 * colour of its alert state (from /api/flood/pos/, WebSIG.config.api.floodPos),
 * offered in the map's layer control and shown at first; a click opens the
 * latest level, time and state, the thresholds, a chart of the last 7 days
 * (uPlot, loaded on the first popup from the script tag's data-uplot) and,
 * for a station at Siaga 3 or higher, the desa downstream.
 *
 * The map container reports for tests: data-pos ("siap" once drawn),
 * data-pos-jumlah (stations drawn); a popup's chart data-grafik ("siap",
 * "kosong", "galat"). */
(function () {
  "use strict";

  const map = window.websigMap;
  const control = window.websigLayersControl;
  const script = document.currentScript;
  const api = window.WebSIG && WebSIG.config.api;
  if (!map || !control || !api || !api.floodPos) {
    return;
  }
  const { el, escapeHtml, fetchJson, formatNumber } = window.WebSIG;
  const container = map.getContainer();
  const DAYS = 7;
  const narrow = window.matchMedia("(max-width: 820px)");
  const IN_ALERT = ["siaga_3", "siaga_2", "siaga_1"];
  // Siaga 4 is the normal watch; Siaga 1 the highest alert (flood.managers).
  const STATUS = {
    normal: { color: "#2b83ba", label: gettext("Normal (below Siaga 4)") },
    siaga_4: { color: "#1a9641", label: gettext("Siaga 4 (normal)") },
    siaga_3: { color: "#e6b800", label: gettext("Siaga 3 (waspada)") },
    siaga_2: { color: "#f57c00", label: gettext("Siaga 2 (siaga)") },
    siaga_1: { color: "#d7191c", label: gettext("Siaga 1 (awas)") },
    tanpa_data: { color: "#8a8a8a", label: gettext("No reading") },
  };
  const THRESHOLDS = [
    ["siaga_4_cm", "Siaga 4"],
    ["siaga_3_cm", "Siaga 3"],
    ["siaga_2_cm", "Siaga 2"],
    ["siaga_1_cm", "Siaga 1"],
  ];
  const TIME = new Intl.DateTimeFormat("id-ID", {
    day: "numeric",
    month: "short",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "Asia/Jakarta",
  });
  const DAY = new Intl.DateTimeFormat("id-ID", { day: "numeric", month: "short", timeZone: "Asia/Jakarta" });
  map.createPane("pos").style.zIndex = 455; // over the sectoral layers (430) and the points (450)
  const group = L.layerGroup();

  function addStylesheet(href) {
    if (href && !document.querySelector('link[href="' + CSS.escape(href) + '"]')) {
      const link = document.createElement("link");
      link.rel = "stylesheet";
      link.href = href;
      document.head.appendChild(link);
    }
  }
  addStylesheet(script && script.dataset.css);

  let uplotLoading = null;
  function loadUplot() {
    if (window.uPlot) {
      return Promise.resolve(window.uPlot);
    }
    if (!uplotLoading) {
      addStylesheet(script.dataset.uplotCss);
      uplotLoading = new Promise(function (resolve, reject) {
        const tag = document.createElement("script");
        tag.src = script.dataset.uplot;
        tag.onload = () => resolve(window.uPlot);
        tag.onerror = reject;
        document.head.appendChild(tag);
      });
    }
    return uplotLoading;
  }

  function cm(value) {
    return formatNumber(value, 1) + " cm";
  }

  function time(iso) {
    return TIME.format(new Date(iso)) + " WIB";
  }

  function badge(status) {
    const info = STATUS[status] || STATUS.tanpa_data;
    const item = el("span", "pos-status pos-status--" + status, info.label);
    item.style.setProperty("--warna", info.color);
    return item;
  }

  function row(list, label, value) {
    list.appendChild(el("dt", null, label));
    const cell = el("dd");
    cell.append(value);
    list.appendChild(cell);
  }

  function popupContent(props) {
    const root = el("div", "info-fitur info-pos");
    root.appendChild(el("p", "info-fitur__layer", props.nama));
    root.appendChild(el("p", "info-fitur__opd", interpolate(gettext("River %(sungai)s · station %(kode)s"), props, true)));
    if (props.is_sample) {
      root.appendChild(el("span", "lencana lencana--contoh", WebSIG.config.sampleLabel));
    }
    const list = el("dl", "info-pos__ringkas");
    row(list, gettext("Status"), badge(props.status));
    if (props.tma_terakhir !== null) {
      row(list, gettext("Water level"), cm(props.tma_terakhir));
      row(list, gettext("Time"), time(props.waktu_terakhir));
    }
    root.appendChild(list);
    if (props.data_lama) {
      root.appendChild(el("p", "info-pos__lama", gettext("The latest reading is more than 6 hours old.")));
    }
    const thresholds = el("p", "info-pos__ambang");
    thresholds.textContent =
      gettext("Thresholds") + ": " + THRESHOLDS.map(([key, label]) => label + " " + formatNumber(props[key], 0)).join(" · ") + " cm";
    root.appendChild(thresholds);
    const chart = el("div", "info-pos__grafik");
    chart.setAttribute("role", "img");
    chart.setAttribute("aria-label", interpolate(gettext("Water level of the last %(n)s days"), { n: DAYS }, true));
    root.appendChild(chart);
    if (IN_ALERT.includes(props.status) && props.desa_hilir.length) {
      const section = el("div", "info-pos__hilir");
      section.appendChild(
        el("p", "info-pos__judul", interpolate(gettext("Desa downstream (%(n)s)"), { n: formatNumber(props.desa_hilir.length, 0) }, true))
      );
      const desa = el("ul");
      props.desa_hilir.forEach((item) => desa.appendChild(el("li", null, item.nama + " (" + item.kecamatan + ")")));
      section.appendChild(desa);
      root.appendChild(section);
    }
    return { root: root, chart: chart };
  }

  async function drawChart(target, props) {
    let answer;
    try {
      answer = await fetchJson(api.floodPos + encodeURIComponent(props.kode) + "/bacaan/?hari=" + DAYS);
    } catch (error) {
      answer = { ok: false };
    }
    if (!answer.ok) {
      target.dataset.grafik = "galat";
      target.textContent = gettext("The readings could not be loaded.");
      return;
    }
    const readings = answer.data.bacaan;
    if (!readings.length) {
      target.dataset.grafik = "kosong";
      target.textContent = interpolate(gettext("No reading in the last %(n)s days."), { n: DAYS }, true);
      return;
    }
    let uPlot;
    try {
      uPlot = await loadUplot();
    } catch (error) {
      target.dataset.grafik = "galat";
      return;
    }
    const xs = readings.map((r) => Date.parse(r.waktu) / 1000);
    const levels = readings.map((r) => r.tma_cm);
    const lines = [
      ["siaga_3_cm", "Siaga 3", STATUS.siaga_3.color],
      ["siaga_2_cm", "Siaga 2", STATUS.siaga_2.color],
      ["siaga_1_cm", "Siaga 1", STATUS.siaga_1.color],
    ];
    const series = [{}, { label: gettext("Water level"), stroke: "#0b4f8a", width: 2, value: (u, v) => (v === null ? "–" : cm(v)) }];
    const data = [xs, levels];
    lines.forEach(function ([key, label, color]) {
      series.push({ label: label, stroke: color, width: 1, dash: [4, 4], points: { show: false } });
      data.push(xs.map(() => props[key]));
    });
    target.replaceChildren();
    const width = Math.max(220, Math.min(300, target.clientWidth || 260));
    const plot = new uPlot(
      {
        width: width,
        height: narrow.matches ? 110 : 140,
        legend: { show: false },
        cursor: { y: false },
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), "Asia/Jakarta"),
        scales: { y: { range: (u, min, max) => [Math.min(0, min), Math.max(max, props.siaga_2_cm) * 1.05] } },
        axes: [
          { size: 32, font: "11px system-ui, sans-serif", values: (u, splits) => splits.map((ts) => DAY.format(new Date(ts * 1000))) },
          { size: 44, font: "11px system-ui, sans-serif", values: (u, values) => values.map((v) => formatNumber(v, 0)) },
        ],
        series: series,
      },
      data,
      target
    );
    target.plot = plot;
    target.dataset.grafik = "siap";
  }

  function marker(feature) {
    const props = feature.properties;
    const [lon, lat] = feature.geometry.coordinates;
    const info = STATUS[props.status] || STATUS.tanpa_data;
    const circle = L.circleMarker([lat, lon], {
      pane: "pos",
      radius: IN_ALERT.includes(props.status) ? 10 : 8,
      color: "#ffffff",
      weight: 2,
      fillColor: info.color,
      fillOpacity: 0.95,
    });
    circle.feature = feature;
    circle.bindTooltip(props.nama + " · " + info.label, { direction: "top", offset: [0, -8] });
    circle.bindPopup(() => {
      const content = popupContent(props);
      circle.once("popupopen", () => drawChart(content.chart, props));
      return content.root;
    }, {
      maxWidth: 320,
      minWidth: 260,
      // On a phone the popup scrolls rather than run under the search bar.
      maxHeight: narrow.matches ? Math.round(window.innerHeight * 0.5) : null,
      className: "popup-fitur popup-pos",
      autoPanPaddingTopLeft: L.point(16, 110),
    });
    circle.on("add", () => circle.getElement() && circle.getElement().setAttribute("data-pos", props.kode));
    return circle;
  }

  // The colours of the states, under the layer control's overlays while the stations are shown.
  function legend() {
    const box = el("details", "pos-legenda");
    box.open = !narrow.matches;
    box.appendChild(el("summary", null, gettext("River gauges")));
    const list = el("ul");
    ["siaga_1", "siaga_2", "siaga_3", "siaga_4", "normal"].forEach((status) => list.appendChild(el("li").appendChild(badge(status)).parentNode));
    box.appendChild(list);
    const item = L.control({ position: "bottomleft" });
    item.onAdd = () => {
      L.DomEvent.disableClickPropagation(box);
      return box;
    };
    map.on("overlayadd", (event) => event.layer === group && item.addTo(map));
    map.on("overlayremove", (event) => event.layer === group && item.remove());
    return item;
  }

  async function load() {
    let answer;
    try {
      answer = await fetchJson(api.floodPos);
    } catch (error) {
      return;
    }
    if (!answer.ok || !answer.data || !Array.isArray(answer.data.features) || !answer.data.features.length) {
      container.dataset.pos = "kosong";
      return;
    }
    answer.data.features.forEach((feature) => group.addLayer(marker(feature)));
    control.addOverlay(group, escapeHtml(gettext("River gauges (water level)")));
    group.addTo(map);
    legend().addTo(map);
    container.dataset.posJumlah = String(answer.data.features.length);
    container.dataset.pos = "siap";
  }

  load();
})();

/* The indicator dashboard (/dasbor/): numbers in the page's language, the
 * filters (kecamatan, year) applied on change, a trend per indicator (uPlot)
 * and a choropleth per kecamatan (or per desa of the chosen kecamatan) of one
 * indicator, from /api/indikator/ (the stored values the cards show), drawn
 * from the vector tiles of the OGC collections "kecamatan"/"desa" (ubin-vektor.js;
 * the wilayah API's GeoJSON where tiles cannot be had).
 *
 * The map container reports its state for tests: data-indikator (the code
 * drawn), data-tingkat (kecamatan/desa), data-loaded (areas with a value),
 * data-sumber ("ubin"/"geojson"), data-basemap. */
(function () {
  "use strict";

  const W = window.WebSIG;
  const page = W && W.readJson("data-dasbor");
  if (!W || !page) {
    return;
  }
  const { el, formatNumber, fetchJson, boundaries } = W;
  const units = page.units || {};
  // Sequential greens, light to dark: five classes between 0 and the largest value.
  const COLOURS = ["#edf8e9", "#bae4b3", "#74c476", "#31a354", "#006d2c"];
  const NO_VALUE = "#d9dedc";

  function format(value, digits) {
    return value === null || value === undefined ? "–" : formatNumber(value, digits);
  }

  function withUnit(kode, value) {
    const [symbol, digits] = units[kode] || ["", 2];
    const text = format(value, digits);
    return symbol ? text + " " + symbol : text;
  }

  /* Numbers rendered by the server, in the page's language (1.234,5). */
  document.querySelectorAll("[data-nilai]").forEach(function (node) {
    const value = Number(node.dataset.nilai);
    if (isFinite(value)) {
      node.textContent = formatNumber(value, Number(node.dataset.digit || 2));
    }
  });

  /* Filters: a choice applies at once (the button stays for keyboards without JS). */
  const form = document.getElementById("saring");
  ["saring-kecamatan", "saring-tahun"].forEach(function (id) {
    const select = document.getElementById(id);
    if (select && form) {
      select.addEventListener("change", function () {
        // An empty choice leaves the parameter out, so the address stays clean.
        form.querySelectorAll("select").forEach((s) => (s.disabled = !s.value));
        form.submit();
      });
    }
  });

  /* Trends ----------------------------------------------------------------------- */

  function drawTrend(trend) {
    const box = document.getElementById("tren-" + trend.kode);
    if (!box) {
      return;
    }
    const points = trend.periode
      .map((p, i) => [Number(p), trend.nilai[i], trend.target[i]])
      .filter((row) => isFinite(row[0]));
    if (points.length < 2 || !window.uPlot) {
      box.appendChild(
        el("p", "dasbor-tren__satu", points.length === 1 ? gettext("One period stored: no trend yet.") : "")
      );
      box.dataset.periods = String(points.length);
      return;
    }
    const hasTarget = points.some((row) => row[2] !== null && row[2] !== undefined);
    const series = [{}, { label: gettext("Value"), stroke: "#0e4a3a", width: 2, points: { size: 6 } }];
    const data = [points.map((r) => r[0]), points.map((r) => r[1])];
    if (hasTarget) {
      series.push({ label: gettext("Target"), stroke: "#c8a13a", width: 1.5, dash: [5, 4], points: { size: 4 } });
      data.push(points.map((r) => (r[2] === undefined ? null : r[2])));
    }
    const width = Math.max(200, box.clientWidth || 260);
    const options = {
      width: width,
      height: 120,
      legend: { show: false },
      cursor: { show: false },
      scales: { x: { time: false } },
      axes: [
        { values: (u, ticks) => ticks.map((t) => (Number.isInteger(t) ? String(t) : "")), size: 28 },
        { values: (u, ticks) => ticks.map((t) => formatNumber(t, 0)), size: 48 },
      ],
      series: series,
    };
    new window.uPlot(options, data, box);
    box.dataset.periods = String(points.length);
  }
  (page.trends || []).forEach(drawTrend);

  /* Choropleth ------------------------------------------------------------------- */

  const container = document.getElementById("peta-dasbor");
  const picker = document.getElementById("peta-indikator");
  const legend = document.getElementById("legenda-dasbor");
  const status = document.getElementById("peta-status");
  if (!container || !window.L || !picker || !picker.value) {
    if (container) {
      container.hidden = true;
    }
    return;
  }
  const map = W.createMap(container, { wheelOnFocus: true, basemap: { opacity: 0.6 } });
  window.websigDasborMap = map;
  const level = page.level;
  container.dataset.tingkat = level;
  /* Five equal classes between the smallest and the largest value shown. */
  function classOf(value, low, top) {
    if (value === null || value === undefined) {
      return -1;
    }
    if (top <= low) {
      return 0;
    }
    return Math.min(COLOURS.length - 1, Math.floor(((value - low) / (top - low)) * COLOURS.length));
  }

  function drawLegend(kode, low, top) {
    legend.replaceChildren();
    legend.appendChild(el("p", "dasbor-legenda__judul", picker.options[picker.selectedIndex].text));
    const list = el("ul", "dasbor-legenda__daftar");
    COLOURS.forEach(function (colour, i) {
      const item = el("li");
      const swatch = el("span", "dasbor-legenda__warna");
      swatch.style.background = colour;
      item.appendChild(swatch);
      const from = low + ((top - low) * i) / COLOURS.length;
      const to = low + ((top - low) * (i + 1)) / COLOURS.length;
      item.appendChild(el("span", null, withUnit(kode, from) + " – " + withUnit(kode, to)));
      list.appendChild(item);
    });
    const none = el("li");
    const grey = el("span", "dasbor-legenda__warna");
    grey.style.background = NO_VALUE;
    none.appendChild(grey);
    none.appendChild(el("span", null, gettext("no value")));
    list.appendChild(none);
    legend.appendChild(list);
  }

  function popupContent(kode, props, row) {
    const root = el("div", "dasbor-info");
    root.appendChild(el("h3", null, props.nama));
    const figure = el("p", "dasbor-info__angka");
    if (row && row.url) {
      const link = el("a", null, withUnit(kode, row.nilai));
      link.href = row.url;
      figure.appendChild(link);
    } else {
      figure.textContent = withUnit(kode, row ? row.nilai : null);
    }
    root.appendChild(figure);
    if (row) {
      root.appendChild(el("p", "dasbor-info__periode", interpolate(gettext("year %(y)s"), { y: row.periode }, true)));
      if (row.is_sample) {
        root.appendChild(el("span", "lencana lencana--contoh", W.config.sampleLabel));
      }
    }
    return root;
  }

  /* The value of each area: of the chosen year, or the latest stored. */
  function latestByArea(rows) {
    const out = new Map();
    rows
      .filter((r) => !r.rincian)
      .forEach(function (row) {
        const seen = out.get(row.kode_wilayah);
        if (!seen || row.periode > seen.periode) {
          out.set(row.kode_wilayah, row);
        }
      });
    return out;
  }

  /* What the map shows: the indicator, its value per area and the class range. */
  const shown = { kode: null, byArea: new Map(), low: 0, top: 0 };

  function colourOf(kodeWilayah) {
    const row = shown.byArea.get(kodeWilayah);
    const index = classOf(row ? row.nilai : null, shown.low, shown.top);
    return index < 0 ? NO_VALUE : COLOURS[index];
  }

  /* Whether an area is drawn: with a kecamatan chosen, only its desa. */
  function inFilter(kodeWilayah) {
    return !page.kecamatan || level !== "desa" || String(kodeWilayah || "").startsWith(page.kecamatan + ".");
  }

  function popupFor(props) {
    return popupContent(shown.kode, props, shown.byArea.get(props.kode));
  }

  /* The areas from the vector tiles of the OGC collection of the level
   * ("kecamatan"/"desa": every tile feature keeps its kode and nama), coloured
   * by the values shown; a new indicator only repaints the tiles. */
  async function tileLayer() {
    const P = window.protomapsL;
    const keep = (z, feature) => inFilter(feature.props.kode);
    return window.WebSIGTiles.create(map, {
      collection: level,
      paintRules: [
        {
          dataLayer: level,
          filter: keep,
          symbolizer: new P.PolygonSymbolizer({ fill: (z, feature) => colourOf(feature.props.kode), opacity: 0.8 }),
        },
        {
          dataLayer: level,
          filter: keep,
          symbolizer: new P.LineSymbolizer({ color: "#ffffff", width: level === "desa" ? 0.8 : 1.2, opacity: 1 }),
        },
      ],
      popup: async (feature) => popupFor(feature.properties || {}),
      popupOptions: { maxWidth: 260 },
    });
  }

  /* The same from the GeoJSON of the wilayah API, where the tiles cannot be had. */
  async function geoJsonLayer() {
    const areas = await boundaries(level);
    return L.geoJSON(
      { type: "FeatureCollection", features: areas.features.filter((f) => inFilter(f.properties.kode)) },
      {
        style: (feature) => ({
          color: "#ffffff",
          weight: level === "desa" ? 0.8 : 1.2,
          fillOpacity: 0.8,
          fillColor: colourOf(feature.properties.kode),
        }),
        onEachFeature: function (feature, layer) {
          layer.bindTooltip(() => feature.properties.nama + " · " + withUnit(shown.kode, (shown.byArea.get(feature.properties.kode) || {}).nilai), {
            sticky: true,
            direction: "top",
          });
          layer.bindPopup(() => popupFor(feature.properties), { maxWidth: 260 });
        },
      }
    );
  }

  let drawn = null;

  /* The layer of the areas, made once: tiles where the collection has them. */
  async function areaLayer() {
    if (drawn) {
      return drawn;
    }
    try {
      if (!window.WebSIGTiles || !window.protomapsL) {
        throw new Error("no vector tiles on this page");
      }
      drawn = await tileLayer();
      container.dataset.sumber = "ubin";
      map.on("click", (event) => window.WebSIGTiles.openFeatureAt(map, event.latlng));
    } catch (error) {
      drawn = await geoJsonLayer();
      container.dataset.sumber = "geojson";
    }
    drawn.addTo(map);
    if (page.kecamatan) {
      const kecamatan = await boundaries("kecamatan");
      const chosen = kecamatan.features.filter((f) => f.properties.kode === page.kecamatan);
      if (chosen.length) {
        map.fitBounds(L.geoJSON({ type: "FeatureCollection", features: chosen }).getBounds(), { padding: [12, 12] });
      }
    }
    return drawn;
  }

  async function draw(kode) {
    status.textContent = gettext("Loading the map…");
    container.dataset.loaded = "";
    const params = new URLSearchParams({ level: level, indikator: kode });
    if (page.kecamatan) {
      params.set("kode", page.kecamatan);
    }
    if (page.tahun) {
      params.set("periode", page.tahun);
    }
    try {
      const answer = await fetchJson(page.api + "?" + params);
      if (!answer.ok) {
        throw new Error("indikator " + answer.status);
      }
      const byArea = latestByArea(answer.data.results);
      const numbers = Array.from(byArea.values(), (r) => r.nilai).filter((v) => v !== null);
      Object.assign(shown, {
        kode: kode,
        byArea: byArea,
        low: numbers.length ? Math.min(...numbers) : 0,
        top: numbers.length ? Math.max(...numbers) : 0,
      });
      const layer = await areaLayer();
      map.closePopup();
      if (typeof layer.rerenderTiles === "function") {
        layer.rerenderTiles();
      } else {
        layer.setStyle((feature) => ({ fillColor: colourOf(feature.properties.kode) }));
      }
      drawLegend(kode, shown.low, shown.top);
      // In the layer control (opacity) and in the legend of an export of the map.
      W.addOverlay(map, layer, picker.options[picker.selectedIndex].text, { entries: W.legendFromList(legend) });
      container.dataset.indikator = kode;
      container.dataset.loaded = String(byArea.size);
      status.textContent = byArea.size ? "" : gettext("This indicator has no value for these areas.");
    } catch (error) {
      status.textContent = gettext("The map could not be loaded. The figures above are not affected.");
      container.dataset.loadError = "true";
    }
  }

  picker.addEventListener("change", () => draw(picker.value));
  draw(picker.value);
})();

/* The indicator map of /tata-ruang/kesesuaian/: a choropleth of the indicator
 * per desa or per kecamatan, and the "tidak sesuai" pieces of the worklist.
 *
 * The container reports its state for tests and assistive code: data-tingkat
 * ("desa"/"kecamatan"), data-loaded (areas drawn at that level),
 * data-issues-loaded (pieces drawn), data-basemap ("osm"/"none"). */
(function () {
  "use strict";

  const container = document.getElementById("peta-kesesuaian");
  const T = window.WebSIGTataruang;
  if (!container || !window.L || !T || !T.page.run) {
    return;
  }
  const { el, fetchJson, formatNumber, boundaries } = window.WebSIG;
  const api = T.page.api;
  const status = document.getElementById("peta-status");

  // Close in, the colours thin out so that the streets of the basemap show.
  const NEAR_ZOOM = 14;
  const STYLE = {
    desa: { color: "#ffffff", weight: 0.7, opacity: 0.9 },
    kecamatan: { color: "#ffffff", weight: 1.4, opacity: 1 },
    outline: { color: "#3d4a47", weight: 1.3, opacity: 0.8, fill: false, interactive: false },
    hover: { color: "#0a3a2d", weight: 2.5, opacity: 1 },
    issue: { color: "#3b0a45", weight: 1, opacity: 1, fillColor: "#7b2cbf", fillOpacity: 0.85 },
    issueFocus: { color: "#f4b400", weight: 3, opacity: 1, fillColor: "#7b2cbf", fillOpacity: 0.95 },
  };

  const map = window.WebSIG.kabupatenMap(container, { opacity: 0.6 });
  window.websigKesesuaianMap = map;
  map.createPane("pilihan").style.zIndex = 420;
  map.createPane("garis").style.zIndex = 430;
  map.createPane("bidang").style.zIndex = 440;

  /* Popups ----------------------------------------------------------------------- */

  function popupContent(kind, props, result) {
    const root = el("div", "info-kesesuaian");
    root.appendChild(el("p", "info-kesesuaian__jenis", kind === "desa" ? window.WebSIG.jenisLabel(props.jenis) : gettext("Kecamatan")));
    root.appendChild(el("h3", "info-kesesuaian__nama", props.nama));
    if (kind === "desa" && props.kecamatan_nama) {
      root.appendChild(el("p", "info-kesesuaian__induk", interpolate(gettext("Kecamatan %(name)s"), { name: props.kecamatan_nama }, true)));
    }
    const figure = el("p", "info-kesesuaian__angka");
    const swatch = el("span", "info-kesesuaian__warna");
    swatch.style.background = T.indicatorColour(result ? result.persen : null);
    figure.appendChild(swatch);
    figure.appendChild(el("strong", null, T.formatPercent(result ? result.persen : null)));
    figure.appendChild(el("span", null, gettext("conforming of the assessed area")));
    root.appendChild(figure);
    // Beside the indicator: the share of the area in high flood hazard (stored flood statistics).
    const banjir = T.page.banjir;
    const high = banjir && banjir[kind] ? banjir[kind][props.kode] : undefined;
    if (typeof high === "number") {
      const hazard = el("p", "info-kesesuaian__banjir");
      hazard.dataset.persen = String(high);
      hazard.append(
        el("strong", null, formatNumber(high, 2) + "%"),
        " ",
        interpolate(gettext("of the area in high flood hazard (%(title)s)"), { title: banjir.judul }, true)
      );
      root.appendChild(hazard);
    }
    if (!result) {
      root.appendChild(el("p", "info-kesesuaian__catatan", gettext("No land use of this computation lies here.")));
      return root;
    }
    const facts = el("dl", "info-kesesuaian__luas");
    ["sesuai", "belum_terwujud", "tidak_sesuai", "tidak_dinilai"].forEach(function (key) {
      const row = el("div", "info-kesesuaian__baris info-kesesuaian__baris--" + key);
      row.appendChild(el("dt", null, T.outcomeLabel(key)));
      row.appendChild(el("dd", null, T.formatHa(result[key + "_ha"])));
      facts.appendChild(row);
    });
    root.appendChild(facts);
    return root;
  }

  /* Choropleth per desa and per kecamatan ------------------------------------------- */

  function areaStyle(kind) {
    return Object.assign({ fillOpacity: map.getZoom() >= NEAR_ZOOM ? 0.3 : 0.78 }, STYLE[kind]);
  }

  const levels = { desa: null, kecamatan: null };
  let outline = null;
  let level = "desa";
  // The choropleth of the level shown, one overlay of the layer control (its
  // opacity fades the pane, so the zoom's restyling keeps it) and of the export.
  const indicatorGroup = L.layerGroup([], { fadePane: "pilihan" }).addTo(map);
  const indicatorName = gettext("Conformity with the RTRW");
  const legendList = document.getElementById("legenda-kelas");
  window.WebSIG.addOverlay(map, indicatorGroup, indicatorName, {
    entries: indicatorLegend(),
  });

  /* The classes of the page's legend, and its "nothing assessed" swatch. */
  function indicatorLegend() {
    const entries = window.WebSIG.legendFromList(legendList);
    const empty = legendList ? legendList.querySelector(".legenda-kelas__warna--kosong") : null;
    if (empty) {
      entries.push({ label: empty.parentNode.textContent.trim(), color: T.indicatorColour(null), kind: "polygon" });
    }
    return entries;
  }

  function choropleth(kind, geojson, results) {
    const byKode = new Map(results.map((row) => [row.kode, row]));
    return L.geoJSON(geojson, {
      pane: "pilihan",
      style: function (feature) {
        const result = byKode.get(feature.properties.kode);
        return Object.assign({ fillColor: T.indicatorColour(result ? result.persen : null) }, areaStyle(kind));
      },
      onEachFeature: function (feature, layer) {
        const result = byKode.get(feature.properties.kode);
        layer.bindPopup(() => popupContent(kind, feature.properties, result), {
          maxWidth: 300,
          minWidth: 220,
          className: "popup-kesesuaian",
        });
        layer.bindTooltip(feature.properties.nama + " · " + T.formatPercent(result ? result.persen : null), {
          sticky: true,
          direction: "top",
          className: "tooltip-kesesuaian",
        });
        layer.on("mouseover", () => layer.setStyle(STYLE.hover));
        layer.on("mouseout", () => layer.setStyle(areaStyle(kind)));
      },
    });
  }

  function showLevel(kind) {
    level = kind;
    container.dataset.tingkat = kind;
    ["desa", "kecamatan"].forEach(function (other) {
      if (levels[other] && other !== kind) {
        indicatorGroup.removeLayer(levels[other]);
      }
    });
    if (levels[kind]) {
      indicatorGroup.addLayer(levels[kind].setStyle(areaStyle(kind)));
      container.dataset.loaded = String(levels[kind].getLayers().length);
    }
    if (outline) {
      // Kecamatan lines over the desa colours; on their own colours they are not needed.
      if (kind === "desa") {
        outline.addTo(map);
      } else {
        map.removeLayer(outline);
      }
    }
  }

  async function getJson(url) {
    const answer = await fetchJson(url);
    if (!answer.ok || !answer.data) {
      throw new Error("GET " + url + " answered " + answer.status);
    }
    return answer.data;
  }

  async function load() {
    try {
      const [desa, kecamatan, perDesa, perKecamatan] = await Promise.all([
        boundaries("desa"),
        boundaries("kecamatan"),
        getJson(api.results + "?level=desa"),
        getJson(api.results + "?level=kecamatan"),
      ]);
      levels.desa = choropleth("desa", desa, perDesa.results);
      levels.kecamatan = choropleth("kecamatan", kecamatan, perKecamatan.results);
      outline = L.geoJSON(kecamatan, { pane: "garis", style: STYLE.outline, interactive: false });
      showLevel(level);
      status.textContent = "";
    } catch (error) {
      status.textContent = gettext("The map could not be loaded. The tables below hold the same figures.");
      container.dataset.loadError = "true";
    }
  }

  map.on("zoomend", function () {
    if (levels[level]) {
      levels[level].setStyle(areaStyle(level));
    }
  });

  document.querySelectorAll("input[name=tingkat]").forEach(function (input) {
    input.addEventListener("change", function () {
      if (input.checked) {
        map.closePopup();
        showLevel(input.value);
      }
    });
  });

  /* Worklist pieces ------------------------------------------------------------------ */

  const issueRenderer = L.canvas({ padding: 0.3, pane: "bidang" });
  const issueToggle = document.getElementById("tampil-tidak-sesuai");
  let issueLayer = null;
  let issueById = new Map();
  let focused = null;

  function issueContent(props) {
    const root = el("div", "info-kesesuaian info-kesesuaian--bidang");
    root.appendChild(el("p", "info-kesesuaian__jenis", gettext("Non-conforming piece")));
    root.appendChild(el("h3", "info-kesesuaian__nama", props.penggunaan));
    const facts = el("dl", "info-kesesuaian__luas");
    [
      [gettext("Planned as"), props.rencana],
      [gettext("Area"), formatNumber(props.luas_ha, 2) + " ha"],
      [gettext("Desa/kelurahan"), props.desa_nama || "–"],
      [gettext("Kecamatan"), props.kecamatan_nama || "–"],
    ].forEach(function (pair) {
      const row = el("div", "info-kesesuaian__baris");
      row.appendChild(el("dt", null, pair[0]));
      row.appendChild(el("dd", null, pair[1]));
      facts.appendChild(row);
    });
    root.appendChild(facts);
    return root;
  }

  /* Draw the pieces given (GeoJSON features with penggunaan/rencana names added). */
  function setIssues(features) {
    if (issueLayer) {
      window.WebSIG.removeOverlay(map, issueLayer);
    }
    issueById = new Map();
    focused = null;
    issueLayer = L.geoJSON({ type: "FeatureCollection", features: features }, {
      renderer: issueRenderer,
      pane: "bidang",
      style: STYLE.issue,
      onEachFeature: function (feature, layer) {
        issueById.set(feature.id, layer);
        layer.bindPopup(() => issueContent(feature.properties), { maxWidth: 300, className: "popup-kesesuaian" });
      },
    });
    issueLayer.options.fadePane = "bidang";
    window.WebSIG.addOverlay(map, issueLayer, gettext("Non-conforming pieces"), {
      entries: [{ label: gettext("Non-conforming piece"), color: STYLE.issue.fillColor, kind: "polygon" }],
    });
    container.dataset.issuesLoaded = String(features.length);
    showIssues(issueToggle.checked);
  }

  function showIssues(visible) {
    if (!issueLayer) {
      return;
    }
    if (visible) {
      issueLayer.addTo(map);
    } else {
      map.removeLayer(issueLayer);
    }
    markPiecesInLegend(visible);
  }

  function markPiecesInLegend(visible) {
    document.getElementById("legenda-kelas").classList.toggle("legenda-kelas--bidang", visible);
  }

  issueToggle.addEventListener("change", () => showIssues(issueToggle.checked));
  // The layer control shows and hides the pieces too: the page's switch follows it.
  window.WebSIG.followOverlay(map, issueToggle, () => issueLayer, markPiecesInLegend);

  /* Zoom to one piece of the worklist and open its popup. */
  function focusIssue(id) {
    const layer = issueById.get(id);
    if (!layer) {
      return;
    }
    if (!issueToggle.checked) {
      issueToggle.checked = true;
      showIssues(true);
    }
    if (focused) {
      focused.setStyle(STYLE.issue);
    }
    focused = layer;
    layer.setStyle(STYLE.issueFocus);
    container.scrollIntoView({ behavior: "smooth", block: "center" });
    map.fitBounds(layer.getBounds().pad(1.5), { maxZoom: 16 });
    layer.openPopup(layer.getBounds().getCenter());
  }

  /* Zoom to a kecamatan (the worklist filter), or back to the kabupaten. */
  function zoomToKecamatan(kode) {
    if (!kode || !levels.kecamatan) {
      map.fitBounds(window.WebSIG.kabupatenBounds());
      return;
    }
    levels.kecamatan.eachLayer(function (layer) {
      if (layer.feature.properties.kode === kode) {
        map.fitBounds(layer.getBounds(), { padding: [12, 12] });
      }
    });
  }

  T.peta = { setIssues: setIssues, focusIssue: focusIssue, zoomToKecamatan: zoomToKecamatan };
  load();
})();

/* Sectoral layers of the OPDs on the public map: a panel section lists the
 * published layers by OPD (filterable by theme), each with a checkbox, its
 * feature count and its legend.
 *
 * A ticked layer of more than TILE_THRESHOLD features is drawn whole from the
 * vector tiles of its OGC collection (ubin-vektor.js; at low zoom the server
 * draws polygons smaller than a pixel as pixels and leaves such lines out); a
 * click on one of its features fetches the whole feature for the popup. Smaller
 * layers (points keep their icons) load their features from
 * /api/layers/<slug>/features/ for the current view (at most 5,000 at a time)
 * and reload when the map moves if the view did not hold them all. A
 * kecamatan/desa filter narrows every ticked layer to one area: the tiles do
 * not carry the desa of a feature, so a large layer is then loaded as
 * GeoJSON too (at most 5,000 features of the area in view).
 *
 * The section reports its state for tests: data-layers (layers listed) on
 * #sektoral; on each layer's list item data-loaded (features drawn),
 * data-source ("tiles" or "geojson") and, for tiles, data-tiles ("loading",
 * "loaded": the tiles of the view drawn). */
(function () {
  "use strict";

  const section = document.getElementById("sektoral");
  const map = window.websigMap;
  if (!section || !map || !window.WebSIGLayers) {
    return;
  }
  const { el, fetchJson, formatNumber } = window.WebSIG;
  const WL = window.WebSIGLayers;

  const LIMIT = 5000;
  const ICON_LIMIT = 1000; // beyond this many points, canvas circles instead of icons
  // Beyond this many features a layer is drawn from vector tiles (when it is not filtered).
  const TILE_THRESHOLD = 2000;
  const Tiles = window.WebSIGTiles;
  const list = document.getElementById("sektoral-daftar");
  const themeSelect = document.getElementById("sektoral-tema");
  const kecamatanSelect = document.getElementById("saring-kecamatan");
  const desaSelect = document.getElementById("saring-desa");
  const summary = document.getElementById("sektoral-status");
  const canvas = L.canvas({ padding: 0.3 });
  const POPUP_OPTIONS = { maxWidth: 320, minWidth: 220, className: "popup-fitur", autoPanPaddingTopLeft: L.point(16, 110) };
  map.createPane("sektoral").style.zIndex = 430;

  const active = new Map(); // slug -> state of a ticked layer
  const filter = { kecamatan: "", desa: "" };
  let wilayah = null;

  /* The list of layers ------------------------------------------------------------- */

  async function loadCatalogue() {
    const answer = await fetchJson(section.dataset.apiLayers);
    if (!answer.ok || !Array.isArray(answer.data)) {
      summary.textContent = gettext("The sectoral layers could not be loaded.");
      return;
    }
    const layers = answer.data.filter((layer) => layer.published && layer.version);
    section.dataset.layers = String(layers.length);
    if (!layers.length) {
      summary.textContent = gettext("No sectoral layer has been published yet.");
      return;
    }
    summary.textContent = "";
    drawList(layers);
    fillThemes(layers);
    const wanted = new URLSearchParams(window.location.search).get("layer");
    const item = wanted && list.querySelector('li[data-slug="' + CSS.escape(wanted) + '"]');
    if (item) {
      const box = item.querySelector("input[type=checkbox]");
      item.closest("details").open = true;
      box.checked = true;
      toggle(item.layer, true, true);
    }
  }

  function drawList(layers) {
    const byOpd = new Map();
    layers.forEach(function (layer) {
      const key = layer.opd.kode;
      if (!byOpd.has(key)) {
        byOpd.set(key, { opd: layer.opd, layers: [] });
      }
      byOpd.get(key).layers.push(layer);
    });
    const groups = Array.from(byOpd.values()).sort((a, b) => a.opd.singkatan.localeCompare(b.opd.singkatan));
    list.replaceChildren();
    groups.forEach(function (group) {
      const details = el("details", "sektoral-opd");
      details.open = groups.length <= 3;
      const heading = el("summary", "sektoral-opd__judul");
      heading.appendChild(el("span", "sektoral-opd__nama", group.opd.singkatan));
      heading.appendChild(el("span", "sektoral-opd__jumlah", String(group.layers.length)));
      heading.title = group.opd.nama;
      details.appendChild(heading);
      const items = el("ul", "sektoral-layer");
      group.layers
        .sort((a, b) => a.theme_label.localeCompare(b.theme_label) || a.title.localeCompare(b.title))
        .forEach((layer) => items.appendChild(layerItem(layer)));
      details.appendChild(items);
      list.appendChild(details);
    });
  }

  function layerItem(layer) {
    const kind = layer.version.geometry_kind;
    const item = el("li", "sektoral-layer__item");
    item.dataset.slug = layer.slug;
    item.dataset.theme = layer.theme;
    item.dataset.loaded = "0";
    item.layer = layer;
    const label = el("label", "sektoral-layer__label");
    const box = el("input");
    box.type = "checkbox";
    box.addEventListener("change", function () {
      toggle(layer, box.checked, false);
    });
    label.appendChild(box);
    const entries = WL.legendEntries(layer.style, layer.title);
    label.appendChild(WL.swatch(entries.length === 1 ? entries[0] : { color: entries[0].color, icon: entries[0].icon }, kind));
    const text = el("span", "sektoral-layer__teks");
    text.appendChild(el("span", "sektoral-layer__nama", layer.title));
    const meta = el("span", "sektoral-layer__meta");
    meta.textContent = layer.theme_label + " · " + interpolate(
      ngettext("%(n)s feature", "%(n)s features", layer.version.feature_count),
      { n: formatNumber(layer.version.feature_count, 0) },
      true
    );
    text.appendChild(meta);
    if (layer.is_sample) {
      text.appendChild(el("span", "lencana lencana--contoh", layer.label || WebSIG.config.sampleLabel));
    }
    label.appendChild(text);
    item.appendChild(label);
    const status = el("p", "sektoral-layer__status");
    status.setAttribute("aria-live", "polite");
    item.appendChild(status);
    if (entries.length > 1) {
      const legend = el("ul", "sektoral-layer__legenda");
      legend.hidden = true;
      entries.forEach(function (entry) {
        const row = el("li");
        row.appendChild(WL.swatch(entry, kind));
        row.appendChild(el("span", null, entry.label));
        legend.appendChild(row);
      });
      item.appendChild(legend);
    }
    const link = el("a", "sektoral-layer__tautan", gettext("Details and download"));
    link.href = section.dataset.layerPage.replace("SLUG", encodeURIComponent(layer.slug));
    item.appendChild(link);
    return item;
  }

  function fillThemes(layers) {
    const themes = new Map(layers.map((layer) => [layer.theme, layer.theme_label]));
    Array.from(themes.entries())
      .sort((a, b) => a[1].localeCompare(b[1]))
      .forEach(function (entry) {
        const option = el("option", null, entry[1]);
        option.value = entry[0];
        themeSelect.appendChild(option);
      });
    themeSelect.closest(".sektoral__saring").hidden = themes.size < 2;
  }

  themeSelect.addEventListener("change", function () {
    const theme = themeSelect.value;
    list.querySelectorAll(".sektoral-opd").forEach(function (group) {
      let shown = 0;
      group.querySelectorAll(".sektoral-layer__item").forEach(function (item) {
        item.hidden = Boolean(theme) && item.dataset.theme !== theme;
        shown += item.hidden ? 0 : 1;
      });
      group.hidden = shown === 0;
      if (theme && shown) {
        group.open = true;
      }
    });
  });

  /* Drawing a layer ---------------------------------------------------------------------- */

  function itemOf(slug) {
    return list.querySelector('li[data-slug="' + CSS.escape(slug) + '"]');
  }

  function toggle(layer, on, zoom) {
    const item = itemOf(layer.slug);
    const legend = item.querySelector(".sektoral-layer__legenda");
    if (legend) {
      legend.hidden = !on;
    }
    item.classList.toggle("sektoral-layer__item--aktif", on);
    if (!on) {
      const state = active.get(layer.slug);
      if (state) {
        map.removeLayer(state.group);
        if (state.tilesReady) {
          state.tilesReady.then((tiles) => tiles && Tiles.remove(map, tiles));
        }
        active.delete(layer.slug);
      }
      item.dataset.loaded = "0";
      delete item.dataset.source;
      item.querySelector(".sektoral-layer__status").textContent = "";
      return;
    }
    // Attribution is HTML: every part of it comes from the catalogue, so escape it.
    const credit = layer.opd.singkatan + ": " + layer.title + (layer.licence ? " (" + layer.licence + ")" : "");
    const group = L.featureGroup([], { attribution: WebSIG.escapeHtml(credit) }).addTo(map);
    if (window.WebSIGTools) {
      const kind = layer.version.geometry_kind;
      const entries = WL.legendEntries(layer.style, layer.title).map((entry) => Object.assign({ kind: kind }, entry));
      WebSIGTools.addLegend(map, group, { title: layer.title, entries: entries });
    }
    active.set(layer.slug, { layer: layer, group: group, complete: false, sequence: 0, tiles: null, tilesReady: null, noTiles: false });
    if (zoom && Array.isArray(layer.version.bbox)) {
      // After the boundaries, which fit the map to the kabupaten when they arrive.
      const b = layer.version.bbox;
      const fit = () => map.fitBounds(L.latLngBounds([b[1], b[0]], [b[3], b[2]]).pad(0.1), { maxZoom: 14 });
      if (WebSIG.wilayah) {
        fit();
      } else {
        document.addEventListener("websig:wilayah", fit, { once: true });
      }
    }
    load(layer.slug);
  }

  function viewBbox() {
    const bounds = map.getBounds().pad(0.1);
    return [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()]
      .map((value) => value.toFixed(6))
      .join(",");
  }

  function featuresUrl(layer) {
    const params = new URLSearchParams({ limit: String(LIMIT), bbox: viewBbox() });
    if (filter.desa) {
      params.set("desa", filter.desa);
    } else if (filter.kecamatan) {
      params.set("kecamatan", filter.kecamatan);
    }
    return layer.links.features + "?" + params.toString();
  }

  function drawOptions(layer, count) {
    const extra = {
      pane: "sektoral",
      bubblingMouseEvents: false,
      onEachFeature: function (feature, item) {
        item.bindPopup(function () {
          return WL.featureContent(feature, layer);
        }, POPUP_OPTIONS);
      },
    };
    // Clustered points (WL.clustered) keep their icons: few are on the map at once.
    if (layer.version.geometry_kind === "point" && count > ICON_LIMIT && !WL.clusters) {
      extra.pointToLayer = function (feature, latlng) {
        const symbol = WL.symbolFor(layer.style, feature.properties);
        return L.circleMarker(latlng, {
          renderer: canvas,
          pane: "sektoral",
          radius: 5,
          color: "#ffffff",
          weight: 1.5,
          fillColor: symbol.color,
          fillOpacity: 0.95,
          bubblingMouseEvents: false,
        });
      };
    }
    return WL.geoJsonOptions({ style: layer.style, geometry_kind: layer.version.geometry_kind }, extra);
  }

  /* Whether a layer is drawn from vector tiles now: large, unfiltered, tiles available. */
  function wantsTiles(state) {
    return Boolean(Tiles) && !state.noTiles && !filter.kecamatan && !filter.desa
      && state.layer.version.feature_count > TILE_THRESHOLD;
  }

  function tilePopup(layer) {
    return async function (feature) {
      return WL.featureContent(await WL.collectionFeature(feature), layer);
    };
  }

  /* Draw a layer from its vector tiles; false when it has none (then GeoJSON). */
  async function showTiles(state, item, status, mine) {
    const layer = state.layer;
    if (!state.tilesReady) {
      state.tilesReady = Tiles.create(map, {
        collection: layer.slug,
        kind: layer.version.geometry_kind,
        color: WL.colorFunction(layer.style),
        pane: "sektoral",
        popup: tilePopup(layer),
        popupOptions: POPUP_OPTIONS,
      })
        .then(function (tiles) {
          // data-tiles: whether the tiles of the view are drawn ("loaded") or on their way.
          tiles.on("loading", () => (item.dataset.tiles = "loading"));
          tiles.on("load", () => (item.dataset.tiles = "loaded"));
          return tiles;
        })
        .catch(() => null);
    }
    const tiles = await state.tilesReady;
    if (!tiles) {
      state.noTiles = true;
      return false;
    }
    state.tiles = tiles;
    if (active.get(layer.slug) !== state || mine !== state.sequence) {
      return true; // unticked, or a newer load decides
    }
    tiles.addTo(map);
    const total = layer.version.feature_count;
    state.group.clearLayers();
    state.complete = true;
    item.classList.remove("sektoral-layer__item--memuat");
    item.dataset.source = "tiles";
    item.dataset.loaded = String(total);
    status.textContent = WL.tilesStatus(total);
    return true;
  }

  async function load(slug) {
    const state = active.get(slug);
    if (!state) {
      return;
    }
    const mine = ++state.sequence;
    const item = itemOf(slug);
    const status = item.querySelector(".sektoral-layer__status");
    item.classList.add("sektoral-layer__item--memuat");
    status.textContent = gettext("Loading…");
    if (wantsTiles(state) && (await showTiles(state, item, status, mine))) {
      return;
    }
    if (active.get(slug) !== state || mine !== state.sequence) {
      return;
    }
    if (state.tiles && map.hasLayer(state.tiles)) {
      map.removeLayer(state.tiles); // filtered: the features of the area as GeoJSON
    }
    item.dataset.source = "geojson";
    const answer = await fetchJson(featuresUrl(state.layer));
    if (active.get(slug) !== state || mine !== state.sequence) {
      return; // unticked, or a newer request is on its way
    }
    item.classList.remove("sektoral-layer__item--memuat");
    if (!answer.ok || !answer.data || !Array.isArray(answer.data.features)) {
      status.textContent = WebSIG.errorText(answer, gettext("The features could not be loaded."));
      item.dataset.error = "true";
      return;
    }
    const data = answer.data;
    const total = state.layer.version.feature_count;
    const filtered = Boolean(filter.kecamatan || filter.desa);
    state.group.clearLayers();
    const drawn = L.geoJSON(data, drawOptions(state.layer, data.features.length));
    state.group.addLayer(WL.clustered(state.layer.style, state.layer.version.geometry_kind, drawn, { pane: "sektoral" }));
    state.complete = !filtered && !data.next && data.numberReturned >= total;
    item.dataset.loaded = String(data.numberReturned);
    status.textContent = statusText(data, total, filtered);
  }

  function statusText(data, total, filtered) {
    const shown = formatNumber(data.numberReturned, 0);
    if (data.next) {
      return filtered
        ? interpolate(gettext("Showing the first %(shown)s features here; zoom in to see more."), { shown: shown }, true)
        : interpolate(gettext("Showing %(shown)s of %(total)s features; zoom in to see more."), {
            shown: shown,
            total: formatNumber(total, 0),
          }, true);
    }
    if (filtered) {
      return interpolate(gettext("%(shown)s features in the chosen area and view."), { shown: shown }, true);
    }
    if (data.numberReturned < total) {
      return interpolate(gettext("%(shown)s of %(total)s features in view."), {
        shown: shown,
        total: formatNumber(total, 0),
      }, true);
    }
    return interpolate(ngettext("%(shown)s feature shown.", "%(shown)s features shown.", data.numberReturned), { shown: shown }, true);
  }

  // Smaller point symbols when the whole kabupaten is in view.
  function sizeSymbols() {
    map.getContainer().classList.toggle("sektoral-kecil", map.getZoom() < 12);
  }
  map.on("zoomend", sizeSymbols);
  sizeSymbols();

  let moveTimer = null;
  map.on("moveend", function () {
    clearTimeout(moveTimer);
    moveTimer = setTimeout(function () {
      active.forEach(function (state, slug) {
        if (!state.complete) {
          load(slug);
        }
      });
    }, 250);
  });

  function reloadAll() {
    active.forEach(function (state, slug) {
      state.complete = false;
      load(slug);
    });
  }

  /* Kecamatan / desa filter ------------------------------------------------------------------- */

  function option(value, text) {
    const node = el("option", null, text);
    node.value = value;
    return node;
  }

  function fillKecamatan(data) {
    wilayah = data;
    data.kecamatan
      .slice()
      .sort((a, b) => a.nama.localeCompare(b.nama))
      .forEach((kecamatan) => kecamatanSelect.appendChild(option(kecamatan.kode, kecamatan.nama)));
    kecamatanSelect.disabled = false;
  }

  function fillDesa(kodeKecamatan) {
    desaSelect.replaceChildren(option("", gettext("All desa/kelurahan")));
    if (!kodeKecamatan || !wilayah) {
      desaSelect.disabled = true;
      return;
    }
    wilayah.desa
      .filter((desa) => desa.kecamatan_kode === kodeKecamatan)
      .sort((a, b) => a.nama.localeCompare(b.nama))
      .forEach((desa) => desaSelect.appendChild(option(desa.kode, desa.nama)));
    desaSelect.disabled = false;
  }

  function zoomTo(entry) {
    if (entry && entry.bounds) {
      map.fitBounds(entry.bounds, Object.assign({ maxZoom: 15 }, wilayah.fitPadding()));
    }
  }

  kecamatanSelect.addEventListener("change", function () {
    filter.kecamatan = kecamatanSelect.value;
    filter.desa = "";
    fillDesa(filter.kecamatan);
    section.classList.toggle("sektoral--disaring", Boolean(filter.kecamatan));
    if (filter.kecamatan) {
      zoomTo(wilayah.kecamatan.find((k) => k.kode === filter.kecamatan));
    }
    reloadAll();
  });

  desaSelect.addEventListener("change", function () {
    filter.desa = desaSelect.value;
    if (filter.desa) {
      zoomTo(wilayah.desa.find((d) => d.kode === filter.desa));
    } else {
      zoomTo(wilayah.kecamatan.find((k) => k.kode === filter.kecamatan));
    }
    reloadAll();
  });

  if (WebSIG.wilayah) {
    fillKecamatan(WebSIG.wilayah);
  } else {
    document.addEventListener("websig:wilayah", (event) => fillKecamatan(event.detail), { once: true });
  }

  loadCatalogue();
})();

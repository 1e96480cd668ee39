/* The layer page (/layers/<slug>/): map preview of the version shown (a
 * version of more than PREVIEW_LIMIT features drawn whole from the vector
 * tiles of the layer's OGC collection when that collection shows this
 * version; its first PREVIEW_LIMIT features as GeoJSON otherwise), its
 * legend, the review actions (submit, publish, reject) and the metadata and
 * style form of the owner. Every write goes to the JSON API; the page reloads
 * to show the new state rendered by the server. */
(function () {
  "use strict";

  const container = document.getElementById("peta-layer");
  const layer = window.WebSIG && window.WebSIG.readJson("data-layer");
  if (!container || !window.L || !layer) {
    return;
  }
  const { el, fetchJson, formatNumber } = window.WebSIG;
  const WL = window.WebSIGLayers;

  const PREVIEW_LIMIT = 5000;
  const status = document.getElementById("pratinjau-status");

  /* Map preview ------------------------------------------------------------------- */

  const bbox = window.WebSIG.bboxBounds(layer.bbox);
  const map = window.WebSIG.createMap(container, {
    leaflet: { minZoom: 8, maxZoom: 19, scrollWheelZoom: false },
    wheelOnFocus: true,
    // The layer's own extent when it has one; the kabupaten otherwise.
    view: bbox ? bbox.pad(0.15) : null,
    fit: bbox ? { maxZoom: 16 } : undefined,
  });
  window.websigLayerMap = map;
  function zoomClasses() {
    // Kecamatan names only when they have room; smaller symbols far out.
    container.classList.toggle("pratinjau--jauh", map.getZoom() < 11);
    container.classList.toggle("sektoral-kecil", map.getZoom() < 12);
  }
  map.on("zoomend", zoomClasses);

  let loadedFeatures = [];
  const POPUP_OPTIONS = { maxWidth: 320, minWidth: 220, className: "popup-fitur" };

  /* Kecamatan boundaries under the features: context when there is no basemap. */
  function loadKecamatan() {
    map.createPane("kecamatan").style.zIndex = 450; // under the markers
    return window.WebSIG.addBoundaries(map, [
      {
        kind: "kecamatan",
        pane: "kecamatan",
        style: { color: "#a3154a", weight: 1.4, opacity: 0.55, fill: false },
        label: { pane: "kecamatan", className: "label-kecamatan-pratinjau" },
      },
    ]);
  }

  function previewUrl() {
    return container.dataset.apiFeatures + "?version=" + encodeURIComponent(layer.version) + "&limit=" + PREVIEW_LIMIT;
  }

  /* The whole version from vector tiles, when the layer's OGC collection (the
   * version the public, or this user, sees) is this version; false otherwise. */
  async function loadTiles() {
    const Tiles = window.WebSIGTiles;
    if (!Tiles || layer.feature_count <= PREVIEW_LIMIT) {
      return false;
    }
    const collection = await fetchJson(Tiles.collectionUrl(layer.slug));
    if (!collection.ok || !collection.data || collection.data.version !== layer.version) {
      return false;
    }
    let tiles;
    try {
      tiles = await Tiles.create(map, {
        collection: layer.slug,
        kind: layer.geometry_kind,
        color: WL.colorFunction(layer.style),
        popup: async (feature) => WL.featureContent(await WL.collectionFeature(feature), layer),
        popupOptions: POPUP_OPTIONS,
      });
    } catch (error) {
      return false;
    }
    map.on("click", (event) => Tiles.openFeatureAt(map, event.latlng));
    tiles.addTo(map);
    container.dataset.source = "tiles";
    container.dataset.layerLoaded = String(layer.feature_count);
    status.textContent = WL.tilesStatus(layer.feature_count);
    if (document.getElementById("form-metadata")) {
      // The categories of the style form come from features at hand.
      fetchJson(previewUrl()).then(function (answer) {
        if (answer.ok && answer.data && Array.isArray(answer.data.features)) {
          loadedFeatures = answer.data.features;
        }
      });
    }
    return true;
  }

  async function loadPreview() {
    status.textContent = gettext("Loading features…");
    if (await loadTiles()) {
      return;
    }
    const answer = await fetchJson(previewUrl());
    if (!answer.ok || !answer.data || !Array.isArray(answer.data.features)) {
      status.textContent = WebSIG.errorText(answer, gettext("The features could not be loaded."));
      container.dataset.loadError = "true";
      return;
    }
    loadedFeatures = answer.data.features;
    container.dataset.source = "geojson";
    const drawn = L.geoJSON(answer.data, WL.geoJsonOptions(layer, {
      onEachFeature: function (feature, item) {
        item.bindPopup(function () {
          return WL.featureContent(feature, layer);
        }, POPUP_OPTIONS);
      },
    }));
    const shown = WL.clustered(layer.style, layer.geometry_kind, drawn).addTo(map);
    window.websigLayerFeatures = shown;
    if (window.WebSIGTools) {
      WebSIGTools.addLegend(map, shown, { title: layer.title, entries: legendFor(layer.style) });
    }
    container.dataset.layerLoaded = String(loadedFeatures.length);
    if (!bbox && loadedFeatures.length) {
      map.fitBounds(drawn.getBounds().pad(0.15), { maxZoom: 16 });
    }
    if (answer.data.next) {
      status.textContent = interpolate(gettext("Showing the first %(shown)s of %(total)s features."), {
        shown: formatNumber(loadedFeatures.length, 0),
        total: formatNumber(layer.feature_count, 0),
      }, true);
    } else {
      status.textContent = "";
    }
  }

  /* Legend --------------------------------------------------------------------------- */

  function legendFor(style) {
    return WL.legendEntries(style, layer.title).map((entry) => Object.assign({ kind: layer.geometry_kind }, entry));
  }

  function drawLegend(target, style) {
    if (!target) {
      return;
    }
    target.replaceChildren();
    WL.legendEntries(style, layer.title).forEach(function (entry) {
      const item = el("li");
      item.appendChild(WL.swatch(entry, layer.geometry_kind));
      item.appendChild(el("span", null, entry.label));
      target.appendChild(item);
    });
  }

  zoomClasses();
  drawLegend(document.getElementById("legenda-layer"), layer.style);

  /* Attribute table under the map (tabel-atribut.js) ---------------------------------- */

  const tableRoot = document.getElementById("tabel-atribut-isi");
  if (tableRoot && window.WebSIGAttributeTable) {
    window.WebSIGAttributeTable.create(tableRoot, {
      api: tableRoot.dataset.api,
      version: layer.version,
      schema: layer.schema,
      map: () => map,
      featureUrl: (id) => container.dataset.apiFeatures + id + "/",
    });
  }
  loadKecamatan().finally(loadPreview);

  /* Review actions --------------------------------------------------------------------- */

  const actions = document.getElementById("tindakan");
  if (actions) {
    const actionError = document.getElementById("galat-tindakan");
    const rejectForm = document.getElementById("form-tolak");

    async function run(action, button, body) {
      actionError.hidden = true;
      button.disabled = true;
      const url = actions.dataset.apiAction.replace("ACTION", action);
      const answer = await WebSIG.sendJson(url, body || {});
      if (answer.ok) {
        // Show the version the action was on, as the server now sees it.
        const target = new URL(window.location.href);
        target.searchParams.set("version", String(layer.version));
        if (action === "publish") {
          target.searchParams.delete("version");
        }
        window.location.assign(target.toString());
        return;
      }
      button.disabled = false;
      actionError.replaceChildren(el("p", null, WebSIG.errorText(answer)));
      actionError.hidden = false;
    }

    actions.querySelectorAll("button[data-action]").forEach(function (button) {
      if (button.dataset.action === "reject") {
        return;
      }
      button.addEventListener("click", function () {
        run(button.dataset.action, button);
      });
    });

    if (rejectForm) {
      rejectForm.addEventListener("submit", function (event) {
        event.preventDefault();
        const reason = rejectForm.elements.reason.value.trim();
        const button = rejectForm.querySelector("button[data-action=reject]");
        if (!reason) {
          actionError.replaceChildren(el("p", null, gettext("Write the reason for the rejection: the OPD needs it to correct the data.")));
          actionError.hidden = false;
          rejectForm.elements.reason.focus();
          return;
        }
        run("reject", button, { reason: reason });
      });
    }
  }

  /* Metadata and style (owner) ------------------------------------------------------------- */

  const metaForm = document.getElementById("form-metadata");
  if (!metaForm) {
    return;
  }
  const PALETTE = ["#1f78b4", "#e31a1c", "#33a02c", "#ff7f00", "#6a3d9a", "#b15928", "#a6cee3", "#fb9a99",
    "#b2df8a", "#fdbf6f", "#cab2d6", "#8dd3c7"];
  // Sequential ColorBrewer ramps (9 steps, light to dark); n classes take n evenly spread steps.
  const RAMPS = {
    merah: ["#fff5f0", "#fee0d2", "#fcbba1", "#fc9272", "#fb6a4a", "#ef3b2c", "#cb181d", "#a50f15", "#67000d"],
    biru: ["#f7fbff", "#deebf7", "#c6dbef", "#9ecae1", "#6baed6", "#4292c6", "#2171b5", "#08519c", "#08306b"],
    hijau: ["#f7fcf5", "#e5f5e0", "#c7e9c0", "#a1d99b", "#74c476", "#41ab5d", "#238b45", "#006d2c", "#00441b"],
    ungu: ["#fcfbfd", "#efedf5", "#dadaeb", "#bcbddc", "#9e9ac8", "#807dba", "#6a51a3", "#54278f", "#3f007d"],
  };
  const NUMERIC = ["integer", "number"];
  const MAX_CATEGORIES = 12;
  const metaError = document.getElementById("galat-metadata");
  const stylePreview = document.getElementById("pratinjau-gaya");
  const styleStatus = document.getElementById("gaya-status");
  const f = metaForm.elements;
  const current = layer.style || {};
  // The classes and values of the chosen attribute over every feature (/gaya/kelas/), by request.
  let serverClasses = null;

  const currentType = ["categorized", "graduated"].includes(current.type) ? current.type : "single";
  (metaForm.querySelector("input[name=style_type][value='" + currentType + "']") || {}).checked = true;
  if (current.color) {
    f.color.value = current.color;
  }
  const firstIcon = current.icon || (Array.isArray(current.categories) && current.categories[0] && current.categories[0].icon);
  if (firstIcon) {
    f.icon.value = firstIcon;
  }
  if (current.attribute) {
    f.attribute.value = current.attribute;
  }
  if (current.type === "graduated") {
    f.method.value = current.method === "equal" ? "equal" : "quantile";
    f.classes.value = String(current.classes.length);
  }

  function styleType() {
    const checked = metaForm.querySelector("input[name=style_type]:checked");
    return checked ? checked.value : "single";
  }

  /* The most frequent values of an attribute among the features on the map. */
  function topValues(attribute) {
    const counts = new Map();
    loadedFeatures.forEach(function (feature) {
      const value = feature.properties ? feature.properties[attribute] : undefined;
      if (value === null || value === undefined || value === "") {
        return;
      }
      counts.set(String(value), (counts.get(String(value)) || 0) + 1);
    });
    return Array.from(counts.entries())
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, MAX_CATEGORIES)
      .map((entry) => entry[0]);
  }

  function rampColours(name, count) {
    const ramp = RAMPS[name] || RAMPS.merah;
    if (count === 1) {
      return [ramp[6]];
    }
    // From the second step (the first is nearly white) to the darkest.
    return Array.from({ length: count }, (_, i) => ramp[1 + Math.round((i * (ramp.length - 2)) / (count - 1))]);
  }

  function rangeLabel(low, high) {
    const digits = Number.isInteger(low) && Number.isInteger(high) ? 0 : 2;
    return formatNumber(low, digits) + " – " + formatNumber(high, digits);
  }

  function serverMatches(attribute) {
    return serverClasses && serverClasses.attribute === attribute && serverClasses.method === f.method.value
      && serverClasses.requested === Number(f.classes.value);
  }

  function buildStyle() {
    const icon = layer.geometry_kind === "point" ? f.icon.value : null;
    const type = styleType();
    const attribute = f.attribute.value;
    if (type === "graduated" && attribute && serverMatches(attribute) && serverClasses.classes.length) {
      const colours = rampColours(f.ramp.value, serverClasses.classes.length);
      const style = {
        type: "graduated",
        attribute: attribute,
        method: f.method.value,
        default_color: "#999999",
        classes: serverClasses.classes.map((cls, index) => ({
          min: cls.min,
          max: cls.max,
          label: rangeLabel(cls.min, cls.max) + " (" + formatNumber(cls.count, 0) + ")",
          color: colours[index],
        })),
      };
      if (icon) {
        style.icon = icon;
      }
      return style;
    }
    if (type === "categorized" && attribute) {
      const values = serverClasses && serverClasses.attribute === attribute
        ? serverClasses.values.map((item) => item.value)
        : topValues(attribute);
      const categories = values.map(function (value, index) {
        const category = { value: value, label: value, color: PALETTE[index % PALETTE.length] };
        if (icon) {
          category.icon = icon;
        }
        return category;
      });
      if (categories.length) {
        return { type: "categorized", attribute: attribute, categories: categories, default_color: "#999999" };
      }
    }
    const style = { type: "single", color: f.color.value };
    if (icon) {
      style.icon = icon;
    }
    return style;
  }

  /* Ask the server for the classes and values of the chosen attribute. */
  let classesSequence = 0;
  async function loadClasses() {
    const type = styleType();
    const attribute = f.attribute.value;
    if (type === "single" || !attribute || serverMatches(attribute)) {
      return;
    }
    const mine = ++classesSequence;
    const params = new URLSearchParams({
      kolom: attribute,
      metode: f.method.value,
      kelas: String(Math.min(9, Math.max(2, Number(f.classes.value) || 5))),
      version: String(layer.version),
    });
    styleStatus.textContent = gettext("Computing the classes over every feature…");
    const answer = await fetchJson(metaForm.dataset.apiStyleClasses + "?" + params.toString()).catch(() => ({ ok: false, status: 0 }));
    if (mine !== classesSequence) {
      return;
    }
    if (!answer.ok) {
      styleStatus.textContent = WebSIG.errorText(answer, gettext("The classes could not be computed."));
      return;
    }
    serverClasses = Object.assign({ requested: Number(params.get("kelas")) }, answer.data);
    styleStatus.textContent = type === "graduated" && !serverClasses.classes.length
      ? gettext("This attribute holds no numbers: choose a numeric attribute.")
      : "";
    showStyleFields();
  }

  /* The features on the preview map drawn in the style of the form, before it is saved. */
  function previewOnMap(style) {
    const shown = window.websigLayerFeatures;
    if (!shown) {
      return;
    }
    const options = WL.geoJsonOptions(Object.assign({}, layer, { style: style }));
    // A multi-point or multi-part feature is a group of markers or paths.
    function restyle(item, feature) {
      if (item instanceof L.LayerGroup) {
        item.eachLayer((part) => restyle(part, feature));
      } else if (item.setIcon) {
        item.setIcon(WL.markerIcon(WL.symbolFor(style, feature.properties)));
      } else if (item.setStyle) {
        item.setStyle(options.style(feature));
      }
    }
    shown.eachLayer(function (item) {
      if (item.feature) {
        restyle(item, item.feature);
      }
    });
  }

  function showStyleFields() {
    const type = styleType();
    metaForm.querySelectorAll("[data-gaya]").forEach(function (node) {
      const kinds = node.dataset.gaya.split(" ");
      node.hidden = kinds.includes("icon") ? layer.geometry_kind !== "point" : !kinds.includes(type);
    });
    // Graduated classes take numbers only.
    Array.from(f.attribute.options).forEach(function (option) {
      option.disabled = type === "graduated" && !NUMERIC.includes(option.dataset.type);
    });
    if (f.attribute.selectedOptions[0] && f.attribute.selectedOptions[0].disabled) {
      const numeric = Array.from(f.attribute.options).find((option) => !option.disabled);
      f.attribute.value = numeric ? numeric.value : "";
    }
    const style = buildStyle();
    drawLegend(stylePreview, style);
    previewOnMap(style);
    stylePreview.dataset.type = style.type;
  }

  metaForm.addEventListener("change", function () {
    showStyleFields();
    loadClasses();
  });
  showStyleFields();
  loadClasses();

  metaForm.addEventListener("submit", async function (event) {
    event.preventDefault();
    metaError.hidden = true;
    const keywords = f.keywords.value.split(",").map((word) => word.trim()).filter(Boolean);
    const body = {
      title: f.title.value.trim(),
      abstract: f.abstract.value.trim(),
      keywords: keywords,
      theme: f.theme.value,
      data_date: f.data_date.value || null,
      scale_denominator: f.scale_denominator.value ? Number(f.scale_denominator.value) : null,
      licence: f.licence.value.trim(),
      lineage: f.lineage.value.trim(),
      contact: f.contact.value.trim(),
    };
    const style = buildStyle();
    if (!body.title) {
      metaError.replaceChildren(el("p", null, gettext("Give the layer a title.")));
      metaError.hidden = false;
      return;
    }
    const button = metaForm.querySelector("button[type=submit]");
    button.disabled = true;
    let answer = await WebSIG.sendJson(metaForm.dataset.apiDetail, body, "PATCH");
    if (answer.ok) {
      // The style through its own endpoint (PUT /api/layers/<slug>/gaya/).
      answer = await WebSIG.sendJson(metaForm.dataset.apiStyle, { style: style }, "PUT");
    }
    button.disabled = false;
    if (answer.ok) {
      window.location.reload();
      return;
    }
    metaError.replaceChildren(el("p", null, WebSIG.errorText(answer)));
    metaError.hidden = false;
  });
})();

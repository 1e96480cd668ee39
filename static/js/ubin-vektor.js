/* Vector tiles of the OGC API on a Leaflet map: a whole collection, however
 * many features it has (at low zoom the server draws polygons smaller than a
 * pixel as pixels and leaves such lines out, ogc/tiles.py). The tiles come from
 * /ogc/collections/<id>/tiles/WebMercatorQuad/{z}/{y}/{x}?v=<revision> (the
 * template of the collection's TileJSON) and are drawn by protomaps-leaflet
 * (static/vendor/protomaps-leaflet: canvas tiles in a pane of the page, like
 * any Leaflet layer; a 256 px tile of zoom z is drawn from the data tile of
 * zoom z - 1, which the server generalises for 512 px). A tile carries each feature's id and the few properties
 * its style needs; a click asks /ogc/collections/<id>/items/<feature id> for
 * the whole feature and hands it to the page's popup builder.
 *
 * Leaflet does not see the features of a tile, so a page passes map clicks to
 * openFeatureAt(map, latlng), which says whether a tiled feature took it.
 * Property values are untrusted: the popup builders write them as text. */
(function () {
  "use strict";

  if (!window.L || !window.protomapsL || !window.WebSIG) {
    return;
  }
  const { el, fetchJson } = window.WebSIG;
  const P = window.protomapsL;
  const COLOR = /^#[0-9a-fA-F]{6}$/;
  // Pixels around a click that still hit a point or a line.
  const BRUSH_PX = 10;
  // Closer in, tiles of this zoom are drawn larger: they hold every feature
  // ungeneralised on a grid of ~0.15 m, so deeper tiles would only cost requests.
  const MAX_DATA_ZOOM = 16;
  const layersByMap = new WeakMap(); // L.Map -> [entry], in the order added

  /* The address of a collection of the OGC API (from WebSIG.config.api). */
  function collectionUrl(id) {
    return WebSIG.config.api.ogcCollections + "/" + encodeURIComponent(id);
  }

  /* The tile template (with its ?v= revision) and zoom range of a collection,
   * from its TileJSON; rejects when the collection has no tiles. */
  async function tileSource(id) {
    const url = collectionUrl(id) + "/tiles/WebMercatorQuad/tilejson.json";
    const answer = await fetchJson(url);
    const tiles = answer.ok && answer.data && Array.isArray(answer.data.tiles) ? answer.data.tiles : [];
    if (typeof tiles[0] !== "string") {
      throw new Error("GET " + url + " answered " + answer.status);
    }
    const maxzoom = Number.isInteger(answer.data.maxzoom) ? Math.min(answer.data.maxzoom, MAX_DATA_ZOOM) : MAX_DATA_ZOOM;
    const attribution = typeof answer.data.attribution === "string" ? answer.data.attribution : "";
    return { url: tiles[0], maxzoom: maxzoom, attribution: attribution };
  }

  function safeColor(value, fallback) {
    return typeof value === "string" && COLOR.test(value) ? value : fallback;
  }

  /* protomaps-leaflet paint rules drawing the collection's MVT layer (named by
   * its id) as the GeoJSON layers of the site are drawn (layer-umum.js):
   * areas filled at 0.35 under a 1.5 px outline, lines 3 px, points as discs
   * with a white ring. `color` is a colour, or a function of a feature's
   * properties giving one. */
  function paintRules(id, kind, color) {
    const colorAt = typeof color === "function" ? (z, feature) => safeColor(color(feature.props), "#999999") : color;
    if (kind === "point") {
      return [{
        dataLayer: id,
        symbolizer: new P.CircleSymbolizer({ radius: 5, fill: colorAt, stroke: "#ffffff", width: 1.5, opacity: 0.95 }),
      }];
    }
    const rules = [];
    if (kind !== "line") {
      rules.push({ dataLayer: id, symbolizer: new P.PolygonSymbolizer({ fill: colorAt, opacity: 0.35 }) });
    }
    rules.push({
      dataLayer: id,
      symbolizer: new P.LineSymbolizer({ color: colorAt, width: kind === "line" ? 3 : 1.5, opacity: 0.95, lineJoin: "round" }),
    });
    return rules;
  }

  /* The vector tiles of a collection as a layer for `map` (not added yet: the
   * page adds and removes it like any Leaflet layer). options:
   *   collection  the collection id (a sectoral layer's slug, "rtrw", ...);
   *   kind        "polygon", "line" or "point";
   *   color       a colour, or a function of a feature's tile properties;
   *   pane        the map pane to draw in;
   *   paintRules  instead of kind/color, protomaps-leaflet paint rules;
   *   popup       async function (GeoJSON Feature) -> Node: the popup content;
   *   popupOptions  L.popup options.
   * Resolves to the layer (an L.GridLayer); rejects when the collection has
   * no tiles. */
  async function create(map, options) {
    const source = await tileSource(options.collection);
    const layer = P.leafletLayer({
      url: source.url,
      maxDataZoom: source.maxzoom,
      paintRules: options.paintRules || paintRules(options.collection, options.kind, options.color),
      labelRules: [],
      pane: options.pane || "overlayPane",
      // Attribution is HTML: TileJSON's text (the collection's source and its sample label) is escaped.
      attribution: options.attribution || WebSIG.escapeHtml(source.attribution),
    });
    const entry = { layer: layer, options: options, sequence: 0 };
    layer.websigTiles = entry;
    if (!layersByMap.has(map)) {
      layersByMap.set(map, []);
    }
    layersByMap.get(map).push(entry);
    return layer;
  }

  /* Take a layer made by create off the map for good. */
  function remove(map, layer) {
    map.removeLayer(layer);
    const entries = layersByMap.get(map) || [];
    const index = entries.indexOf(layer.websigTiles);
    if (index >= 0) {
      entries.splice(index, 1);
    }
  }

  /* The id of the top-most feature of `entry` under latlng, null when none. */
  function featureIdAt(entry, latlng) {
    const picked = entry.layer.queryTileFeaturesDebug(latlng.lng, latlng.lat, BRUSH_PX).get("") || [];
    const mine = picked.filter((hit) => hit.layerName === entry.options.collection && hit.feature.id !== undefined);
    return mine.length ? mine[mine.length - 1].feature.id : null;
  }

  async function openPopup(map, entry, featureId, latlng) {
    const mine = ++entry.sequence;
    const popup = L.popup(entry.options.popupOptions || {})
      .setLatLng(latlng)
      .setContent(el("p", "info-fitur__memuat", gettext("Loading…")))
      .openOn(map);
    const url = collectionUrl(entry.options.collection) + "/items/" + encodeURIComponent(featureId);
    const answer = await fetchJson(url);
    if (mine !== entry.sequence || !popup.isOpen()) {
      return;
    }
    if (!answer.ok || !answer.data || answer.data.type !== "Feature") {
      popup.setContent(el("p", null, WebSIG.errorText(answer, gettext("The feature could not be loaded."))));
      return;
    }
    const content = await entry.options.popup(answer.data);
    if (mine === entry.sequence && popup.isOpen()) {
      popup.setContent(content);
    }
  }

  /* Open the popup of the top-most tiled feature under latlng on `map`, if
   * any: true when one took the click. */
  function openFeatureAt(map, latlng) {
    const entries = (layersByMap.get(map) || []).filter((entry) => map.hasLayer(entry.layer));
    for (let i = entries.length - 1; i >= 0; i--) {
      const id = featureIdAt(entries[i], latlng);
      if (id !== null) {
        openPopup(map, entries[i], id, latlng);
        return true;
      }
    }
    return false;
  }

  window.WebSIGTiles = {
    collectionUrl: collectionUrl,
    tileSource: tileSource,
    paintRules: paintRules,
    create: create,
    remove: remove,
    openFeatureAt: openFeatureAt,
  };
})();

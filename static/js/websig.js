/* Shared helpers of the WebSIG pages: the configuration served by the server
 * (WebSIG.config), safe DOM building, number formatting, the one request helper
 * of the JSON API and its error messages, the map of the kabupaten with its
 * basemap, boundary overlays and drawing tools. docs/frontend.md says how a
 * map page uses them.
 *
 * Every value that comes from the API is written with textContent, never as
 * HTML: names and codes are untrusted input. Strings are translated through the
 * Django JavaScript catalog (gettext, interpolate). */
(function () {
  "use strict";

  const lang = document.documentElement.lang || "id";
  const numberLocale = lang.startsWith("id") ? "id-ID" : "en-GB";

  /* The content of a <script type="application/json"> block written by the
   * server (json_script); null when the page has none or it is not JSON. */
  function readJson(id) {
    const node = document.getElementById(id);
    if (!node) {
      return null;
    }
    try {
      return JSON.parse(node.textContent);
    } catch (error) {
      return null;
    }
  }

  /* {bounds, sampleLabel, api}: served by the server as /websig-config.js
   * (webgis.views.websig_config), loaded before this script by every page
   * (templates/_websig_scripts.html). bounds are [[south, west], [north, east]]
   * of the kabupaten in degrees (WGS 84), null before the boundaries are
   * loaded; api holds the addresses of the shared endpoints (kecamatan, desa,
   * lookup). */
  const config = Object.assign({ bounds: null, sampleLabel: "", api: {}, basemaps: {} }, window.WEBSIG_CONFIG);

  /* Escape text for the few places that only take HTML strings. */
  function escapeHtml(value) {
    return String(value).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }

  /* An element with an optional class and text; text is never parsed as HTML. */
  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    return node;
  }

  const formatters = {};
  /* The one number format of the site, like core.formatting.format_number on
   * the server: "12.513", "1.234,5" in Indonesian, "12,513", "1,234.5" in
   * English. digits: decimals shown; omitted, the value's own decimals (at
   * most 6), for attribute values of unknown precision. */
  function formatNumber(value, digits) {
    const key = digits === undefined || digits === null ? "auto" : digits;
    if (!formatters[key]) {
      formatters[key] = new Intl.NumberFormat(numberLocale, {
        minimumFractionDigits: key === "auto" ? 0 : digits,
        maximumFractionDigits: key === "auto" ? 6 : digits,
      });
    }
    const text = formatters[key].format(value);
    return /^-0([.,]0*)?$/.test(text) ? text.slice(1) : text; /* no "-0,00" */
  }

  function isNumber(value) {
    return typeof value === "number" && isFinite(value);
  }

  /* "232,73 ha (2,33 km²)" in Indonesian, "232.73 ha (2.33 km²)" in English. */
  function formatMeasuredArea(props) {
    if (!isNumber(props.luas_ukur_ha)) {
      return null;
    }
    const km2 = isNumber(props.luas_ukur_km2) ? props.luas_ukur_km2 : props.luas_ukur_ha / 100;
    return formatNumber(props.luas_ukur_ha, 2) + " ha (" + formatNumber(km2, 2) + " km²)";
  }

  /* "6,22768° LS, 106,43435° BT": hemispheres instead of signs, so the
   * Indonesian decimal comma cannot be mistaken for the separator. */
  function formatCoordinate(latlng) {
    const lat = formatNumber(Math.abs(latlng.lat), 5);
    const lng = formatNumber(Math.abs(latlng.lng), 5);
    const latText = latlng.lat < 0 ? gettext("%(value)s° S") : gettext("%(value)s° N");
    const lngText = latlng.lng < 0 ? gettext("%(value)s° W") : gettext("%(value)s° E");
    return interpolate(latText, { value: lat }, true) + ", " + interpolate(lngText, { value: lng }, true);
  }

  function jenisLabel(jenis) {
    if (jenis === "kelurahan") {
      return gettext("Kelurahan");
    }
    if (jenis === "desa") {
      return gettext("Desa");
    }
    return jenis || "";
  }

  /* The address of the profile page of a kecamatan or desa ("kecamatan"/"desa"),
   * from the pattern the server gives (WebSIG.config.profil, profil/urls.py). */
  function profileUrl(level, kode) {
    const pattern = (config.profil || {})[level] || "/wilayah/" + level + "/KODE/";
    return pattern.replace("KODE", encodeURIComponent(kode));
  }

  /* {ok, status, data} of a fetch response. A body that is not JSON (an HTML
   * error page from a proxy, a 204) gives data = null. */
  async function readAnswer(response) {
    let data = null;
    if (response.status !== 204) {
      try {
        data = await response.json();
      } catch (error) {
        data = null;
      }
    }
    return { ok: response.ok, status: response.status, data: data };
  }

  /* Django's CSRF token: from the page's form field, else from its cookie. */
  function csrfToken() {
    const field = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (field) {
      return field.value;
    }
    const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  /* The one fetch of the API: resolves to the Response. options: body (sent
   * as JSON), accept (default application/json), headers (added). Writes carry
   * the CSRF token of the session. Rejects when the server cannot be reached. */
  function send(method, url, options) {
    options = options || {};
    /* The page's language: the API follows Accept-Language, and the browser's
     * own header is not a choice the user made here (webgis.middleware). */
    const headers = Object.assign(
      { Accept: options.accept || "application/json", "Accept-Language": lang },
      options.headers
    );
    if (method !== "GET" && method !== "HEAD") {
      headers["X-CSRFToken"] = csrfToken();
    }
    if (options.body !== undefined) {
      headers["Content-Type"] = "application/json";
    }
    return fetch(url, {
      method: method,
      credentials: "same-origin",
      headers: headers,
      body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
    });
  }

  /* One request (send); resolves to {ok, status, data}. status 0 means the
   * server could not be reached (offline, timeout): the caller keeps the
   * user's work and says so. */
  async function request(method, url, options) {
    let response;
    try {
      response = await send(method, url, options);
    } catch (error) {
      return { ok: false, status: 0, data: null };
    }
    return readAnswer(response);
  }

  /* GET a JSON document; resolves to {ok, status, data} and rejects when the
   * server cannot be reached (callers that poll or load at start catch it). */
  async function fetchJson(url) {
    return readAnswer(await send("GET", url));
  }

  /* POST (or PATCH) JSON to the API; resolves to {ok, status, data}. */
  function sendJson(url, body, method) {
    return request(method || "POST", url, { body: body || {} });
  }

  /* The message of a failed API answer, in the user's language: the server's
   * detail (with the field errors of a 400 unless options.fields is false),
   * options.offline (or a generic text) when the server cannot be reached,
   * else the fallback: a text, or a function of the answer. */
  function errorText(answer, fallback, options) {
    options = options || {};
    if (answer && answer.status === 0) {
      return options.offline || gettext("The server cannot be reached. Check the connection and try again.");
    }
    if (answer && answer.data && typeof answer.data.detail === "string") {
      return options.fields === false ? answer.data.detail : answer.data.detail + fieldErrors(answer.data.errors);
    }
    if (typeof fallback === "function") {
      return fallback(answer);
    }
    return fallback || gettext("Something went wrong. Please try again.");
  }

  /* " name: message; other: message" of the errors member of a 400 answer. */
  function fieldErrors(errors) {
    if (!errors || typeof errors !== "object") {
      return "";
    }
    const parts = Object.keys(errors).map(function (key) {
      const value = errors[key];
      return key + ": " + (Array.isArray(value) ? value.join(" ") : String(value));
    });
    return parts.length ? " " + parts.join("; ") : "";
  }

  const OSM_ATTRIBUTION =
    '© <a href="https://www.openstreetmap.org/copyright" rel="noopener">OpenStreetMap</a> contributors';

  /* The basemaps every map offers: {osm, imagery, none} (Leaflet layers, not
   * on a map yet). imagery is the tile service of the settings
   * (WebSIG.config.basemaps.imagery: its URL and the credit line its
   * provider asks for), null when none is configured; none is an empty
   * layer, the plain background. Tiles are asked for with CORS so that the
   * map can be exported as a picture (peta-alat.js). options.opacity fades
   * the tiles under thematic colours. */
  function basemapLayers(options) {
    const opacity = (options && options.opacity) || 1;
    const layers = {
      osm: L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
        maxZoom: 19,
        opacity: opacity,
        crossOrigin: "anonymous",
        attribution: OSM_ATTRIBUTION,
      }),
      imagery: null,
      none: L.layerGroup(),
    };
    const imagery = config.basemaps && config.basemaps.imagery;
    if (imagery && typeof imagery.url === "string" && imagery.url) {
      layers.imagery = L.tileLayer(imagery.url, {
        maxZoom: imagery.maxZoom || 19,
        maxNativeZoom: imagery.maxZoom || 19,
        opacity: opacity,
        crossOrigin: "anonymous",
        attribution: imagery.attribution || "",
      });
    }
    Object.keys(layers).forEach(function (name) {
      if (layers[name]) {
        layers[name].websigBasemap = name;
      }
    });
    return layers;
  }

  /* The base layers of a layer control: {label: layer} in the page's language. */
  function basemapChoices(layers) {
    const choices = {};
    choices[escapeHtml(gettext("OpenStreetMap"))] = layers.osm;
    if (layers.imagery) {
      choices[escapeHtml(gettext("Imagery"))] = layers.imagery;
    }
    choices[escapeHtml(gettext("No basemap"))] = layers.none;
    return choices;
  }

  /* OpenStreetMap tiles when online; on a machine without internet the map
   * falls back to its plain background once a tile fails before any loaded.
   * A layer control (collapsed, top right) offers the imagery basemap and no
   * basemap as well; the page may add its overlays to it (map.websigLayers).
   * The container reports which basemap shows through data-basemap
   * ("osm"/"imagery"/"none"). options.opacity fades the tiles. */
  function addBasemap(map, container, options) {
    const layers = basemapLayers(options);
    const osm = layers.osm;
    map.on("baselayerchange layeradd", function (event) {
      if (event.layer && event.layer.websigBasemap) {
        container.dataset.basemap = event.layer.websigBasemap;
      }
    });
    let tileLoaded = false;
    osm.on("tileload", function () {
      tileLoaded = true;
    });
    osm.on("tileerror", function () {
      // No tile ever arrived: offline. The boundaries still give orientation.
      if (!tileLoaded && map.hasLayer(osm)) {
        map.removeLayer(osm);
        layers.none.addTo(map);
      }
    });
    if (navigator.onLine !== false) {
      osm.addTo(map);
    } else {
      layers.none.addTo(map);
    }
    map.websigLayers = L.control.layers(basemapChoices(layers), {}, { collapsed: true }).addTo(map);
    return osm;
  }

  /* The extent of the kabupaten served by the server (an L.LatLngBounds; not
   * valid before the boundaries are loaded). */
  function kabupatenBounds() {
    return config.bounds ? L.latLngBounds(config.bounds) : L.latLngBounds([]);
  }

  /* [west, south, east, north] of the API (a layer's bbox) as L.LatLngBounds;
   * null for anything else. */
  function bboxBounds(bbox) {
    if (!Array.isArray(bbox) || bbox.length !== 4) {
      return null;
    }
    return L.latLngBounds([bbox[1], bbox[0]], [bbox[3], bbox[2]]);
  }

  /* A Leaflet map of a WebSIG page, showing the whole kabupaten. options:
   *   leaflet: Leaflet map options over {minZoom: 9, maxZoom: 18, zoomSnap: 0.25};
   *   keepNear: pad factor of the kabupaten's extent the view cannot leave;
   *   view, fit: bounds to show instead of the kabupaten, fitBounds options;
   *   scale: L.control.scale options over {maxWidth: 120}, false for none;
   *   wheelOnFocus: the wheel zooms only while the map has the focus;
   *   basemap: addBasemap options ({opacity}), false for a page that adds its own;
   *   tools: false for a map without the standard tools (peta-alat.js). */
  function createMap(container, options) {
    options = options || {};
    const bounds = kabupatenBounds();
    const mapOptions = Object.assign({ minZoom: 9, maxZoom: 18, zoomSnap: 0.25 }, options.leaflet);
    if (options.keepNear && bounds.isValid()) {
      mapOptions.maxBounds = bounds.pad(options.keepNear);
    }
    const map = L.map(container, mapOptions);
    const view = options.view || bounds;
    if (view.isValid()) {
      map.fitBounds(view, options.fit);
    } else {
      // No boundaries loaded yet (a fresh installation): the map still works.
      map.setView([0, 0], mapOptions.minZoom);
    }
    map.attributionControl.setPrefix('<a href="https://leafletjs.com" rel="noopener">Leaflet</a>');
    if (options.scale !== false) {
      L.control.scale(Object.assign({ imperial: false, maxWidth: 120 }, options.scale)).addTo(map);
    }
    if (options.wheelOnFocus) {
      map.on("focus", () => map.scrollWheelZoom.enable());
      map.on("blur", () => map.scrollWheelZoom.disable());
    }
    if (options.basemap !== false) {
      addBasemap(map, container, options.basemap);
    }
    // The standard tools of every map (measure, coordinates, export, opacity: peta-alat.js).
    if (options.tools !== false && window.WebSIGTools) {
      window.WebSIGTools.attach(map, options);
    }
    return map;
  }

  /* An overlay the page drew, offered in the map's layer control under `name`
   * (shown or hidden there, with its opacity slider: peta-alat.js) and, when
   * `legend` ({title, entries: [{label, color, kind}]}) is given, in the legend
   * of an export of the map while it shows. Calling it again for the same
   * layer replaces its legend. Returns the layer. */
  const offered = new WeakSet(); // the layers addOverlay put in a layer control

  function addOverlay(map, layer, name, legend) {
    if (map.websigLayers && !offered.has(layer)) {
      map.websigLayers.addOverlay(layer, escapeHtml(name));
      offered.add(layer);
    }
    if (legend && window.WebSIGTools) {
      window.WebSIGTools.addLegend(map, layer, Object.assign({ title: name }, legend));
    }
    return layer;
  }

  /* Take an overlay out of the map and of its layer control (addOverlay's undo). */
  function removeOverlay(map, layer) {
    if (map.websigLayers) {
      map.websigLayers.removeLayer(layer);
    }
    offered.delete(layer);
    map.removeLayer(layer);
  }

  /* Keep a switch of the page (a checkbox) in step with the layer control:
   * when the control shows or hides the overlay layerOf() answers, the switch
   * follows and onChange(visible) runs. */
  function followOverlay(map, toggle, layerOf, onChange) {
    map.on("overlayadd overlayremove", function (event) {
      const layer = layerOf();
      if (layer && event.layer === layer) {
        toggle.checked = event.type === "overlayadd";
        onChange(toggle.checked);
      }
    });
  }

  /* The legend entries [{label, color, kind}] of a legend on the page: a list
   * (its items) or a table (items "tbody tr", each labelled by its row
   * header); an item's colour is the inline background of its swatch, and
   * items without one are left out. */
  function legendFromList(root, kind, items) {
    if (!root) {
      return [];
    }
    return Array.from(root.querySelectorAll(items || "li"))
      .map(function (item) {
        const swatch = item.querySelector("[style*=background]");
        const label = (item.querySelector("th") || item).textContent.replace(/\s+/g, " ").trim();
        return { label: label, color: swatch ? swatch.style.backgroundColor : "", kind: kind || "polygon" };
      })
      .filter((entry) => entry.color && entry.label);
  }

  /* A map of the whole kabupaten as the tata ruang pages show it: zoom 9-18,
   * the wheel zooms only while the map has the focus, a scale bar and the
   * basemap (addBasemap; options.opacity fades it). */
  function kabupatenMap(container, options) {
    return createMap(container, { leaflet: { scrollWheelZoom: false }, wheelOnFocus: true, basemap: options });
  }

  /* Boundary overlays ------------------------------------------------------------ */

  const boundaryRequests = {};

  /* The FeatureCollection of the kecamatan or of the desa ("kecamatan"/"desa")
   * from the wilayah API, fetched once per page whoever asks. Rejects when the
   * answer is not a FeatureCollection or the server cannot be reached. */
  function boundaries(kind) {
    if (!boundaryRequests[kind]) {
      const url = config.api[kind];
      boundaryRequests[kind] = fetchJson(url).then(function (answer) {
        if (!answer.ok || !answer.data || !Array.isArray(answer.data.features)) {
          throw new Error("GET " + url + " answered " + answer.status);
        }
        return answer.data;
      });
    }
    return boundaryRequests[kind];
  }

  /* The attribution of the boundary data (HTML, for Leaflet's attribution). */
  function boundaryAttribution() {
    const link = '<a href="https://github.com/cahyadsn/wilayah_boundaries" rel="noopener">cahyadsn/wilayah_boundaries</a>';
    return interpolate(escapeHtml(gettext("Village boundaries: %(source)s (MIT), Kemendagri codes")), { source: link }, true);
  }

  /* Boundary outlines for orientation, drawn in the order given (the last one
   * on top) once all have arrived. Each spec: {kind: "kecamatan"|"desa",
   * style, pane, label (tooltip options: the name of every area, permanent and
   * centred), and any other L.geoJSON option}; the outlines do not take clicks
   * unless a spec says interactive: true. Resolves to the L.GeoJSON layers in
   * that order, null for a kind that could not be loaded. */
  async function addBoundaries(map, specs) {
    const loaded = await Promise.all(specs.map((spec) => boundaries(spec.kind).catch(() => null)));
    return specs.map(function (spec, index) {
      if (!loaded[index]) {
        return null;
      }
      const options = Object.assign({ interactive: false }, spec);
      delete options.kind;
      delete options.label;
      if (spec.label) {
        options.onEachFeature = function (feature, item) {
          item.bindTooltip(feature.properties.nama, Object.assign({ permanent: true, direction: "center" }, spec.label));
        };
      }
      return L.geoJSON(loaded[index], options).addTo(map);
    });
  }

  /* Leaflet-Geoman's drawing tools (the page loads the plugin) in the page's
   * language: no self-intersecting shapes, one shape per click on a tool, the
   * site's green for the line being drawn. `tools` switches tools on (e.g.
   * {drawPolygon: true}); `options` go over the global options. */
  /* Leaflet's own words in the page's language (Leaflet writes them in
   * English): the zoom buttons, the layer switcher and the popup's close
   * button. Every map page loads Leaflet before this script (map_base.html). */
  if (window.L && L.Control) {
    L.Control.Zoom.mergeOptions({ zoomInTitle: gettext("Zoom in"), zoomOutTitle: gettext("Zoom out") });
    const layersLayout = L.Control.Layers.prototype._initLayout;
    L.Control.Layers.include({
      _initLayout: function () {
        layersLayout.call(this);
        this._layersLink.title = gettext("Layers");
        this._layersLink.setAttribute("aria-label", gettext("Layers"));
      },
    });
    const popupLayout = L.Popup.prototype._initLayout;
    L.Popup.include({
      _initLayout: function () {
        popupLayout.call(this);
        if (this._closeButton) {
          this._closeButton.setAttribute("aria-label", gettext("Close popup"));
          this._closeButton.title = gettext("Close");
        }
      },
    });
  }

  /* Leaflet-Geoman's words: the site's own, through the JavaScript catalogue
   * (Geoman's Indonesian says "Digitasi Marker"; the planner adds a point). */
  function drawingWords() {
    return {
      tooltips: {
        placeMarker: gettext("Click on the map to place the point"),
        firstVertex: gettext("Click on the map to place the first corner"),
        continueLine: gettext("Click to add the next corner"),
        finishLine: gettext("Click the last corner again to finish the line"),
        finishPoly: gettext("Click the first corner to close the shape"),
        finishRect: gettext("Click to finish the rectangle"),
        startCircle: gettext("Click to place the centre of the circle"),
        finishCircle: gettext("Click to finish the circle"),
        placeCircleMarker: gettext("Click on the map to place the point"),
      },
      actions: {
        finish: gettext("Finish"),
        cancel: gettext("Cancel"),
        removeLastVertex: gettext("Remove the last corner"),
      },
      buttonTitles: {
        drawMarkerButton: gettext("Add a point"),
        drawPolyButton: gettext("Draw a polygon"),
        drawLineButton: gettext("Draw a line"),
        drawRectButton: gettext("Draw a rectangle"),
        drawCircleMarkerButton: gettext("Add a point"),
        editButton: gettext("Edit shapes"),
        dragButton: gettext("Move shapes"),
        deleteButton: gettext("Delete shapes"),
      },
    };
  }

  /* A Geoman button's title is on its container; the link itself gets it too,
   * so that the tooltip and screen readers name every tool. */
  function nameDrawingButtons(map) {
    map.getContainer().querySelectorAll(".leaflet-pm-toolbar .button-container").forEach(function (box) {
      const link = box.querySelector("a.leaflet-buttons-control-button");
      const title = box.getAttribute("title");
      if (link && title) {
        link.setAttribute("title", title);
        link.setAttribute("aria-label", title);
      }
    });
  }

  function addDrawingTools(map, tools, options) {
    map.pm.setLang("websig", drawingWords(), lang.startsWith("id") ? "id" : "en");
    const drawing = "#0e4a3a";
    map.pm.setGlobalOptions(
      Object.assign(
        {
          allowSelfIntersection: false,
          continueDrawing: false,
          templineStyle: { color: drawing, weight: 3 },
          hintlineStyle: { color: drawing, weight: 2, dashArray: "6 6" },
        },
        options
      )
    );
    const none = {};
    ["drawMarker", "drawCircleMarker", "drawPolyline", "drawRectangle", "drawPolygon", "drawCircle", "drawText"]
      .concat(["editMode", "dragMode", "cutPolygon", "removalMode", "rotateMode"])
      .forEach((name) => (none[name] = false));
    map.pm.addControls(Object.assign({ position: "topleft" }, none, tools));
    nameDrawingButtons(map);
  }

  window.WebSIG = {
    config: config,
    lang: lang,
    readJson: readJson,
    escapeHtml: escapeHtml,
    el: el,
    formatNumber: formatNumber,
    isNumber: isNumber,
    formatMeasuredArea: formatMeasuredArea,
    jenisLabel: jenisLabel,
    profileUrl: profileUrl,
    send: send,
    request: request,
    fetchJson: fetchJson,
    sendJson: sendJson,
    errorText: errorText,
    readAnswer: readAnswer,
    csrfToken: csrfToken,
    formatCoordinate: formatCoordinate,
    addBasemap: addBasemap,
    basemapLayers: basemapLayers,
    basemapChoices: basemapChoices,
    kabupatenBounds: kabupatenBounds,
    bboxBounds: bboxBounds,
    createMap: createMap,
    kabupatenMap: kabupatenMap,
    boundaries: boundaries,
    boundaryAttribution: boundaryAttribution,
    addBoundaries: addBoundaries,
    addDrawingTools: addDrawingTools,
    addOverlay: addOverlay,
    removeOverlay: removeOverlay,
    followOverlay: followOverlay,
    legendFromList: legendFromList,
  };
})();

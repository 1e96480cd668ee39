/* Shared by the sectoral-layer pages (upload wizard, layer page, public map):
 * layer styles turned into Leaflet symbols and legend entries, the feature
 * popup and the status badges. Requests go through WebSIG.request.
 *
 * Attribute names and values come from uploaded files: untrusted input. They
 * are only ever written with textContent (WebSIG.el), never as HTML. */
(function () {
  "use strict";

  const { el, readJson } = window.WebSIG;
  // {name: URL} of the point icons, written by the page ({% icon_urls %}) so
  // the hashed static file names of production are used.
  const ICON_URLS = readJson("ikon-layer") || {};
  const COLOR = /^#[0-9a-fA-F]{6}$/;
  const FALLBACK_COLOR = "#1f78b4";
  // The sample-data label as the server spells it (core.sample).
  const SAMPLE_LABEL = window.WebSIG.config.sampleLabel;

  /* Styles --------------------------------------------------------------------- */

  function color(value, fallback) {
    return typeof value === "string" && COLOR.test(value) ? value : fallback || FALLBACK_COLOR;
  }

  function iconName(value) {
    return Object.prototype.hasOwnProperty.call(ICON_URLS, value) ? value : null;
  }

  /* The symbol {color, icon} of a feature's properties under a layer style. */
  function symbolFor(style, properties) {
    style = style || {};
    if (style.type === "categorized" && Array.isArray(style.categories)) {
      const value = properties ? properties[style.attribute] : undefined;
      const match = style.categories.find(function (category) {
        return String(category.value) === String(value);
      });
      if (match) {
        return { color: color(match.color), icon: iconName(match.icon) };
      }
      return { color: color(style.default_color, "#999999"), icon: null };
    }
    if (style.type === "graduated" && Array.isArray(style.classes)) {
      const cls = graduatedClass(style, properties ? properties[style.attribute] : undefined);
      return cls ? { color: color(cls.color), icon: iconName(style.icon) } : { color: color(style.default_color, "#999999"), icon: null };
    }
    return { color: color(style.color), icon: iconName(style.icon) };
  }

  /* The class of a graduated style holding a value: min <= value < max, the
   * last class also its max (layers/styles.py); null for no number. */
  function graduatedClass(style, value) {
    const number = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
    if (!isFinite(number)) {
      return null;
    }
    const classes = style.classes;
    return classes.find((cls, index) => number >= cls.min && (number < cls.max || (index === classes.length - 1 && number <= cls.max))) || null;
  }

  /* The colour of a style for vector tiles (ubin-vektor.js): one colour, or for
   * a categorized or graduated style a function of a feature's tile properties. */
  function colorFunction(style) {
    if (style && (style.type === "categorized" || style.type === "graduated")) {
      return (properties) => symbolFor(style, properties).color;
    }
    return symbolFor(style, {}).color;
  }

  /* The legend entries of a style: [{label, color, icon}] (one for a single style). */
  function legendEntries(style, fallbackLabel) {
    style = style || {};
    if (style.type === "categorized" && Array.isArray(style.categories)) {
      const entries = style.categories.map(function (category) {
        return {
          label: String(category.label || category.value),
          color: color(category.color),
          icon: iconName(category.icon),
        };
      });
      entries.push({ label: gettext("Other"), color: color(style.default_color, "#999999"), icon: null });
      return entries;
    }
    if (style.type === "graduated" && Array.isArray(style.classes)) {
      const entries = style.classes.map((cls) => ({ label: String(cls.label), color: color(cls.color), icon: iconName(style.icon) }));
      entries.push({ label: gettext("No value"), color: color(style.default_color, "#999999"), icon: null });
      return entries;
    }
    return [{ label: fallbackLabel || "", color: color(style.color), icon: iconName(style.icon) }];
  }

  /* A small legend symbol: an icon on a coloured disc, a line or a filled square. */
  function swatch(symbol, kind) {
    const node = el("span", "simbol simbol--" + (kind || "point"));
    node.style.setProperty("--warna", symbol.color);
    if (kind === "point" || !kind) {
      const url = ICON_URLS[symbol.icon || "circle"];
      if (url) {
        const img = el("img");
        img.src = url;
        img.alt = "";
        node.appendChild(img);
      }
    }
    node.setAttribute("aria-hidden", "true");
    return node;
  }

  /* A Leaflet marker icon: the style's pictogram, white on a coloured disc. */
  const iconCache = new Map();
  function markerIcon(symbol) {
    const key = symbol.color + "/" + (symbol.icon || "");
    if (!iconCache.has(key)) {
      const html = swatch(symbol, "point");
      html.classList.add("simbol--penanda");
      iconCache.set(key, { html: html.outerHTML });
    }
    return L.divIcon({
      className: "penanda-layer",
      html: iconCache.get(key).html,
      iconSize: [26, 26],
      iconAnchor: [13, 13],
      popupAnchor: [0, -12],
    });
  }

  /* Leaflet GeoJSON options drawing a layer with its style. */
  function geoJsonOptions(layer, extra) {
    const style = layer.style || {};
    return Object.assign(
      {
        style: function (feature) {
          const symbol = symbolFor(style, feature.properties);
          return {
            color: symbol.color,
            weight: layer.geometry_kind === "line" ? 3 : 1.5,
            opacity: 0.95,
            fillColor: symbol.color,
            fillOpacity: 0.35,
          };
        },
        pointToLayer: function (feature, latlng) {
          return L.marker(latlng, {
            icon: markerIcon(symbolFor(style, feature.properties)),
            keyboard: false,
            riseOnHover: true,
          });
        },
      },
      extra || {}
    );
  }

  /* Clusters of dense point layers ------------------------------------------------ */

  /* The points of a dense layer (CLUSTER_MIN or more drawn) gathered into
   * clusters that split as the map zooms in (leaflet.markercluster, loaded by
   * map_base.html; every marker from zoom CLUSTER_OFF on): 370 schools at
   * kabupaten zoom become a few dozen discs with their count instead of an
   * unreadable heap. The features come as GeoJSON (a page of at most a few
   * thousand, capped by the view), so the browser clusters them; a layer
   * larger than that is drawn from vector tiles, which the server thins at
   * low zoom. `drawn` is the L.GeoJSON of the features; answers it unchanged
   * for lines, polygons and sparse points. options: pane of the clusters. */
  const CLUSTER_MIN = 50;
  const CLUSTER_OFF = 16;
  const clusters = Boolean(window.L && L.markerClusterGroup);

  function clustered(style, geometryKind, drawn, options) {
    const markers = drawn.getLayers();
    if (!clusters || geometryKind !== "point" || markers.length < CLUSTER_MIN) {
      return drawn;
    }
    const colour = symbolFor(style, {}).color;
    const group = L.markerClusterGroup({
      clusterPane: (options && options.pane) || L.Marker.prototype.options.pane,
      disableClusteringAtZoom: CLUSTER_OFF,
      maxClusterRadius: 45,
      showCoverageOnHover: false,
      spiderfyOnMaxZoom: false,
      chunkedLoading: true,
      iconCreateFunction: function (cluster) {
        const n = cluster.getChildCount();
        const size = n < 10 ? 28 : n < 100 ? 34 : 40;
        const node = el("div", "kluster-layer");
        node.style.setProperty("--warna", colour);
        node.appendChild(el("span", null, window.WebSIG.formatNumber(n, 0)));
        return L.divIcon({ html: node.outerHTML, className: "kluster-layer__ikon", iconSize: [size, size] });
      },
    });
    group.addLayers(markers);
    return group;
  }

  /* Popups ---------------------------------------------------------------------- */

  const WILAYAH_KEYS = new Set(["_desa", "_desa_nama", "_kecamatan", "_kecamatan_nama"]);

  /* Whole numbers that name rather than count (a year, a code, a number of
   * the register): written as they are, "2025" and not "2.025". */
  const IDENTIFIER_KEY = /(^|_)(tahun|year|thn|kode|kd|code|id|no|nomor|npsn|nib|nip|nik|rt|rw)($|_)/i;

  function formatValue(value, key) {
    if (value === null || value === undefined || value === "") {
      return "–";
    }
    if (typeof value === "number") {
      if (Number.isInteger(value) && IDENTIFIER_KEY.test(key || "")) {
        return String(value);
      }
      return window.WebSIG.formatNumber(value);
    }
    if (typeof value === "boolean") {
      return value ? gettext("yes") : gettext("no");
    }
    if (typeof value === "object") {
      return JSON.stringify(value);
    }
    return String(value);
  }

  /* Popup content of a feature: layer and OPD, every attribute, desa and kecamatan. */
  function featureContent(feature, layer) {
    const props = feature.properties || {};
    const root = el("div", "info-fitur");
    if (layer.is_sample || props._label) {
      root.appendChild(el("p", "lencana lencana--contoh", SAMPLE_LABEL));
    }
    root.appendChild(el("p", "info-fitur__layer", layer.title));
    if (layer.opd) {
      root.appendChild(el("p", "info-fitur__opd", layer.opd.singkatan + " · " + layer.opd.nama));
    }
    const table = el("table", "info-fitur__atribut");
    const body = el("tbody");
    Object.keys(props).forEach(function (key) {
      if (WILAYAH_KEYS.has(key) || key === "_label") {
        return;
      }
      const row = el("tr");
      row.appendChild(el("th", null, key));
      row.appendChild(el("td", null, formatValue(props[key], key)));
      body.appendChild(row);
    });
    table.appendChild(body);
    if (body.children.length) {
      const scroller = el("div", "info-fitur__gulir");
      scroller.appendChild(table);
      root.appendChild(scroller);
    }
    const place = el("p", "info-fitur__wilayah");
    if (props._desa_nama) {
      place.textContent = interpolate(gettext("Desa/kelurahan %(desa)s, Kecamatan %(kecamatan)s"), {
        desa: props._desa_nama,
        kecamatan: props._kecamatan_nama || "–",
      }, true);
    } else {
      place.textContent = gettext("Outside every desa/kelurahan boundary");
    }
    root.appendChild(place);
    return root;
  }

  /* A feature of a layer's OGC collection (/ogc/collections/<slug>/items/<id>,
   * as a tiled feature's popup fetches it) in the shape featureContent reads:
   * the desa and kecamatan codes (kode_desa, kode_kec) become _desa and
   * _kecamatan with their names from the desa boundaries of the page (fetched
   * once per page; the codes alone when they cannot be loaded). */
  async function collectionFeature(feature) {
    const props = Object.assign({}, feature.properties);
    const kodeDesa = props.kode_desa;
    const kodeKecamatan = props.kode_kec;
    delete props.kode_desa;
    delete props.kode_kec;
    if (kodeDesa) {
      props._desa = kodeDesa;
      props._desa_nama = kodeDesa;
      props._kecamatan = kodeKecamatan || null;
      props._kecamatan_nama = kodeKecamatan || null;
      try {
        const desa = await window.WebSIG.boundaries("desa");
        const match = desa.features.find((item) => item.properties.kode === kodeDesa);
        if (match) {
          props._desa_nama = match.properties.nama;
          props._kecamatan_nama = match.properties.kecamatan_nama || props._kecamatan_nama;
        }
      } catch (error) {
        // The codes stand in for the names.
      }
    }
    return Object.assign({}, feature, { properties: props });
  }

  /* The status line of a layer drawn from vector tiles: at low zoom the server
   * draws polygons smaller than a pixel as pixels and leaves such lines out
   * (ogc/tiles.py, GENERALISE_BELOW_ZOOM), so say that small features take
   * their shape closer in. */
  function tilesStatus(total) {
    return interpolate(
      ngettext(
        "All %(total)s feature, from vector tiles; small features are drawn in full as you zoom in.",
        "All %(total)s features, from vector tiles; small features are drawn in full as you zoom in.",
        total
      ),
      { total: window.WebSIG.formatNumber(total, 0) },
      true
    );
  }

  /* Status badges ----------------------------------------------------------------- */

  const STATUS_LABELS = {
    draft: gettext("Draft"),
    submitted: gettext("Waiting for review"),
    published: gettext("Published"),
    rejected: gettext("Rejected"),
    superseded: gettext("Superseded"),
  };

  function statusBadge(status) {
    return el("span", "status status--" + status, STATUS_LABELS[status] || status);
  }

  window.WebSIGLayers = {
    // The request helpers of WebSIG under their former names, for the progress
    // code of the upload wizard and of the compliance run (kept as it is).
    sendJson: window.WebSIG.sendJson,
    errorText: window.WebSIG.errorText,
    symbolFor: symbolFor,
    colorFunction: colorFunction,
    legendEntries: legendEntries,
    swatch: swatch,
    markerIcon: markerIcon,
    geoJsonOptions: geoJsonOptions,
    clusters: clusters,
    clustered: clustered,
    featureContent: featureContent,
    collectionFeature: collectionFeature,
    tilesStatus: tilesStatus,
    statusBadge: statusBadge,
  };
})();

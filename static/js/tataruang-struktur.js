/* The struktur ruang of a plan on the tata ruang maps: networks (lines: toll,
 * arterial, collector and local roads, railways; planned ones dashed) and
 * centres (points sized by level: PKN, PKW, PKL, PPK, PPL), a legend of the
 * classes drawn and popups with the feature's attributes.
 *
 * The plan and its layers come from json_script "data-struktur" (see
 * tataruang/struktur.py map_data). On /tata-ruang/kesesuaian/ they overlay the
 * indicator map (window.websigKesesuaianMap) under the #tampil-struktur toggle;
 * on the plan page they get their own map (#peta-struktur), and #form-struktur
 * links and unlinks layers. The map container reports data-struktur-loaded (the
 * number of features drawn) once they are drawn.
 *
 * Attribute values are untrusted: written with textContent only. */
(function () {
  "use strict";

  if (!window.L || !window.WebSIG || !window.WebSIGLayers) {
    return;
  }
  const { el, fetchJson, formatNumber } = window.WebSIG;
  const WL = window.WebSIGLayers;
  const data = WebSIG.readJson("data-struktur");
  const PAGE = 5000;
  const MAX_FEATURES = 20000;
  const SVG_NS = "http://www.w3.org/2000/svg";

  /* Classes, in legend order: a pattern over the class attributes (upper case). */
  const LINES = [
    { key: "tol", test: /\bTOL\b|BEBAS HAMBATAN/, label: gettext("Toll road"), color: "#6b2c91", weight: 5 },
    { key: "arteri", test: /ARTERI/, label: gettext("Arterial road"), color: "#1f4e9c", weight: 3.5 },
    { key: "kolektor", test: /KOLEKTOR/, label: gettext("Collector road"), color: "#4f95d6", weight: 2.5 },
    { key: "lokal", test: /LOKAL|LINGKUNGAN/, label: gettext("Local road"), color: "#8a8a8a", weight: 2 },
    { key: "rel", test: /KERETA|\bKA\b|\bREL\b|RAIL/, label: gettext("Railway"), color: "#222222", weight: 4.5, rail: true },
    { key: "lain", test: null, label: gettext("Other network"), color: "#7a7a7a", weight: 2 },
  ];
  // Centres: a larger symbol for a higher level; black on the busy choropleth, white for PPK.
  const POINTS = [
    { key: "pkn", test: /\bPKN\b|KEGIATAN NASIONAL/, label: gettext("PKN – national activity centre"), radius: 10 },
    { key: "pkw", test: /\bPKW\b|KEGIATAN WILAYAH/, label: gettext("PKW – regional activity centre"), radius: 9 },
    { key: "pkl", test: /\bPKL\b|KEGIATAN LOKAL/, label: gettext("PKL – local activity centre"), radius: 8 },
    { key: "ppk", test: /\bPPK\b|PELAYANAN KAWASAN/, label: gettext("PPK – area service centre"), radius: 6, fill: "#ffffff", stroke: "#111111" },
    { key: "ppl", test: /\bPPL\b|PELAYANAN LINGKUNGAN/, label: gettext("PPL – neighbourhood service centre"), radius: 4, fill: "#555555" },
    { key: "pusat", test: null, label: gettext("Other centre"), radius: 5, fill: "#777777" },
  ].map((cls) => Object.assign({ fill: "#111111", stroke: "#ffffff", weight: cls.radius >= 6 ? 2.5 : 1.5 }, cls));
  const LINE_KEYS = ["JNSJRN", "FUNGSI", "KLSJLN", "FGSJLN", "JNSRPR", "REMARK", "NAMOBJ"];
  const POINT_KEYS = ["JNSPUSAT", "HIRARKI", "REMARK", "NAMOBJ"];
  const PLANNED = /RENCANA|USULAN|PLANNED/;

  /* The values of `keys` (any case) of a feature's properties, upper case, in that order. */
  function attributeValues(props, keys) {
    const byKey = {};
    Object.keys(props || {}).forEach((key) => {
      byKey[key.toUpperCase()] = props[key];
    });
    return keys
      .map((key) => byKey[key])
      .filter((value) => value !== undefined && value !== null && value !== "")
      .map((value) => String(value).toUpperCase());
  }

  /* The class named by the first attribute that names one; the last class otherwise. */
  function classOf(feature, classes, keys) {
    const named = classes.slice(0, -1);
    for (const value of attributeValues(feature.properties, keys)) {
      const match = named.find((cls) => cls.test.test(value));
      if (match) {
        return match;
      }
    }
    return classes[classes.length - 1];
  }

  function isPlanned(feature) {
    return attributeValues(feature.properties, ["STATUS", "STS"]).some((value) => PLANNED.test(value));
  }

  function isPoint(feature) {
    return /Point$/.test((feature.geometry && feature.geometry.type) || "");
  }

  /* Every feature of a layer (following `next`), up to MAX_FEATURES. */
  async function loadFeatures(layer) {
    const url = new URL(layer.features, window.location.href);
    url.searchParams.set("limit", String(PAGE));
    let next = url.toString();
    const features = [];
    while (next && features.length < MAX_FEATURES) {
      const answer = await fetchJson(next);
      if (!answer.ok || !answer.data || !Array.isArray(answer.data.features)) {
        throw new Error("GET " + next + " answered " + answer.status);
      }
      features.push(...answer.data.features);
      next = answer.data.next || null;
    }
    return features;
  }

  /* Drawing ------------------------------------------------------------------------- */

  function popupFor(feature, layer, cls, planned) {
    return function () {
      const root = WL.featureContent(feature, { title: layer.title, is_sample: layer.is_sample });
      const label = planned ? cls.label + " · " + gettext("planned") : cls.label;
      root.insertBefore(el("p", "info-fitur__kelas", label), root.querySelector(".info-fitur__layer"));
      return root;
    };
  }

  /* Leaflet layers of the features: casings, lines and points in drawing order. */
  function buildLayers(loaded, renderer, counts) {
    const casings = [];
    const lines = [];
    const points = [];
    loaded.forEach(function ({ layer, features }) {
      features.forEach(function (feature) {
        const point = isPoint(feature);
        const cls = point ? classOf(feature, POINTS, POINT_KEYS) : classOf(feature, LINES, LINE_KEYS);
        const planned = !point && isPlanned(feature);
        counts.set(cls.key, (counts.get(cls.key) || 0) + 1);
        counts.set("_rencana", (counts.get("_rencana") || 0) + (planned ? 1 : 0));
        const popup = popupFor(feature, layer, cls, planned);
        const options = { maxWidth: 320, minWidth: 220, className: "popup-fitur" };
        if (point) {
          points.push(
            L.geoJSON(feature, {
              pointToLayer: (f, latlng) =>
                L.circleMarker(latlng, {
                  renderer: renderer,
                  radius: cls.radius,
                  color: cls.stroke,
                  weight: cls.weight,
                  fillColor: cls.fill,
                  fillOpacity: 1,
                  opacity: 1,
                }),
            }).bindPopup(popup, options)
          );
          return;
        }
        casings.push(L.geoJSON(feature, { renderer: renderer, interactive: false, style: casingStyle(cls) }));
        lines.push(L.geoJSON(feature, { renderer: renderer, style: lineStyle(cls, planned) }).bindPopup(popup, options));
      });
    });
    return [...casings, ...lines, ...points];
  }

  /* A railway is a dark line with white dashes; a road a coloured line on a white casing. */
  function casingStyle(cls) {
    if (cls.rail) {
      return { color: cls.color, weight: cls.weight, opacity: 1, lineCap: "butt" };
    }
    return { color: "#ffffff", weight: cls.weight + 3, opacity: 0.9 };
  }

  function lineStyle(cls, planned) {
    if (cls.rail) {
      return { color: "#ffffff", weight: cls.weight - 2.5, opacity: 1, dashArray: "7 7", lineCap: "butt" };
    }
    return {
      color: cls.color,
      weight: cls.weight,
      opacity: 1,
      dashArray: planned ? "10 7" : null,
      lineCap: planned ? "butt" : "round",
    };
  }

  /* Legend ----------------------------------------------------------------------------- */

  function svg(tag, attrs) {
    const node = document.createElementNS(SVG_NS, tag);
    node.setAttribute("aria-hidden", "true");
    Object.keys(attrs).forEach((name) => node.setAttribute(name, String(attrs[name])));
    return node;
  }

  function lineSwatch(cls, planned) {
    const root = svg("svg", { width: 36, height: 14, viewBox: "0 0 36 14", class: "legenda-struktur__simbol" });
    const casing = casingStyle(cls);
    const line = lineStyle(cls, planned);
    root.appendChild(svg("line", { x1: 2, y1: 7, x2: 34, y2: 7, stroke: casing.color, "stroke-width": casing.weight }));
    const top = svg("line", { x1: 2, y1: 7, x2: 34, y2: 7, stroke: line.color, "stroke-width": line.weight });
    if (line.dashArray) {
      top.setAttribute("stroke-dasharray", line.dashArray);
    }
    root.appendChild(top);
    return root;
  }

  function pointSwatch(cls) {
    const root = svg("svg", { width: 36, height: 24, viewBox: "0 0 36 24", class: "legenda-struktur__simbol" });
    root.appendChild(svg("circle", { cx: 18, cy: 12, r: cls.radius, fill: cls.fill, stroke: cls.stroke, "stroke-width": cls.weight }));
    return root;
  }

  function legendItem(swatch, label, count) {
    const item = el("li", "legenda-struktur__kelas");
    item.appendChild(swatch);
    item.appendChild(el("span", "legenda-struktur__nama", label));
    if (count !== null) {
      item.appendChild(el("span", "legenda-struktur__jumlah", formatNumber(count, 0)));
    }
    return item;
  }

  function fillLegend(list, counts) {
    if (!list) {
      return;
    }
    list.replaceChildren();
    LINES.concat(POINTS).forEach(function (cls) {
      if (counts.get(cls.key)) {
        const swatch = cls.radius ? pointSwatch(cls) : lineSwatch(cls, false);
        list.appendChild(legendItem(swatch, cls.label, counts.get(cls.key)));
      }
    });
    if (counts.get("_rencana")) {
      const planned = { color: "#555555", weight: 3 };
      list.appendChild(legendItem(lineSwatch(planned, true), gettext("planned (dashed)"), counts.get("_rencana")));
    }
  }

  /* The legend of an export of the map: the classes drawn (counts: class key -> features). */
  function exportEntries(counts) {
    const entries = LINES.concat(POINTS)
      .filter((cls) => counts.get(cls.key))
      .map((cls) => ({ label: cls.label, color: cls.radius ? cls.fill : cls.color, kind: cls.radius ? "point" : "line" }));
    if (counts.get("_rencana")) {
      entries.push({ label: gettext("planned (dashed)"), color: "#555555", kind: "line" });
    }
    return entries;
  }

  /* Draw the struktur of `data` on `map`; resolves to the Leaflet group (not
   * yet added to the map, but offered in its layer control and export legend). */
  async function draw(map, container) {
    map.createPane("struktur").style.zIndex = 450;
    const renderer = L.svg({ pane: "struktur", padding: 0.3 });
    const status = document.getElementById("struktur-status");
    const results = await Promise.all(
      data.layers.map((layer) =>
        loadFeatures(layer)
          .then((features) => ({ layer: layer, features: features }))
          .catch(function (error) {
            console.warn(error);
            return { layer: layer, features: [], failed: true };
          })
      )
    );
    const counts = new Map();
    const group = L.featureGroup(buildLayers(results, renderer, counts), { fadePane: "struktur" });
    window.WebSIG.addOverlay(map, group, gettext("Spatial structure"), { entries: exportEntries(counts) });
    const failed = results.filter((result) => result.failed).map((result) => result.layer.title);
    if (status) {
      status.textContent = failed.length
        ? interpolate(gettext("Could not be loaded: %(layers)s."), { layers: failed.join(", ") }, true)
        : "";
    }
    fillLegend(document.getElementById("legenda-struktur-daftar"), counts);
    container.dataset.strukturLoaded = String(results.reduce((n, result) => n + result.features.length, 0));
    return group;
  }

  /* The indicator map of /tata-ruang/kesesuaian/: an overlay with a toggle. */
  async function overlayIndicatorMap(map) {
    const toggle = document.getElementById("tampil-struktur");
    const legend = document.getElementById("legenda-struktur");
    const group = await draw(map, map.getContainer());
    function show() {
      const visible = !toggle || toggle.checked;
      if (visible) {
        group.addTo(map);
      } else {
        map.removeLayer(group);
      }
      if (legend) {
        legend.hidden = !visible;
      }
    }
    if (toggle) {
      toggle.addEventListener("change", show);
      // The layer control shows and hides it too: the page's switch follows.
      window.WebSIG.followOverlay(map, toggle, () => group, function (visible) {
        if (legend) {
          legend.hidden = !visible;
        }
      });
    }
    show();
  }

  /* The plan page: its own map with the kecamatan for orientation. */
  async function planMap(container) {
    const map = window.WebSIG.kabupatenMap(container);
    window.websigStrukturMap = map;
    const style = { color: "#55655f", weight: 1, opacity: 0.7, fillColor: "#eef2ef", fillOpacity: 0.35 };
    await window.WebSIG.addBoundaries(map, [{ kind: "kecamatan", style: style }]);
    const group = (await draw(map, container)).addTo(map);
    if (group.getLayers().length) {
      map.fitBounds(group.getBounds(), { padding: [16, 16] });
    }
  }

  /* Link and unlink layers of the plan (PATCH {"struktur": [...]}); the page reloads. */
  function linkForm(form) {
    const errorBox = document.getElementById("galat-struktur");
    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      errorBox.hidden = true;
      const slugs = Array.from(form.querySelectorAll("input[name=struktur]:checked")).map((input) => input.value);
      const button = form.querySelector("button[type=submit]");
      button.disabled = true;
      const answer = await WebSIG.sendJson(form.dataset.apiDetail, { struktur: slugs }, "PATCH");
      if (!answer.ok) {
        errorBox.replaceChildren(el("p", null, WebSIG.errorText(answer)));
        errorBox.hidden = false;
        button.disabled = false;
        return;
      }
      window.location.reload();
    });
  }

  const form = document.getElementById("form-struktur");
  if (form) {
    linkForm(form);
  }
  if (!data || !Array.isArray(data.layers) || !data.layers.length) {
    return;
  }
  const own = document.getElementById("peta-struktur");
  if (own) {
    planMap(own);
  } else if (window.websigKesesuaianMap) {
    overlayIndicatorMap(window.websigKesesuaianMap);
  }
})();

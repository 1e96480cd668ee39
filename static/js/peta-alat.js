/* The standard tools of every WebSIG map, attached by WebSIG.createMap
 * (templates/map_base.html loads this script and vendor/proj4 on every map
 * page):
 *   - measure a distance or an area, in metres and hectares computed in UTM
 *     zone 48S (EPSG:32748, settings.METRIC_SRID): the vertices are projected
 *     with proj4 and measured on the plane, as the server measures
 *     (ST_Length/ST_Area of ST_Transform(geom, 32748));
 *   - the coordinates of the cursor (of the map's centre on a touch screen) in
 *     decimal degrees and in UTM 48S easting/northing;
 *   - export of the current view as PNG or PDF, with the legend of the layers
 *     shown, a scale bar, a north arrow and the credits;
 *   - an opacity slider under every overlay of a layer control;
 * the scale bar and the credits are kept apart by peta-alat.css.
 *
 * State for tests: the map container's data-ukur ("m" of a line, "m2" of an
 * area, the figure before formatting) and data-ekspor (the size of the last
 * picture, "WxH"). */
(function () {
  "use strict";

  if (!window.L || !window.WebSIG) {
    return;
  }
  const { el, formatNumber } = window.WebSIG;
  const UTM_48S = "+proj=utm +zone=48 +south +datum=WGS84 +units=m +no_defs +type=crs";
  const projection = window.proj4 ? window.proj4("EPSG:4326", UTM_48S) : null;
  const DRAW_COLOR = "#e4572e";
  const M2_PER_HA = 10000;

  /* Geometry in UTM 48S ------------------------------------------------------------ */

  /* {e, n} in metres of a Leaflet LatLng. */
  function toUtm(latlng) {
    const point = projection.forward([latlng.lng, latlng.lat]);
    return { e: point[0], n: point[1] };
  }

  /* The length in metres of a line through latlngs, on the UTM 48S plane. */
  function lengthM(latlngs) {
    let total = 0;
    for (let i = 1; i < latlngs.length; i++) {
      const a = toUtm(latlngs[i - 1]);
      const b = toUtm(latlngs[i]);
      total += Math.hypot(b.e - a.e, b.n - a.n);
    }
    return total;
  }

  /* The area in m² of the ring through latlngs (closed implicitly), on the UTM 48S plane. */
  function areaM2(latlngs) {
    const points = latlngs.map(toUtm);
    let twice = 0;
    for (let i = 0; i < points.length; i++) {
      const a = points[i];
      const b = points[(i + 1) % points.length];
      twice += a.e * b.n - b.e * a.n;
    }
    return Math.abs(twice) / 2;
  }

  function formatLength(metres) {
    const text = formatNumber(metres, metres < 100 ? 1 : 0) + " m";
    return metres >= 1000 ? text + " (" + formatNumber(metres / 1000, 2) + " km)" : text;
  }

  function formatArea(m2) {
    return formatNumber(m2 / M2_PER_HA, 2) + " ha (" + formatNumber(m2, 0) + " m²)";
  }

  /* "UTM 48S: E 658.123 m, N 9.311.234 m" */
  function formatUtm(latlng) {
    const point = toUtm(latlng);
    return interpolate(gettext("UTM 48S: E %(e)s m, N %(n)s m"), {
      e: formatNumber(point.e, 0),
      n: formatNumber(point.n, 0),
    }, true);
  }

  /* Controls ------------------------------------------------------------------------- */

  function button(className, label, svg) {
    const node = el("button", "alat__tombol " + className);
    node.type = "button";
    node.title = label;
    node.setAttribute("aria-label", label);
    if (svg) {
      node.innerHTML = '<svg viewBox="0 0 24 24" aria-hidden="true">' + svg + "</svg>";
    } else {
      node.textContent = label;
    }
    return node;
  }

  /* The coordinates of the cursor, or of the map's centre while no mouse is over it. */
  function addCoordinates(map) {
    const Readout = L.Control.extend({
      options: { position: "bottomright" },
      onAdd: function () {
        const node = el("div", "alat-koordinat");
        node.appendChild(el("span", "alat-koordinat__derajat"));
        node.appendChild(el("span", "alat-koordinat__utm"));
        L.DomEvent.disableClickPropagation(node);
        return node;
      },
    });
    const control = new Readout().addTo(map);
    const node = control.getContainer();
    function show(latlng, centre) {
      const point = latlng.wrap();
      node.classList.toggle("alat-koordinat--pusat", centre);
      node.title = centre ? gettext("Coordinates of the map centre") : gettext("Coordinates of the cursor");
      node.children[0].textContent = WebSIG.formatCoordinate(point);
      node.children[1].textContent = formatUtm(point);
      node.dataset.lat = point.lat.toFixed(6);
      node.dataset.lng = point.lng.toFixed(6);
    }
    let mouseOver = false;
    map.on("mousemove", (event) => {
      mouseOver = true;
      show(event.latlng, false);
    });
    map.on("mouseout", () => {
      mouseOver = false;
      show(map.getCenter(), true);
    });
    map.on("moveend", () => mouseOver || show(map.getCenter(), true));
    map.whenReady(() => show(map.getCenter(), true));
    return control;
  }

  /* Measuring: clicks on a pane laid over the map (so the page's own click
   * handlers, e.g. "what is here?", do not fire) add vertices; dragging still
   * pans, the wheel still zooms; a double click, Enter or "Finish" ends. */
  function addMeasure(map) {
    const state = { mode: null, points: [], shape: null, vertices: L.layerGroup(), catcher: null, cursor: null };
    const container = map.getContainer();
    let bar;
    let result;
    let finishButton;
    let clearButton;

    const Measure = L.Control.extend({
      options: { position: "topleft" },
      onAdd: function () {
        const root = el("div", "alat-ukur");
        bar = el("div", "leaflet-bar alat-bar");
        const line = button(
          "alat-ukur__jarak",
          gettext("Measure a distance"),
          '<path d="M3 17 17 3l4 4L7 21z"/><path d="m7 13 2 2M10 10l2 2M13 7l2 2"/>'
        );
        const area = button("alat-ukur__luas", gettext("Measure an area"), '<path d="M4 6l9-3 7 7-3 10-12-2z"/>');
        line.dataset.mode = "m";
        area.dataset.mode = "m2";
        bar.append(line, area);
        result = el("div", "alat-ukur__hasil");
        result.hidden = true;
        result.setAttribute("aria-live", "polite");
        const text = el("p", "alat-ukur__teks");
        const actions = el("p", "alat-ukur__aksi");
        finishButton = el("button", "alat-ukur__selesai", gettext("Finish"));
        clearButton = el("button", "alat-ukur__hapus", gettext("Clear"));
        finishButton.type = clearButton.type = "button";
        actions.append(finishButton, clearButton);
        result.append(text, actions);
        root.append(bar, result);
        L.DomEvent.disableClickPropagation(root);
        L.DomEvent.disableScrollPropagation(root);
        [line, area].forEach((node) =>
          node.addEventListener("click", () => (state.mode === node.dataset.mode ? finish() : start(node.dataset.mode)))
        );
        finishButton.addEventListener("click", finish);
        clearButton.addEventListener("click", clear);
        return root;
      },
    });
    new Measure().addTo(map);
    state.vertices.addTo(map);

    function figure() {
      const points = state.cursor ? state.points.concat([state.cursor]) : state.points;
      return points;
    }

    function redraw() {
      const points = figure();
      if (state.shape) {
        state.shape.remove();
      }
      const style = { color: DRAW_COLOR, weight: 3, interactive: false, fillOpacity: 0.15, dashArray: state.catcher ? "6 4" : null };
      state.shape = (state.mode === "m2" ? L.polygon(points, style) : L.polyline(points, style)).addTo(map);
      const text = result.querySelector(".alat-ukur__teks");
      let value = 0;
      if (state.mode === "m2") {
        value = points.length >= 3 ? areaM2(points) : 0;
        const perimeter = points.length >= 2 ? lengthM(points.concat([points[0]])) : 0;
        text.textContent = points.length >= 3
          ? interpolate(gettext("Area: %(area)s; perimeter %(perimeter)s"), { area: formatArea(value), perimeter: formatLength(perimeter) }, true)
          : gettext("Click the corners of the area; double-click to finish.");
      } else {
        value = lengthM(points);
        text.textContent = points.length >= 2
          ? interpolate(gettext("Distance: %(length)s"), { length: formatLength(value) }, true)
          : gettext("Click the points of the line; double-click to finish.");
      }
      container.dataset.ukur = state.mode + ":" + value.toFixed(3);
      result.hidden = false;
      finishButton.hidden = !state.catcher;
    }

    function start(mode) {
      clear();
      state.mode = mode;
      bar.querySelector("[data-mode='" + mode + "']").classList.add("alat__tombol--aktif");
      const catcher = el("div", "alat-ukur__tangkap");
      catcher.tabIndex = -1;
      container.appendChild(catcher);
      state.catcher = catcher;
      L.DomEvent.disableClickPropagation(catcher);
      let down = null;
      catcher.addEventListener("pointerdown", (event) => {
        down = { x: event.clientX, y: event.clientY, lastX: event.clientX, lastY: event.clientY, moved: false };
        catcher.setPointerCapture(event.pointerId);
      });
      catcher.addEventListener("pointermove", (event) => {
        if (down) {
          const dx = event.clientX - down.lastX;
          const dy = event.clientY - down.lastY;
          if (down.moved || Math.hypot(event.clientX - down.x, event.clientY - down.y) > 4) {
            down.moved = true;
            map.panBy([-dx, -dy], { animate: false });
            down.lastX = event.clientX;
            down.lastY = event.clientY;
          }
          return;
        }
        if (state.points.length && event.pointerType === "mouse") {
          state.cursor = map.mouseEventToLatLng(event);
          redraw();
        }
      });
      catcher.addEventListener("pointerup", (event) => {
        const wasClick = down && !down.moved;
        down = null;
        if (wasClick) {
          addPoint(map.mouseEventToLatLng(event));
        }
      });
      catcher.addEventListener("dblclick", (event) => {
        event.preventDefault();
        // The double click's two clicks added the same point twice.
        if (state.points.length > 1) {
          state.points.pop();
        }
        finish();
      });
      document.addEventListener("keydown", onKey);
      redraw();
    }

    function onKey(event) {
      if (event.key === "Escape") {
        clear();
      } else if (event.key === "Enter") {
        finish();
      }
    }

    function addPoint(latlng) {
      state.points.push(latlng);
      L.circleMarker(latlng, { radius: 4, color: "#ffffff", weight: 1.5, fillColor: DRAW_COLOR, fillOpacity: 1, interactive: false }).addTo(state.vertices);
      redraw();
    }

    function stopCatching() {
      if (state.catcher) {
        state.catcher.remove();
        state.catcher = null;
      }
      document.removeEventListener("keydown", onKey);
      bar.querySelectorAll(".alat__tombol--aktif").forEach((node) => node.classList.remove("alat__tombol--aktif"));
    }

    function finish() {
      stopCatching();
      state.cursor = null;
      if (state.mode) {
        redraw();
      }
    }

    function clear() {
      stopCatching();
      state.mode = null;
      state.points = [];
      state.cursor = null;
      state.vertices.clearLayers();
      if (state.shape) {
        state.shape.remove();
        state.shape = null;
      }
      result.hidden = true;
      delete container.dataset.ukur;
    }

    return { start: start, addPoint: addPoint, finish: finish, clear: clear };
  }

  /* Opacity sliders in every layer control --------------------------------------------- */

  /* The opacity (0-1) of an overlay: tiles and markers fade as a whole, paths
   * keep the proportion of their own stroke and fill opacity. A layer drawn in
   * a pane of its own that the page restyles (options.fadePane: the pane's
   * name) fades the pane instead, so that the page's restyling keeps the
   * chosen opacity; `map` is needed then. */
  function setOpacity(layer, value, map) {
    layer.websigOpacity = value;
    const fadePane = layer.options && layer.options.fadePane;
    map = map || layer._map;
    if (fadePane && map && map.getPane(fadePane)) {
      map.getPane(fadePane).style.opacity = String(value);
      return;
    }
    if (layer instanceof L.Path) {
      if (!layer.websigBase) {
        layer.websigBase = { opacity: layer.options.opacity, fillOpacity: layer.options.fillOpacity };
      }
      layer.setStyle({ opacity: layer.websigBase.opacity * value, fillOpacity: layer.websigBase.fillOpacity * value });
    } else if (layer instanceof L.LayerGroup) {
      layer.eachLayer((child) => setOpacity(child, value));
    } else if (typeof layer.setOpacity === "function") {
      layer.setOpacity(value);
    }
  }

  const addItem = L.Control.Layers.prototype._addItem;
  L.Control.Layers.prototype._addItem = function (obj) {
    const label = addItem.call(this, obj);
    if (!obj.overlay) {
      return label;
    }
    const row = el("div", "kontrol-lapisan__opasitas");
    const name = label.textContent.trim();
    const slider = el("input");
    slider.type = "range";
    slider.min = "0";
    slider.max = "100";
    slider.step = "5";
    slider.value = String(Math.round((obj.layer.websigOpacity === undefined ? 1 : obj.layer.websigOpacity) * 100));
    slider.setAttribute("aria-label", interpolate(gettext("Opacity of %(layer)s"), { layer: name }, true));
    slider.title = slider.getAttribute("aria-label");
    const map = this._map;
    slider.addEventListener("input", () => setOpacity(obj.layer, Number(slider.value) / 100, map));
    row.appendChild(slider);
    label.after(row);
    return label;
  };

  /* Legends of the layers shown, for the export ------------------------------------------ */

  const legends = new WeakMap(); // L.Map -> [{layer, title, entries: [{label, color, kind}]}]

  /* Say what a layer of the map means: {title, entries: [{label, color, kind
   * ("polygon"/"line"/"point")}]}; the export shows it while the layer is on
   * the map. Registering the same layer again replaces its legend. */
  function addLegend(map, layer, legend) {
    if (!legends.has(map)) {
      legends.set(map, []);
    }
    const list = legends.get(map).filter((item) => item.layer !== layer);
    list.push(Object.assign({ layer: layer }, legend));
    legends.set(map, list);
  }

  function shownLegends(map) {
    return (legends.get(map) || []).filter((item) => map.hasLayer(item.layer) && item.entries && item.entries.length);
  }

  /* Export ------------------------------------------------------------------------------ */

  function opacityOf(node, root) {
    let value = 1;
    for (let current = node; current && current !== root; current = current.parentElement) {
      const style = getComputedStyle(current);
      if (style.display === "none" || style.visibility === "hidden") {
        return 0;
      }
      value *= Number(style.opacity);
    }
    return value;
  }

  function loadImage(url) {
    return new Promise((resolve, reject) => {
      const image = new Image();
      image.onload = () => resolve(image);
      image.onerror = reject;
      image.src = url;
    });
  }

  /* Draw one element of a pane at its place on the screen. */
  async function drawElement(ctx, node, origin, root, options) {
    const rect = node.getBoundingClientRect();
    const x = rect.left - origin.left;
    const y = rect.top - origin.top;
    ctx.globalAlpha = opacityOf(node, root);
    if (!ctx.globalAlpha || !rect.width) {
      return;
    }
    if (node.tagName === "IMG") {
      if (node.complete && node.naturalWidth && !(options.skipTiles && node.classList.contains("leaflet-tile"))) {
        ctx.drawImage(node, x, y, rect.width, rect.height);
      }
    } else if (node.tagName === "CANVAS") {
      ctx.drawImage(node, x, y, rect.width, rect.height);
    } else if (node.tagName.toLowerCase() === "svg") {
      const copy = node.cloneNode(true);
      copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
      copy.setAttribute("width", String(rect.width));
      copy.setAttribute("height", String(rect.height));
      copy.style.transform = "";
      const url = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(new XMLSerializer().serializeToString(copy));
      ctx.drawImage(await loadImage(url), x, y, rect.width, rect.height);
    } else if (node.classList.contains("leaflet-marker-icon")) {
      drawMarker(ctx, node, x, y, rect);
    } else if (node.classList.contains("leaflet-tooltip")) {
      const style = getComputedStyle(node);
      ctx.font = style.fontWeight + " " + style.fontSize + " " + style.fontFamily;
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.lineWidth = 3;
      ctx.strokeStyle = "rgba(255,255,255,0.9)";
      ctx.fillStyle = style.color;
      const raw = node.textContent.trim();
      const text = style.textTransform === "uppercase" ? raw.toUpperCase() : raw;
      ctx.strokeText(text, x + rect.width / 2, y + rect.height / 2);
      ctx.fillText(text, x + rect.width / 2, y + rect.height / 2);
    }
  }

  /* A marker: its picture, or a disc in its colour (div icons, cluster counts). */
  function drawMarker(ctx, node, x, y, rect) {
    const disc = node.querySelector("[style*='--warna']") || node.querySelector("div") || node;
    const style = getComputedStyle(disc);
    const colour = style.getPropertyValue("--warna").trim() || style.backgroundColor || DRAW_COLOR;
    const r = Math.min(rect.width, rect.height) / 2;
    ctx.beginPath();
    ctx.arc(x + rect.width / 2, y + rect.height / 2, r - 1, 0, 2 * Math.PI);
    ctx.fillStyle = colour;
    ctx.fill();
    ctx.lineWidth = 2;
    ctx.strokeStyle = "#ffffff";
    ctx.stroke();
    const count = node.textContent.trim();
    if (count && /^[0-9.,]+$/.test(count)) {
      ctx.fillStyle = "#1b1b1b";
      ctx.font = "bold 12px sans-serif";
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.fillText(count, x + rect.width / 2, y + rect.height / 2);
    }
  }

  const DRAWN = "img.leaflet-tile, canvas, svg, .leaflet-marker-icon, .leaflet-tooltip";

  /* The panes of the map drawn bottom to top (not the popups). */
  function panesInOrder(map) {
    const panes = Array.from(map.getContainer().querySelectorAll(".leaflet-pane"))
      .filter((pane) => pane !== map.getPane("mapPane") && pane !== map.getPane("popupPane"));
    return panes
      .map((pane, index) => ({ pane: pane, z: Number(getComputedStyle(pane).zIndex) || 0, index: index }))
      .sort((a, b) => a.z - b.z || a.index - b.index)
      .map((item) => item.pane);
  }

  function niceLength(metres) {
    const power = Math.pow(10, Math.floor(Math.log10(metres)));
    const step = [5, 2, 1].find((n) => n * power <= metres) || 1;
    return step * power;
  }

  function box(ctx, x, y, w, h) {
    ctx.globalAlpha = 0.92;
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(x, y, w, h);
    ctx.globalAlpha = 1;
    ctx.strokeStyle = "#8a9490";
    ctx.lineWidth = 1;
    ctx.strokeRect(x + 0.5, y + 0.5, w - 1, h - 1);
  }

  /* A scale bar of a round length (metres in UTM 48S) at the bottom left. */
  function drawScale(ctx, map, size) {
    const y = size.y - 22;
    const a = map.containerPointToLatLng([20, y]);
    const b = map.containerPointToLatLng([120, y]);
    const perPixel = lengthM([a, b]) / 100;
    const metres = niceLength(perPixel * 150);
    const width = metres / perPixel;
    box(ctx, 8, size.y - 44, width + 24, 36);
    ctx.fillStyle = "#1b1b1b";
    ctx.fillRect(20, y, width, 4);
    ctx.fillRect(20, y - 6, 2, 10);
    ctx.fillRect(20 + width - 2, y - 6, 2, 10);
    ctx.font = "12px sans-serif";
    ctx.textAlign = "left";
    ctx.textBaseline = "bottom";
    ctx.fillText(metres >= 1000 ? formatNumber(metres / 1000, 0) + " km" : formatNumber(metres, 0) + " m", 20, y - 6);
    return width + 32;
  }

  function drawNorthArrow(ctx, size) {
    const x = size.x - 34;
    const y = 14;
    box(ctx, x - 14, y - 6, 40, 56);
    ctx.fillStyle = "#1b1b1b";
    ctx.beginPath();
    ctx.moveTo(x + 6, y);
    ctx.lineTo(x + 16, y + 30);
    ctx.lineTo(x + 6, y + 24);
    ctx.lineTo(x - 4, y + 30);
    ctx.closePath();
    ctx.fill();
    ctx.font = "bold 13px sans-serif";
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    ctx.fillText(gettext("N"), x + 6, y + 33);
  }

  /* The legends of the layers shown, in a box at the top left below the tools. */
  function drawLegend(ctx, map, size) {
    const items = shownLegends(map);
    if (!items.length) {
      return;
    }
    const lines = [];
    items.forEach((item) => {
      if (item.title) {
        lines.push({ title: item.title });
      }
      item.entries.slice(0, 30).forEach((entry) => lines.push(entry));
    });
    const lineHeight = 16;
    const maxLines = Math.floor((size.y - 120) / lineHeight);
    const shown = lines.slice(0, Math.max(maxLines, 1));
    ctx.font = "12px sans-serif";
    const width = Math.min(280, Math.max(...shown.map((line) => ctx.measureText(line.title || line.label || "").width)) + 40);
    const x = size.x - width - 58;
    const y = 8;
    box(ctx, x, y, width, shown.length * lineHeight + 12);
    shown.forEach((line, index) => {
      const top = y + 6 + index * lineHeight;
      ctx.textAlign = "left";
      ctx.textBaseline = "middle";
      ctx.fillStyle = "#1b1b1b";
      if (line.title !== undefined) {
        ctx.font = "bold 12px sans-serif";
        ctx.fillText(line.title, x + 8, top + lineHeight / 2, width - 16);
        return;
      }
      ctx.font = "12px sans-serif";
      ctx.fillStyle = line.color;
      if (line.kind === "line") {
        ctx.fillRect(x + 8, top + lineHeight / 2 - 1.5, 18, 3);
      } else if (line.kind === "point") {
        ctx.beginPath();
        ctx.arc(x + 17, top + lineHeight / 2, 5, 0, 2 * Math.PI);
        ctx.fill();
        // Outlined, so that a white symbol still shows on the white box.
        ctx.strokeStyle = line.stroke || "#1b1b1b";
        ctx.lineWidth = 1;
        ctx.stroke();
      } else {
        ctx.fillRect(x + 8, top + 3, 18, lineHeight - 6);
      }
      ctx.fillStyle = "#1b1b1b";
      ctx.fillText(line.label, x + 32, top + lineHeight / 2, width - 40);
    });
  }

  /* The credits and the date along the bottom right. */
  function drawCredits(ctx, map, size, left) {
    const holder = el("div");
    holder.innerHTML = map.attributionControl ? map.attributionControl.getContainer().innerHTML : "";
    const date = new Date().toLocaleDateString(WebSIG.lang.startsWith("id") ? "id-ID" : "en-GB", { dateStyle: "long" });
    const text = date + " · " + holder.textContent.replace(/\s+/g, " ").trim();
    ctx.font = "11px sans-serif";
    const width = Math.min(ctx.measureText(text).width + 12, size.x - left - 8);
    box(ctx, size.x - width - 4, size.y - 20, width, 18);
    ctx.fillStyle = "#333333";
    ctx.textAlign = "left";
    ctx.textBaseline = "middle";
    ctx.fillText(text, size.x - width + 2, size.y - 11, width - 10);
  }

  /* The current view as a canvas of the map's size (CSS pixels): basemap
   * tiles, vector tiles, paths, markers and labels as they are on screen, then
   * the legend, a scale bar, a north arrow and the credits. */
  async function renderMap(map, options) {
    options = options || {};
    const root = map.getContainer();
    const size = map.getSize();
    const canvas = document.createElement("canvas");
    canvas.width = size.x;
    canvas.height = size.y;
    const ctx = canvas.getContext("2d");
    ctx.fillStyle = getComputedStyle(root).backgroundColor || "#dde3e0";
    ctx.fillRect(0, 0, size.x, size.y);
    const origin = root.getBoundingClientRect();
    for (const pane of panesInOrder(map)) {
      for (const node of pane.querySelectorAll(DRAWN)) {
        if (node.tagName.toLowerCase() === "svg" || !node.closest("svg")) {
          await drawElement(ctx, node, origin, root, options);
        }
      }
    }
    ctx.globalAlpha = 1;
    drawLegend(ctx, map, size);
    drawNorthArrow(ctx, size);
    const left = drawScale(ctx, map, size);
    drawCredits(ctx, map, size, left);
    return canvas;
  }

  /* The canvas as a PNG blob; a basemap whose tiles came without CORS taints
   * the canvas: then the picture is drawn again without the basemap. */
  async function pictureBlob(map, type, quality) {
    let canvas = await renderMap(map);
    try {
      canvas.toDataURL(type);
    } catch (error) {
      canvas = await renderMap(map, { skipTiles: true });
    }
    return new Promise((resolve) => canvas.toBlob((blob) => resolve({ blob: blob, canvas: canvas }), type, quality));
  }

  /* A one-page PDF (A4 landscape) holding the picture as a JPEG. */
  async function pdfBlob(map) {
    const { blob, canvas } = await pictureBlob(map, "image/jpeg", 0.92);
    const jpeg = new Uint8Array(await blob.arrayBuffer());
    const pageW = 842;
    const pageH = 595;
    const scale = Math.min((pageW - 56) / canvas.width, (pageH - 56) / canvas.height);
    const w = (canvas.width * scale).toFixed(2);
    const h = (canvas.height * scale).toFixed(2);
    const x = ((pageW - w) / 2).toFixed(2);
    const y = ((pageH - h) / 2).toFixed(2);
    const content = "q " + w + " 0 0 " + h + " " + x + " " + y + " cm /Im0 Do Q";
    const encoder = new TextEncoder();
    const parts = [];
    const offsets = [];
    let length = 0;
    function push(chunk) {
      const bytes = typeof chunk === "string" ? encoder.encode(chunk) : chunk;
      parts.push(bytes);
      length += bytes.length;
    }
    function object(number, body, stream) {
      offsets[number] = length;
      push(number + " 0 obj\n" + body);
      if (stream) {
        push("\nstream\n");
        push(stream);
        push("\nendstream");
      }
      push("\nendobj\n");
    }
    push("%PDF-1.4\n");
    object(1, "<< /Type /Catalog /Pages 2 0 R >>");
    object(2, "<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
    object(3, "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 " + pageW + " " + pageH + "] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>");
    object(4, "<< /Type /XObject /Subtype /Image /Width " + canvas.width + " /Height " + canvas.height +
      " /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length " + jpeg.length + " >>", jpeg);
    object(5, "<< /Length " + content.length + " >>", content);
    const xref = length;
    let table = "xref\n0 6\n0000000000 65535 f \n";
    for (let i = 1; i <= 5; i++) {
      table += String(offsets[i]).padStart(10, "0") + " 00000 n \n";
    }
    push(table + "trailer\n<< /Size 6 /Root 1 0 R >>\nstartxref\n" + xref + "\n%%EOF\n");
    return { blob: new Blob(parts, { type: "application/pdf" }), canvas: canvas };
  }

  function download(blob, name) {
    const link = el("a");
    link.href = URL.createObjectURL(blob);
    link.download = name;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 10000);
  }

  function addExport(map) {
    const Export = L.Control.extend({
      options: { position: "topleft" },
      onAdd: function () {
        const root = el("div", "leaflet-bar alat-bar alat-ekspor");
        const png = button("alat-ekspor__png", gettext("Save the map view as PNG"), '<path d="M12 4v11m0 0-4-4m4 4 4-4"/><path d="M4 17v3h16v-3"/>');
        const pdf = button("alat-ekspor__pdf", gettext("Save the map view as PDF"));
        pdf.textContent = "PDF";
        png.dataset.format = "png";
        pdf.dataset.format = "pdf";
        root.append(png, pdf);
        L.DomEvent.disableClickPropagation(root);
        [png, pdf].forEach((node) => node.addEventListener("click", () => save(node)));
        return root;
      },
    });
    async function save(node) {
      node.disabled = true;
      const stamp = new Date().toISOString().slice(0, 10);
      try {
        const made = node.dataset.format === "pdf" ? await pdfBlob(map) : await pictureBlob(map, "image/png");
        map.getContainer().dataset.ekspor = made.canvas.width + "x" + made.canvas.height;
        download(made.blob, "peta-" + stamp + "." + node.dataset.format);
      } finally {
        node.disabled = false;
      }
    }
    new Export().addTo(map);
  }

  /* Attach the tools to a map (WebSIG.createMap does, unless options.tools is false). */
  function attach(map) {
    map.websigTools = {
      measure: addMeasure(map),
      coordinates: projection ? addCoordinates(map) : null,
    };
    addExport(map);
    return map.websigTools;
  }

  window.WebSIGTools = {
    toUtm: toUtm,
    lengthM: lengthM,
    areaM2: areaM2,
    formatLength: formatLength,
    formatArea: formatArea,
    formatUtm: formatUtm,
    setOpacity: setOpacity,
    addLegend: addLegend,
    shownLegends: shownLegends,
    renderMap: renderMap,
    attach: attach,
  };
})();

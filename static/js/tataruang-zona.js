/* A plan's zones on a map, shared by the plan pages (/tata-ruang/rencana/<id>/):
 * the RTRW zone map (#peta-zona, drawn here: the vector tiles of the OGC
 * collection "rtrw" when the plan is the active RTRW, else its GeoJSON) and the
 * RDTR hierarchy map (tataruang-hierarki.js, which filters by SWP), from the
 * plan's GeoJSON /api/tataruang/rencana/<id>/zona/ (lon/lat), coloured by class
 * with the official colours.
 *
 * Zone names and codes come from uploaded layers: written with textContent
 * (WebSIG.el), never as HTML. A map container reports data-loaded (the number
 * of zones drawn). */
(function () {
  "use strict";

  if (!window.L || !window.WebSIG) {
    return;
  }
  const { el, fetchJson, formatNumber } = window.WebSIG;
  const SAMPLE_LABEL = window.WebSIG.config.sampleLabel;
  const COLOR = /^#[0-9a-fA-F]{6}$/;

  function colour(props) {
    return COLOR.test(props.warna || "") ? props.warna : "#c8d1cd";
  }

  function hierarchyText(props) {
    const labels = { wp: "WP", swp: "SWP", blok: gettext("Block") };
    return ["wp", "swp", "blok"]
      .filter((key) => props[key])
      .map((key) => labels[key] + " " + props[key])
      .join(" · ");
  }

  function popupContent(props) {
    const root = el("div", "info-kesesuaian");
    root.appendChild(el("p", "info-kesesuaian__jenis", props.kode));
    root.appendChild(el("h3", "info-kesesuaian__nama", props.nama));
    const levels = hierarchyText(props);
    if (levels) {
      root.appendChild(el("p", "info-kesesuaian__induk", levels));
    }
    const limits = Object.keys(props.intensitas || {}).map(function (key) {
      const value = props.intensitas[key];
      return key + " " + (typeof value === "number" ? formatNumber(value, value % 1 === 0 ? 0 : 2) : String(value));
    });
    if (limits.length) {
      root.appendChild(el("p", "info-kesesuaian__catatan", limits.join(" · ")));
    }
    return root;
  }

  /* A map of the kabupaten in `container`, with the sample label when data-sample="1". */
  function zoneMap(container) {
    const map = window.WebSIG.kabupatenMap(container);
    if (container.dataset.sample === "1") {
      const label = L.control({ position: "bottomleft" });
      label.onAdd = () => el("span", "lencana lencana--contoh", SAMPLE_LABEL);
      label.addTo(map);
    }
    return map;
  }

  /* Fetch `url` and draw its zones on `map` (replacing `previous`); resolves to
   * {layer, features}, or {error} with the message to show. */
  async function drawZones(map, url, previous) {
    const answer = await fetchJson(url);
    if (!answer.ok || !answer.data) {
      return { error: WebSIG.errorText(answer, gettext("The zones could not be loaded.")) };
    }
    if (previous) {
      map.removeLayer(previous);
    }
    const layer = L.geoJSON(answer.data, {
      style: (feature) => ({ color: "#4a4a4a", weight: 0.6, opacity: 0.8, fillColor: colour(feature.properties), fillOpacity: 0.75 }),
      onEachFeature: (feature, zone) => zone.bindPopup(() => popupContent(feature.properties)),
    }).addTo(map);
    if (answer.data.features.length) {
      map.fitBounds(layer.getBounds(), { padding: [12, 12] });
    }
    return { layer: layer, features: answer.data.features };
  }

  window.WebSIGPlanZones = { colour: colour, zoneMap: zoneMap, drawZones: drawZones };

  // The RTRW zone map; its legend (classes, zones, hectares) is the server's table.
  // The active RTRW is the OGC collection data-koleksi: drawn from its vector
  // tiles, however many zones it has; another plan from its GeoJSON.
  const container = document.getElementById("peta-zona");
  if (!container) {
    return;
  }
  const status = document.getElementById("status-peta-zona");
  const map = zoneMap(container);
  window.websigZoneMap = map;
  const bbox = (container.dataset.bbox || "").split(",").map(Number);
  if (bbox.length === 4 && bbox.every(Number.isFinite)) {
    map.fitBounds(WebSIG.bboxBounds(bbox), { padding: [12, 12] });
  }
  status.textContent = gettext("Loading the map…");

  /* The zones in the layer control (opacity) and in the export's legend: the
   * classes of the server's table beside the map. */
  function offer(layer) {
    window.WebSIG.addOverlay(map, layer, gettext("Zones of the plan"), {
      entries: window.WebSIG.legendFromList(document.getElementById("tabel-kelas-aktif"), "polygon", "tbody tr"),
    });
  }

  async function drawTiles() {
    const tiles = await window.WebSIGTiles.create(map, {
      collection: container.dataset.koleksi,
      kind: "polygon",
      color: (props) => props.warna,
      popup: (feature) => popupContent(feature.properties || {}),
    });
    tiles.addTo(map);
    offer(tiles);
    map.on("click", (event) => window.WebSIGTiles.openFeatureAt(map, event.latlng));
    container.dataset.sumber = "ubin";
    container.dataset.loaded = container.dataset.zona;
    status.textContent = "";
  }

  async function drawGeoJson() {
    const drawn = await drawZones(map, container.dataset.apiZona, null);
    status.textContent = drawn.error || "";
    if (!drawn.error) {
      offer(drawn.layer);
      container.dataset.sumber = "geojson";
      container.dataset.loaded = String(drawn.features.length);
    }
  }

  if (container.dataset.koleksi && window.WebSIGTiles) {
    drawTiles().catch(drawGeoJson); // the collection is gone (another plan activated meanwhile)
  } else {
    drawGeoJson();
  }
})();

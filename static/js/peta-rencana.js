/* The zones of the active spatial plans on the public map: the `rtrw` and
 * `rdtr` collections of the OGC API drawn from their vector tiles, each zone
 * in its class's official colour (the tiles carry it as `warna`), offered in
 * the map's layer control (off at first); a click opens the zone's code,
 * name and group from /ogc/collections/<id>/items/<id>. A plan that is not
 * active has no collection and no entry (the page lists those that are in
 * the map container's data-rencana).
 *
 * While a plan is on the map, the panel's legend (#legenda-rencana) lists
 * its classes with their colours (data-rencana-legenda: [{kode, nama, warna}]
 * per plan, written by the server), and so does an export of the map
 * (WebSIGTools.addLegend).
 *
 * The map container reports each entry for tests: data-rencana-rtrw and
 * data-rencana-rdtr ("siap" once offered). */
(function () {
  "use strict";

  const map = window.websigMap;
  const control = window.websigLayersControl;
  if (!map || !control || !window.WebSIGTiles) {
    return;
  }
  const { el, escapeHtml } = window.WebSIG;
  // Under the boundaries (desa 410, kecamatan 420) and the sectoral layers (430).
  map.createPane("rencana").style.zIndex = 405;
  const PLANS = [
    ["rtrw", gettext("RTRW zones (pola ruang)")],
    ["rdtr", gettext("RDTR zones")],
  ];

  function row(list, label, value) {
    if (value === undefined || value === null || value === "") {
      return;
    }
    list.appendChild(el("dt", null, label));
    list.appendChild(el("dd", null, String(value)));
  }

  function zonePopup(feature) {
    const props = feature.properties || {};
    const root = el("div", "info-fitur");
    root.appendChild(el("p", "info-fitur__layer", [props.kode, props.nama].filter(Boolean).join(" · ")));
    const list = el("dl", "info-fitur__atribut");
    row(list, gettext("Group"), props.kelompok === "lindung" ? gettext("protected") : props.kelompok === "budidaya" ? gettext("cultivation") : props.kelompok);
    row(list, "WP", props.wp);
    row(list, "SWP", props.swp);
    row(list, gettext("Block"), props.blok);
    root.appendChild(list);
    return root;
  }

  /* The legend of the plans on the map --------------------------------------------------- */

  const legends = WebSIG.readJson("data-rencana-legenda") || {};
  const legendRoot = document.getElementById("legenda-rencana");
  const shown = new Map(); // collection id -> [layer, label]

  function legendEntries(id) {
    return (legends[id] || []).map((cls) => ({ label: cls.kode + " " + cls.nama, color: cls.warna, kind: "polygon", kode: cls.kode }));
  }

  function drawLegends() {
    if (!legendRoot) {
      return;
    }
    legendRoot.replaceChildren();
    PLANS.forEach(function ([id, label]) {
      const entry = shown.get(id);
      if (!entry || !map.hasLayer(entry)) {
        return;
      }
      const section = el("div", "legenda-rencana__bagian");
      section.dataset.rencana = id;
      section.appendChild(el("h3", "legenda-rencana__judul", label));
      const list = el("ul", "legenda legenda--kelas");
      legendEntries(id).forEach(function (item) {
        const row = el("li");
        row.dataset.kode = item.kode;
        const swatch = el("span", "legenda-rencana__warna");
        swatch.style.background = item.color;
        swatch.setAttribute("aria-hidden", "true");
        row.append(swatch, el("span", null, item.label));
        list.appendChild(row);
      });
      section.appendChild(list);
      legendRoot.appendChild(section);
    });
  }

  map.on("layeradd layerremove", function (event) {
    if (Array.from(shown.values()).includes(event.layer)) {
      drawLegends();
    }
  });

  // The plan collections that exist, as the page says (no request for a plan that is not active).
  const active = (map.getContainer().dataset.rencana || "").split(" ");
  PLANS.filter(([id]) => active.includes(id)).forEach(async function ([id, label]) {
    let layer;
    try {
      layer = await WebSIGTiles.create(map, {
        collection: id,
        kind: "polygon",
        color: (props) => props.warna,
        pane: "rencana",
        popup: zonePopup,
      });
    } catch (error) {
      return; // no active plan of this kind
    }
    shown.set(id, layer);
    if (window.WebSIGTools) {
      WebSIGTools.addLegend(map, layer, { title: label, entries: legendEntries(id) });
    }
    control.addOverlay(layer, escapeHtml(label));
    map.getContainer().dataset["rencana" + id.charAt(0).toUpperCase() + id.slice(1)] = "siap";
  });
})();

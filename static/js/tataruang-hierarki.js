/* The RDTR hierarchy section of a plan page (/tata-ruang/rencana/<id>/):
 * choosing the WP/SWP/blok columns (PATCH to the plan API) and the map of the
 * zones, filtered by SWP through /api/tataruang/rencana/<id>/zona/?swp=.
 *
 * Zone names and codes come from uploaded layers: written with textContent
 * (WebSIG.el), never as HTML. The map container reports data-loaded (the
 * number of zones drawn), data-swp (the SWP shown, "" for all) and
 * data-basemap. */
(function () {
  "use strict";

  if (!window.WebSIG || !window.WebSIGLayers) {
    return;
  }
  const { el, fetchJson, formatNumber } = window.WebSIG;
  const WL = window.WebSIGLayers;
  // The sample-data label as the server spells it (core.sample).
  const SAMPLE_LABEL = window.WebSIG.config.sampleLabel;
  const COLOR = /^#[0-9a-fA-F]{6}$/;

  /* The WP/SWP/blok columns ------------------------------------------------------ */

  const form = document.getElementById("form-hierarki");
  if (form) {
    const selects = Array.from(form.querySelectorAll("select"));
    const button = document.getElementById("simpan-hierarki");
    const message = document.getElementById("pesan-hierarki");
    const errorBox = document.getElementById("galat-hierarki");
    const changed = () => selects.filter((select) => select.value !== select.dataset.awal);

    form.addEventListener("change", function () {
      button.disabled = changed().length === 0;
      message.classList.remove("pemetaan-aksi__pesan--ok");
      message.textContent = changed().length ? gettext("Not saved yet.") : "";
    });

    form.addEventListener("submit", async function (event) {
      event.preventDefault();
      errorBox.hidden = true;
      const body = {};
      changed().forEach((select) => (body[select.name] = select.value));
      button.disabled = true;
      const answer = await WebSIG.sendJson(form.dataset.apiDetail, body, "PATCH");
      if (!answer.ok) {
        errorBox.replaceChildren(el("p", null, WebSIG.errorText(answer)));
        errorBox.hidden = false;
        button.disabled = false;
        return;
      }
      selects.forEach(function (select) {
        select.value = answer.data[select.name] || "";
        select.dataset.awal = select.value;
      });
      message.textContent = gettext("Saved. Activate the plan again to copy the values into its zones.");
      message.classList.add("pemetaan-aksi__pesan--ok");
    });
  }

  /* The map of the zones ---------------------------------------------------------- */

  const container = document.getElementById("peta-rdtr");
  if (!container || !window.L) {
    return;
  }
  const status = document.getElementById("status-peta-rdtr");
  const legend = document.getElementById("legenda-rdtr");
  const filter = document.getElementById("saring-swp");
  const map = window.WebSIG.kabupatenMap(container);
  window.websigRdtrMap = map;
  if (container.dataset.sample === "1") {
    const label = L.control({ position: "bottomleft" });
    label.onAdd = () => el("span", "lencana lencana--contoh", SAMPLE_LABEL);
    label.addTo(map);
  }
  let zones = null;

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
    root.appendChild(el("p", "info-kesesuaian__induk", hierarchyText(props)));
    const limits = Object.keys(props.intensitas || {}).map(function (key) {
      const value = props.intensitas[key];
      return key + " " + (typeof value === "number" ? formatNumber(value, value % 1 === 0 ? 0 : 2) : String(value));
    });
    if (limits.length) {
      root.appendChild(el("p", "info-kesesuaian__catatan", limits.join(" · ")));
    }
    return root;
  }

  function fillLegend(features) {
    const classes = new Map();
    features.forEach((feature) => classes.set(feature.properties.kode, feature.properties));
    const items = Array.from(classes.values())
      .sort((a, b) => a.kode.localeCompare(b.kode, "id", { numeric: true }))
      .map(function (props) {
        const swatch = el("span", "legenda-kelas__warna");
        swatch.setAttribute("aria-hidden", "true");
        swatch.style.background = colour(props);
        const item = el("li");
        item.dataset.kode = props.kode;
        item.append(swatch, el("strong", null, props.kode), " " + props.nama);
        return item;
      });
    legend.replaceChildren(...items);
  }

  async function show(swp) {
    status.textContent = gettext("Loading the map…");
    const url = container.dataset.apiZona + (swp ? "?swp=" + encodeURIComponent(swp) : "");
    const answer = await fetchJson(url);
    if (!answer.ok || !answer.data) {
      status.textContent = WebSIG.errorText(answer, gettext("The zones could not be loaded."));
      return;
    }
    if (zones) {
      map.removeLayer(zones);
    }
    zones = L.geoJSON(answer.data, {
      style: (feature) => ({ color: "#4a4a4a", weight: 0.6, opacity: 0.8, fillColor: colour(feature.properties), fillOpacity: 0.75 }),
      onEachFeature: (feature, layer) => layer.bindPopup(() => popupContent(feature.properties)),
    }).addTo(map);
    if (answer.data.features.length) {
      map.fitBounds(zones.getBounds(), { padding: [12, 12] });
    }
    fillLegend(answer.data.features);
    container.dataset.swp = swp;
    container.dataset.loaded = String(answer.data.features.length);
    status.textContent = "";
  }

  filter.addEventListener("change", () => show(filter.value));
  show(filter.value);
})();

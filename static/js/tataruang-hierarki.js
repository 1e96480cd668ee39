/* The RDTR hierarchy section of a plan page (/tata-ruang/rencana/<id>/):
 * choosing the WP/SWP/blok columns (PATCH to the plan API) and the map of the
 * zones, filtered by SWP through /api/tataruang/rencana/<id>/zona/?swp=
 * (drawn by tataruang-zona.js, loaded before this script).
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
  const { el } = window.WebSIG;

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
  if (!container || !window.L || !window.WebSIGPlanZones) {
    return;
  }
  const PZ = window.WebSIGPlanZones;
  const status = document.getElementById("status-peta-rdtr");
  const legend = document.getElementById("legenda-rdtr");
  const filter = document.getElementById("saring-swp");
  const map = PZ.zoneMap(container);
  window.websigRdtrMap = map;
  let zones = null;

  function fillLegend(features) {
    const classes = new Map();
    features.forEach((feature) => classes.set(feature.properties.kode, feature.properties));
    const items = Array.from(classes.values())
      .sort((a, b) => a.kode.localeCompare(b.kode, "id", { numeric: true }))
      .map(function (props) {
        const swatch = el("span", "legenda-kelas__warna");
        swatch.setAttribute("aria-hidden", "true");
        swatch.style.background = PZ.colour(props);
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
    const drawn = await PZ.drawZones(map, url, zones);
    if (drawn.error) {
      status.textContent = drawn.error;
      return;
    }
    zones = drawn.layer;
    fillLegend(drawn.features);
    container.dataset.swp = swp;
    container.dataset.loaded = String(drawn.features.length);
    status.textContent = "";
  }

  filter.addEventListener("change", () => show(filter.value));
  show(filter.value);
})();

/* The programme page (/peta-jalan/program/<kode>/): its locations on a map of the
 * kabupaten, from the OGC collection "peta-jalan" filtered by programme, coloured
 * by dimension, each with a popup (year, status, realisation against target). */
(function () {
  "use strict";

  const container = document.getElementById("peta-program");
  const page = window.WebSIG && window.WebSIG.readJson("data-program");
  if (!container || !window.L || !page) {
    return;
  }
  const W = window.WebSIG;
  const status = document.getElementById("peta-status");
  const map = W.kabupatenMap(container);
  window.websigProgramMap = map;
  W.addBoundaries(map, [{ kind: "kecamatan", style: { color: "#a3154a", weight: 1, opacity: 0.5, fill: false } }]);

  function popup(props) {
    const box = W.el("div", "pj-popup");
    box.append(W.el("strong", null, props.nama));
    const rows = [
      [gettext("Year"), String(props.tahun)],
      [gettext("Status"), props.status],
      [gettext("Target"), props.target || "–"],
      [gettext("Realisation"), W.isNumber(props.realisasi) ? W.formatNumber(props.realisasi, Number.isInteger(props.realisasi) ? 0 : 2) : "–"],
    ];
    rows.forEach(function (row) {
      box.append(W.el("div", null, row[0] + ": " + row[1]));
    });
    return box;
  }

  async function load() {
    const url = page.items + "?program=" + encodeURIComponent(page.program) + "&limit=1000&f=json";
    const answer = await W.fetchJson(url);
    if (!answer.ok || !answer.data || !Array.isArray(answer.data.features)) {
      status.textContent = gettext("The locations could not be loaded.");
      return;
    }
    const features = answer.data.features;
    const layer = L.geoJSON(answer.data, {
      style: () => ({ color: page.warna, weight: 3, fillOpacity: 0.35 }),
      pointToLayer: (feature, latlng) =>
        L.circleMarker(latlng, { radius: 7, color: "#fff", weight: 2, fillColor: page.warna, fillOpacity: 0.95 }),
      onEachFeature: (feature, item) => item.bindPopup(() => popup(feature.properties)),
    }).addTo(map);
    container.dataset.loaded = String(features.length);
    if (features.length) {
      map.fitBounds(layer.getBounds().pad(0.3), { maxZoom: 15 });
      status.textContent = interpolate(ngettext("%s location", "%s locations", features.length), [W.formatNumber(features.length, 0)]);
    } else {
      status.textContent = gettext("No location has been attached to this programme yet.");
    }
  }
  load();
})();

/* The attach form of an OPD operator or DTRB (when the page has it): one shape
 * drawn on the programme map (point, line or polygon) or a GeoJSON file, with
 * the realisation fields; saved through the API, then the page reloads. */
(function () {
  "use strict";

  const form = document.getElementById("form-lokasi");
  const map = window.websigProgramMap;
  if (!form || !map || !map.pm) {
    return;
  }
  const W = window.WebSIG;
  const message = document.getElementById("lokasi-pesan");
  const where = document.getElementById("lokasi-geometri");
  let drawn = null;

  W.addDrawingTools(map, { drawMarker: true, drawPolyline: true, drawPolygon: true }, { snappable: false });
  map.on("pm:create", function (event) {
    if (drawn) {
      drawn.remove();
    }
    drawn = event.layer;
    where.textContent = gettext("Shape drawn: it will be saved with the form.");
  });

  function fields() {
    const data = {};
    new FormData(form).forEach(function (value, key) {
      if (key !== "berkas" && key !== "csrfmiddlewaretoken" && value !== "") {
        data[key] = value;
      }
    });
    return data;
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    const file = form.elements.berkas.files[0];
    const data = Object.assign({ program: window.WebSIG.readJson("data-program").program }, fields());
    let answer;
    if (file) {
      const body = new FormData();
      Object.entries(data).forEach(([key, value]) => body.append(key, value));
      body.append("berkas", file);
      try {
        const response = await fetch(form.dataset.apiUpload, {
          method: "POST",
          credentials: "same-origin",
          headers: { "X-CSRFToken": W.csrfToken(), Accept: "application/json" },
          body: body,
        });
        answer = await W.readAnswer(response);
      } catch (error) {
        answer = { ok: false, status: 0, data: null };
      }
    } else if (drawn) {
      data.geometry = drawn.toGeoJSON().geometry;
      ["tahun", "indikator"].forEach((key) => key in data && (data[key] = Number(data[key])));
      answer = await W.sendJson(form.dataset.apiCreate, data);
    } else {
      message.textContent = gettext("Draw the location on the map or choose a GeoJSON file first.");
      return;
    }
    if (answer.ok) {
      message.textContent = gettext("Saved.");
      window.location.reload();
    } else {
      message.textContent = W.errorText(answer);
    }
  });
})();

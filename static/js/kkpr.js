/* Cek kesesuaian ruang (/kkpr/): the user clicks a point or draws a parcel,
 * chooses an activity and presses "Check"; the page asks the API
 * (/api/tataruang/kkpr/: GET for a point, POST for a parcel) and shows the
 * indicative verdict (kkpr-hasil.js). "Download PDF" sends the same input to
 * /api/tataruang/kkpr/pdf/ and saves the answer. The map is built by
 * kkpr-peta.js, typed coordinates, the desa search and parcel files by
 * kkpr-lokasi.js. The parcel's area shown is always the server's figure
 * (EPSG:32748), the one of the result and of the PDF.
 *
 * Every value from the API is written with textContent (WebSIG.el). The map
 * container reports its state for tests: data-state (idle/checking/done/error),
 * data-itbx (the verdict, "none" without one) and data-pdf (bytes of the last
 * PDF); kkpr-peta.js adds the loading state of the boundaries. */
(function () {
  "use strict";

  const container = document.getElementById("peta-kkpr");
  const form = document.getElementById("form-kkpr");
  if (!container || !form || !window.L || !L.PM || !window.WebSIG || !window.WebSIGKkpr || !window.WebSIGKkpr.createMap) {
    return;
  }
  const { el, formatCoordinate, formatNumber } = window.WebSIG;
  const { formatArea } = window.WebSIGKkpr;
  const api = {
    check: form.dataset.apiCheck,
    pdf: form.dataset.apiPdf,
  };
  const select = document.getElementById("pilih-kegiatan");
  const submitButton = document.getElementById("tombol-periksa");
  const drawButton = document.getElementById("tombol-gambar");
  const clearButton = document.getElementById("tombol-hapus-lokasi");
  const locationBox = document.getElementById("kkpr-lokasi");
  const locationText = document.getElementById("kkpr-lokasi-teks");
  const errorBox = document.getElementById("kkpr-galat");
  const statusLine = document.getElementById("kkpr-status");
  const resultBox = document.getElementById("kkpr-hasil");
  const narrowScreen = window.matchMedia("(max-width: 820px)");

  const PDF_NAME = "cek-kesesuaian-ruang-indikatif.pdf";
  // Map colours of the verdicts; the panel uses the same ones in kkpr.css.
  const VERDICT_COLOUR = { I: "#1a7f37", T: "#f4b400", B: "#e8710a", X: "#c5221f", none: "#6b7b75" };
  const NEUTRAL = window.WebSIGKkpr.NEUTRAL;

  // {kind: "point", latlng, layer, utm} or {kind: "parcel", layer, luasHa}; null before a choice.
  let current = null;
  // After the first "Check", a new location or activity is checked at once.
  let autoCheck = false;

  /* Map: basemap, boundaries and the drawing tools (kkpr-peta.js) ------------- */

  const map = window.WebSIGKkpr.createMap(container, {
    narrow: narrowScreen.matches,
    // Fit the kabupaten once its boundaries are drawn, unless a location came first.
    keepView: function () {
      return current !== null;
    },
  });
  window.websigKkprMap = map;

  /* The location: a clicked point or a drawn parcel --------------------------- */

  function round6(value) {
    return Math.round(value * 1e6) / 1e6;
  }

  function parcelRing(layer) {
    const rings = layer.getLatLngs();
    return Array.isArray(rings[0]) ? rings[0] : rings;
  }

  function describeLocation() {
    locationBox.dataset.jenis = current ? current.kind : "";
    clearButton.hidden = !current;
    locationBox.classList.remove("kkpr-lokasi--sorot");
    if (!current) {
      locationText.textContent = gettext("No location chosen yet.");
    } else if (current.kind === "point") {
      let text = gettext("Point") + ": " + formatCoordinate(current.latlng);
      if (current.utm) {
        text += " · " + interpolate(gettext("UTM 48S: E %(e)s, N %(n)s"), {
          e: formatNumber(current.utm[0], 1),
          n: formatNumber(current.utm[1], 1),
        }, true);
      }
      locationText.textContent = text;
    } else {
      const corners = formatNumber(parcelRing(current.layer).length, 0);
      // Only the server's area (UTM 48S) is shown, so the box, the result and the PDF agree.
      locationText.textContent = typeof current.luasHa === "number"
        ? interpolate(gettext("Parcel: %(area)s, %(corners)s corners"), { area: formatArea(current.luasHa), corners: corners }, true)
        : interpolate(gettext("Parcel: %(corners)s corners; its area is measured when checked"), { corners: corners }, true);
    }
    locationText.dataset.luasHa = current && typeof current.luasHa === "number" ? String(current.luasHa) : "";
  }

  function clearLocation() {
    if (current) {
      map.removeLayer(current.layer);
    }
    window.WebSIGKkpr.clearZones(map);
    current = null;
    describeLocation();
  }

  function setPoint(latlng, utm) {
    clearLocation();
    const layer = L.circleMarker(latlng, {
      radius: 8,
      color: "#ffffff",
      weight: 3,
      fillColor: NEUTRAL,
      fillOpacity: 1,
      pmIgnore: true,
      interactive: false,
    }).addTo(map);
    current = { kind: "point", latlng: latlng, layer: layer, utm: utm || null };
    locationChanged();
  }

  function setParcel(layer, luasHa) {
    clearLocation();
    current = { kind: "parcel", layer: layer, luasHa: typeof luasHa === "number" ? luasHa : null };
    layer.pm.enable({ allowSelfIntersection: false, snappable: false });
    layer.on("pm:edit", function () {
      if (current && current.layer === layer) {
        current.luasHa = null;
        window.WebSIGKkpr.clearZones(map);
        locationChanged();
      }
    });
    locationChanged();
  }

  function locationChanged() {
    describeLocation();
    hideError();
    if (autoCheck && select.value) {
      runCheck(false);
    }
  }

  function paintLocation(verdict) {
    if (!current) {
      return;
    }
    const colour = verdict ? VERDICT_COLOUR[verdict] || VERDICT_COLOUR.none : NEUTRAL;
    if (current.kind === "point") {
      current.layer.setStyle({ fillColor: colour });
    } else {
      // The zones under the parcel stay visible: the verdict colours its outline only.
      current.layer.setStyle({ color: colour, fillColor: colour, fillOpacity: verdict ? 0 : 0.18 });
    }
  }

  function choosePoint(latlng) {
    if (map.pm.globalDrawModeEnabled()) {
      return;
    }
    if (current && current.kind === "parcel") {
      // A stray click must not throw away a drawn parcel.
      locationText.textContent = gettext("A parcel is drawn: remove it first to check a point instead.");
      locationBox.classList.add("kkpr-lokasi--sorot");
      return;
    }
    setPoint(latlng.wrap());
  }

  map.on("click", function (event) {
    choosePoint(event.latlng);
  });
  // Keyboard users move the map with the arrow keys; Enter takes its centre.
  map.on("keypress", function (event) {
    if (event.originalEvent.key === "Enter" && event.originalEvent.target === container) {
      choosePoint(map.getCenter());
    }
  });

  map.on("pm:create", function (event) {
    setParcel(event.layer);
  });

  window.WebSIGKkpr.createLocationInputs({
    map: map,
    onPoint: function (latlng, answer) {
      setPoint(latlng, [answer.easting, answer.northing]);
    },
    onParcel: function (geometry, answer) {
      const layer = L.geoJSON(geometry, {
        style: { color: NEUTRAL, weight: 3, opacity: 1, fillColor: NEUTRAL, fillOpacity: 0.18 },
      }).getLayers()[0];
      layer.addTo(map);
      map.fitBounds(layer.getBounds(), { padding: [24, 24], animate: false });
      setParcel(layer, answer.luas_ha);
    },
    showError: showError,
  });
  map.on("pm:drawstart pm:drawend", function () {
    drawButton.setAttribute("aria-pressed", map.pm.globalDrawModeEnabled() ? "true" : "false");
  });

  drawButton.setAttribute("aria-pressed", "false");
  drawButton.addEventListener("click", function () {
    if (map.pm.globalDrawModeEnabled()) {
      map.pm.disableDraw();
      return;
    }
    map.pm.enableDraw("Polygon");
    if (narrowScreen.matches) {
      container.scrollIntoView({ behavior: "smooth", block: "center" });
    }
  });
  clearButton.addEventListener("click", function () {
    clearLocation();
    resultBox.classList.add("kkpr-hasil--usang");
  });
  select.addEventListener("change", function () {
    select.removeAttribute("aria-invalid");
    hideError();
    if (autoCheck && current && select.value) {
      runCheck(false);
    }
  });

  /* The check ------------------------------------------------------------------ */

  let sequence = 0;

  /* What the API needs for the current choice: a GET query for a point, a
   * JSON body to POST for a parcel. */
  function buildRequest() {
    if (current.kind === "point") {
      const query = new URLSearchParams({
        lon: round6(current.latlng.lng).toFixed(6),
        lat: round6(current.latlng.lat).toFixed(6),
        kegiatan: select.value,
      });
      return { method: "GET", query: query.toString() };
    }
    const geometry = current.layer.toGeoJSON(7).geometry;
    return { method: "POST", body: { geometry: geometry, kegiatan: select.value } };
  }

  /* The Response of the check (or of its PDF) for a buildRequest() choice. */
  function send(url, request, accept) {
    const target = request.method === "GET" ? url + "?" + request.query : url;
    return window.WebSIG.send(request.method, target, { accept: accept, body: request.body });
  }

  // The check shows the server's message alone: its fields are the form's own.
  function errorText(answer, fallback) {
    return window.WebSIG.errorText(answer, fallback, { fields: false });
  }

  function showError(title, detail) {
    errorBox.replaceChildren(el("p", "kkpr-galat__judul", title));
    if (detail) {
      errorBox.appendChild(el("p", "kkpr-galat__isi", detail));
    }
    errorBox.hidden = false;
  }

  function hideError() {
    errorBox.hidden = true;
    errorBox.replaceChildren();
  }

  async function runCheck(explicit) {
    if (!current) {
      showError(gettext("Choose a location first."), gettext("Click the map to choose a point, or draw the parcel."));
      return;
    }
    if (!select.value) {
      select.setAttribute("aria-invalid", "true");
      showError(gettext("Choose the planned activity."), null);
      select.focus();
      return;
    }
    autoCheck = true;
    const mine = ++sequence;
    const request = buildRequest();
    hideError();
    statusLine.textContent = gettext("Checking…");
    container.dataset.state = "checking";
    submitButton.disabled = true;
    resultBox.setAttribute("aria-busy", "true");
    let answer;
    try {
      answer = await window.WebSIG.readAnswer(await send(api.check, request, "application/json"));
    } catch (error) {
      answer = { ok: false, status: 0, data: null };
    }
    if (mine !== sequence) {
      return;
    }
    submitButton.disabled = false;
    resultBox.removeAttribute("aria-busy");
    if (!answer.ok || !answer.data || !Array.isArray(answer.data.zona)) {
      container.dataset.state = "error";
      container.dataset.itbx = "";
      paintLocation(null);
      resultBox.hidden = true;
      if (answer.data && answer.data.parameter === "kegiatan") {
        select.setAttribute("aria-invalid", "true");
      }
      const title = answer.status === 404 ? gettext("Outside the regency") : gettext("The check could not be done");
      showError(title, errorText(answer, gettext("Something went wrong. Please try again.")));
      statusLine.textContent = "";
      return;
    }
    statusLine.textContent = (answer.data.itbx ? answer.data.itbx + " · " : "") + answer.data.itbx_label + " · " + answer.data.kegiatan.nama;
    showResult(answer.data, request);
    window.WebSIGKkpr.showZones(map, answer.data.zona, answer.data.lokasi.type === "Point");
    if (current.kind === "parcel") {
      current.luasHa = answer.data.lokasi.luas_ha;
      describeLocation();
    }
    container.dataset.state = "done";
    container.dataset.itbx = answer.data.itbx || "none";
    paintLocation(answer.data.itbx || "none");
    rememberInUrl(request);
    if (explicit) {
      resultBox.scrollIntoView({ behavior: narrowScreen.matches ? "smooth" : "auto", block: "start" });
    }
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    runCheck(true);
  });

  /* A point check can be shared: /kkpr/?kegiatan=pabrik&lon=..&lat=.. */
  function rememberInUrl(request) {
    const url = new URL(window.location.href);
    url.search = request.method === "GET" ? request.query : new URLSearchParams({ kegiatan: select.value }).toString();
    window.history.replaceState(null, "", url.toString());
  }

  function restoreFromUrl() {
    const params = new URLSearchParams(window.location.search);
    const lon = parseFloat(params.get("lon"));
    const lat = parseFloat(params.get("lat"));
    if (!isFinite(lon) || !isFinite(lat) || Math.abs(lat) > 90 || Math.abs(lon) > 180) {
      return;
    }
    setPoint(L.latLng(lat, lon));
    map.setView([lat, lon], 15);
    if (select.value) {
      runCheck(false);
    }
  }

  /* The result ------------------------------------------------------------------ */

  function showResult(data, request) {
    window.WebSIGKkpr.render(resultBox, data, function (button, status) {
      downloadPdf(request, button, status);
    });
  }

  async function downloadPdf(request, button, status) {
    button.disabled = true;
    status.textContent = gettext("Preparing the PDF…");
    status.classList.remove("kkpr-pdf__status--galat");
    let response = null;
    try {
      response = await send(api.pdf, request, "application/pdf, application/json");
    } catch (error) {
      response = null;
    }
    button.disabled = false;
    const type = response ? response.headers.get("Content-Type") || "" : "";
    if (!response || !response.ok || !type.startsWith("application/pdf")) {
      const answer = response ? await window.WebSIG.readAnswer(response) : { ok: false, status: 0, data: null };
      status.textContent = errorText(answer, gettext("The PDF could not be made. Please try again."));
      status.classList.add("kkpr-pdf__status--galat");
      return;
    }
    const blob = await response.blob();
    const link = el("a");
    link.href = URL.createObjectURL(blob);
    link.download = PDF_NAME;
    link.hidden = true;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(function () {
      URL.revokeObjectURL(link.href);
    }, 30000);
    status.textContent = gettext("The PDF has been downloaded.");
    container.dataset.pdf = String(blob.size);
  }

  describeLocation();
  restoreFromUrl();
})();

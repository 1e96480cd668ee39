/* Shared helpers of the WebSIG pages: safe DOM building, number formatting,
 * fetching the JSON API and the content of the desa/kecamatan popup.
 *
 * Every value that comes from the API is written with textContent, never as
 * HTML: names and codes are untrusted input. Strings are translated through the
 * Django JavaScript catalog (gettext, interpolate). */
(function () {
  "use strict";

  const lang = document.documentElement.lang || "id";
  const numberLocale = lang.startsWith("id") ? "id-ID" : "en-GB";

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
  function formatNumber(value, digits) {
    if (!formatters[digits]) {
      formatters[digits] = new Intl.NumberFormat(numberLocale, {
        minimumFractionDigits: digits,
        maximumFractionDigits: digits,
      });
    }
    return formatters[digits].format(value);
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

  /* GET a JSON document; resolves to {ok, status, data}. */
  async function fetchJson(url) {
    return readAnswer(await fetch(url, { headers: { Accept: "application/json" } }));
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

  function addFact(list, label, value) {
    if (value === null || value === undefined || value === "") {
      return;
    }
    list.appendChild(el("dt", null, label));
    list.appendChild(el("dd", null, value));
  }

  function desaSection(desa, kecamatan) {
    const section = el("section", "info-wilayah__bagian");
    section.appendChild(el("p", "info-wilayah__jenis", jenisLabel(desa.jenis)));
    section.appendChild(el("h3", "info-wilayah__nama", desa.nama));
    const facts = el("dl", "info-wilayah__fakta");
    addFact(facts, gettext("Code"), desa.kode);
    const kecNama = desa.kecamatan_nama || (kecamatan && kecamatan.nama);
    const kecKode = desa.kecamatan_kode || (kecamatan && kecamatan.kode);
    if (kecNama) {
      addFact(facts, gettext("Kecamatan"), kecKode ? kecNama + " (" + kecKode + ")" : kecNama);
    }
    addFact(facts, gettext("Measured area"), formatMeasuredArea(desa));
    section.appendChild(facts);
    return section;
  }

  function kecamatanSection(kecamatan) {
    const section = el("section", "info-wilayah__bagian info-wilayah__bagian--kecamatan");
    section.appendChild(el("p", "info-wilayah__jenis", gettext("Kecamatan")));
    section.appendChild(el("h3", "info-wilayah__nama", kecamatan.nama));
    const facts = el("dl", "info-wilayah__fakta");
    addFact(facts, gettext("Code"), kecamatan.kode);
    if (isNumber(kecamatan.jumlah_desa)) {
      addFact(facts, gettext("Desa/kelurahan"), formatNumber(kecamatan.jumlah_desa, 0));
    }
    if (isNumber(kecamatan.luas_resmi_km2)) {
      addFact(facts, gettext("Official area"), formatNumber(kecamatan.luas_resmi_km2, 2) + " km²");
    }
    addFact(facts, gettext("Measured area"), formatMeasuredArea(kecamatan));
    section.appendChild(facts);
    return section;
  }

  /* Popup content for a desa and its kecamatan. `desa` holds the API
   * properties of the desa (or the smaller lookup object); `kecamatan` those of
   * its kecamatan when known; `point` the clicked position, if any. */
  function wilayahContent(desa, kecamatan, point) {
    const root = el("div", "info-wilayah");
    root.dataset.status = "found";
    root.dataset.kode = desa.kode;
    root.appendChild(desaSection(desa, kecamatan));
    if (kecamatan) {
      root.appendChild(kecamatanSection(kecamatan));
    }
    if (point) {
      root.appendChild(el("p", "info-wilayah__koordinat", gettext("Point") + ": " + formatCoordinate(point)));
    }
    return root;
  }

  /* Popup content for a message: waiting, outside the kabupaten or an error. */
  function messageContent(status, message, point) {
    const root = el("div", "info-wilayah info-wilayah--pesan");
    root.dataset.status = status;
    root.appendChild(el("p", "info-wilayah__pesan", message));
    if (point) {
      root.appendChild(el("p", "info-wilayah__koordinat", gettext("Point") + ": " + formatCoordinate(point)));
    }
    return root;
  }

  /* OpenStreetMap tiles when online; on a machine without internet the map
   * falls back to its plain background once a tile fails before any loaded.
   * The container reports which through data-basemap ("osm"/"none").
   * options.opacity fades the tiles under thematic colours. */
  function addBasemap(map, container, options) {
    const osm = L.tileLayer("https://tile.openstreetmap.org/{z}/{x}/{y}.png", {
      maxZoom: 19,
      opacity: (options && options.opacity) || 1,
      attribution: '© <a href="https://www.openstreetmap.org/copyright" rel="noopener">OpenStreetMap</a> contributors',
    });
    let tileLoaded = false;
    osm.on("tileload", function () {
      tileLoaded = true;
    });
    osm.on("tileerror", function () {
      // No tile ever arrived: offline. The boundaries still give orientation.
      if (!tileLoaded && map.hasLayer(osm)) {
        map.removeLayer(osm);
        container.dataset.basemap = "none";
      }
    });
    if (navigator.onLine !== false) {
      osm.addTo(map);
      container.dataset.basemap = "osm";
    } else {
      container.dataset.basemap = "none";
    }
    return osm;
  }

  const KABUPATEN_BOUNDS = [[-6.37, 106.33], [-6.0, 106.73]];

  /* A map of the whole kabupaten as the tata ruang pages show it: zoom 9-18,
   * the wheel zooms only while the map has the focus, a scale bar and the
   * basemap (addBasemap; options.opacity fades it). */
  function kabupatenMap(container, options) {
    const map = L.map(container, { minZoom: 9, maxZoom: 18, zoomSnap: 0.25, scrollWheelZoom: false });
    map.fitBounds(KABUPATEN_BOUNDS);
    map.attributionControl.setPrefix('<a href="https://leafletjs.com" rel="noopener">Leaflet</a>');
    L.control.scale({ imperial: false, maxWidth: 120 }).addTo(map);
    map.on("focus", () => map.scrollWheelZoom.enable());
    map.on("blur", () => map.scrollWheelZoom.disable());
    addBasemap(map, container, options);
    return map;
  }

  window.WebSIG = {
    lang: lang,
    escapeHtml: escapeHtml,
    el: el,
    formatNumber: formatNumber,
    formatMeasuredArea: formatMeasuredArea,
    jenisLabel: jenisLabel,
    fetchJson: fetchJson,
    readAnswer: readAnswer,
    csrfToken: csrfToken,
    formatCoordinate: formatCoordinate,
    wilayahContent: wilayahContent,
    messageContent: messageContent,
    addBasemap: addBasemap,
    kabupatenMap: kabupatenMap,
  };
})();

/* The typed and uploaded locations of the KKPR check (/kkpr/): coordinates
 * in degrees (lon, lat) or UTM 48S (E, N), converted and placed by the server
 * (/api/tataruang/kkpr/titik/); a desa/kelurahan found by name
 * (/api/wilayah/desa/?q=, WebSIG.createSearch) to zoom to; and a parcel file
 * read by the server (/api/tataruang/kkpr/persil/: one polygon, its area in
 * EPSG:32748). Adds createLocationInputs to window.WebSIGKkpr. */
(function () {
  "use strict";

  if (!window.WebSIG || !window.WebSIGKkpr) {
    return;
  }
  const { el } = window.WebSIG;

  /* "106,6123" or "106.6123" to "106.6123"; in UTM also "662.500" or "662.500,5"
   * (Indonesian thousands dots) to "662500" / "662500.5". The server checks the rest. */
  function normalise(text, utm) {
    let value = String(text || "").trim().replace(/\s+/g, "");
    if (value.includes(",")) {
      value = value.replace(/\./g, "").replace(",", ".");
    } else if (utm && /^\d{1,3}(\.\d{3})+$/.test(value)) {
      value = value.replace(/\./g, "");
    }
    return value;
  }

  /* options: map, onPoint(latlng, answer), onParcel(geometry, answer), showError(title, detail). */
  function createLocationInputs(options) {
    const { map, onPoint, onParcel, showError } = options;
    const first = document.getElementById("koordinat-1");
    const second = document.getElementById("koordinat-2");
    const button = document.getElementById("tombol-koordinat");
    const fileInput = document.getElementById("berkas-persil");
    const fileStatus = document.getElementById("status-berkas");
    if (!first || !second || !button || !fileInput) {
      return;
    }

    function system() {
      const checked = document.querySelector("input[name=sistem-koordinat]:checked");
      return checked ? checked.value : "derajat";
    }

    document.querySelectorAll("input[name=sistem-koordinat]").forEach(function (radio) {
      radio.addEventListener("change", function () {
        const mode = system();
        [first, second].forEach(function (input, index) {
          const label = document.getElementById("label-koordinat-" + (index + 1));
          label.textContent = label.dataset[mode];
          input.placeholder = input.dataset[mode];
          input.value = "";
        });
      });
    });

    async function placeTyped() {
      const utm = system() === "utm";
      const names = utm ? ["easting", "northing"] : ["lon", "lat"];
      const query = new URLSearchParams();
      query.set(names[0], normalise(first.value, utm));
      query.set(names[1], normalise(second.value, utm));
      button.disabled = true;
      const answer = await WebSIG.request("GET", button.dataset.api + "?" + query.toString());
      button.disabled = false;
      if (!answer.ok || !answer.data || typeof answer.data.lat !== "number") {
        const title = answer.status === 404 ? gettext("Outside the regency") : gettext("The coordinates cannot be used");
        showError(title, WebSIG.errorText(answer, gettext("Something went wrong. Please try again."), { fields: false }));
        return;
      }
      const latlng = L.latLng(answer.data.lat, answer.data.lon);
      map.setView(latlng, Math.max(map.getZoom(), 16), { animate: false });
      onPoint(latlng, answer.data);
    }

    button.addEventListener("click", placeTyped);
    [first, second].forEach(function (input) {
      input.addEventListener("keydown", function (event) {
        if (event.key === "Enter") {
          event.preventDefault();
          placeTyped();
        }
      });
    });

    // A desa found by name: the map zooms to it and outlines it; the user then picks the location.
    let outline = null;
    const search = document.getElementById("cari-desa");
    if (search && WebSIG.createSearch && WebSIG.config.api.desa) {
      WebSIG.createSearch({
        input: search,
        list: document.getElementById("hasil-cari"),
        status: document.getElementById("status-cari"),
        apiUrl: WebSIG.config.api.desa,
        onSelect: function (feature) {
          if (outline) {
            map.removeLayer(outline);
          }
          outline = L.geoJSON(feature, {
            interactive: false,
            pmIgnore: true,
            style: { color: "#0b57d0", weight: 3, fill: false, dashArray: "6 4" },
          }).addTo(map);
          map.fitBounds(outline.getBounds(), { padding: [16, 16], animate: false });
          map.getContainer().dataset.desa = feature.properties.kode;
          document.getElementById("status-cari").textContent = interpolate(
            gettext("%(nama)s is shown on the map: click a point or draw the parcel in it."),
            { nama: feature.properties.nama },
            true
          );
        },
      });
    }

    fileInput.addEventListener("change", async function () {
      const file = fileInput.files && fileInput.files[0];
      if (!file) {
        return;
      }
      const body = new FormData();
      body.append("file", file);
      fileStatus.textContent = gettext("Reading the parcel file…");
      fileInput.disabled = true;
      let answer;
      try {
        const response = await fetch(fileInput.dataset.api, {
          method: "POST",
          credentials: "same-origin",
          headers: { Accept: "application/json", "X-CSRFToken": WebSIG.csrfToken() },
          body: body,
        });
        answer = await WebSIG.readAnswer(response);
      } catch (error) {
        answer = { ok: false, status: 0, data: null };
      }
      fileInput.disabled = false;
      fileInput.value = "";
      if (!answer.ok || !answer.data || !answer.data.geometry) {
        fileStatus.textContent = "";
        showError(gettext("The parcel file cannot be used"), WebSIG.errorText(answer, gettext("Something went wrong. Please try again."), { fields: false }));
        return;
      }
      fileStatus.replaceChildren(el("span", null, interpolate(gettext("%(name)s: one polygon read."), { name: file.name }, true)));
      onParcel(answer.data.geometry, answer.data);
    });
  }

  window.WebSIGKkpr.createLocationInputs = createLocationInputs;
})();

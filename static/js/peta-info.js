/* The popup of the public map for a desa/kelurahan and its kecamatan, or for a
 * message (waiting, outside the kabupaten, an error). Names and codes come
 * from the API: written with textContent (WebSIG.el). Adds wilayahContent and
 * messageContent to window.WebSIG. */
(function () {
  "use strict";

  const { el, formatNumber, formatMeasuredArea, formatCoordinate, jenisLabel, isNumber } = window.WebSIG;

  function addFact(list, label, value) {
    if (value === null || value === undefined || value === "") {
      return;
    }
    list.appendChild(el("dt", null, label));
    list.appendChild(el("dd", null, value));
  }

  /* A link to the profile page of an area (/wilayah/<level>/<kode>/, profil/). */
  function profileLink(level, kode) {
    const link = el("a", "info-wilayah__profil", gettext("Profile"));
    link.href = WebSIG.profileUrl(level, kode);
    link.dataset.level = level;
    return link;
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
    section.appendChild(profileLink("desa", desa.kode));
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
    section.appendChild(profileLink("kecamatan", kecamatan.kode));
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

  Object.assign(window.WebSIG, { wilayahContent: wilayahContent, messageContent: messageContent });
})();

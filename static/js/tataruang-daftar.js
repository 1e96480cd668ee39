/* The registration form of a plan or land-use layer (/tata-ruang/rencana/baru/):
 * choosing a published polygon layer fills the class column choices from
 * /api/tataruang/calon/<slug>/kolom/ (suggested columns first, with the share
 * of features whose value is a class code or name); choosing a column shows its
 * values (features, hectares, the class each gets, the unmapped ones marked)
 * from /calon/<slug>/nilai/. "Register" POSTs to /api/tataruang/rencana/ or
 * /lahan/ and opens the new draft's page, where the unmapped values are mapped
 * and the layer activated.
 *
 * Column names and values come from uploaded layers: written with textContent
 * (WebSIG.el), never as HTML. */
(function () {
  "use strict";

  const form = document.getElementById("form-daftar");
  if (!form || !window.WebSIG) {
    return;
  }
  const { el, fetchJson, formatNumber } = window.WebSIG;
  const api = WebSIG.readJson("data-daftar");
  const jenis = document.getElementById("daftar-jenis");
  const layer = document.getElementById("daftar-layer");
  const column = document.getElementById("daftar-kolom");
  const scheme = document.getElementById("daftar-skema");
  const planFields = document.getElementById("isian-rencana");
  const wpField = document.getElementById("isian-wp");
  const values = document.getElementById("daftar-nilai");
  const summary = document.getElementById("ringkas-nilai");
  const body = document.querySelector("#tabel-nilai tbody");
  const submit = document.getElementById("kirim-daftar");
  const errorBox = document.getElementById("galat-daftar");
  const message = document.getElementById("pesan-daftar");
  let asked = 0; // the answer of the latest question only

  function query() {
    const params = new URLSearchParams({ jenis: jenis.value });
    if (jenis.value !== "lahan") {
      params.set("scheme", scheme.value);
    }
    return params;
  }

  function showError(text) {
    errorBox.replaceChildren(el("p", null, text));
    errorBox.hidden = !text;
  }

  function columnLabel(c) {
    const share = formatNumber(c.persen_cocok, 0) + "%";
    return c.disarankan
      ? interpolate(gettext("%(name)s — suggested (%(share)s of features are class codes)"), { name: c.name, share: share }, true)
      : interpolate(gettext("%(name)s (%(share)s)"), { name: c.name, share: share }, true);
  }

  async function loadColumns() {
    const ticket = ++asked;
    values.hidden = true;
    submit.disabled = true;
    column.disabled = true;
    if (!layer.value) {
      column.replaceChildren(el("option", null, gettext("— choose a layer first —")));
      column.firstChild.value = "";
      return;
    }
    const answer = await fetchJson(api.kolom.replace("SLUG", encodeURIComponent(layer.value)) + "?" + query());
    if (ticket !== asked) {
      return;
    }
    if (!answer.ok) {
      showError(WebSIG.errorText(answer, gettext("The columns could not be loaded.")));
      return;
    }
    showError("");
    const options = answer.data.columns.map(function (c) {
      const option = el("option", null, columnLabel(c));
      option.value = c.name;
      option.dataset.disarankan = c.disarankan ? "1" : "0";
      return option;
    });
    if (!options.length) {
      showError(gettext("The layer has no text column to take the classes from."));
      column.replaceChildren();
      return;
    }
    column.replaceChildren(...options);
    column.disabled = false;
    column.value = answer.data.columns[0].name; // the best suggestion
    await loadValues();
  }

  async function loadValues() {
    const ticket = ++asked;
    const params = query();
    params.set("kolom", column.value);
    const answer = await fetchJson(api.nilai.replace("SLUG", encodeURIComponent(layer.value)) + "?" + params);
    if (ticket !== asked) {
      return;
    }
    if (!answer.ok) {
      showError(WebSIG.errorText(answer, gettext("The values could not be loaded.")));
      return;
    }
    const data = answer.data;
    body.replaceChildren(
      ...data.values.map(function (v) {
        const row = el("tr");
        row.dataset.terpetakan = v.kelas ? "1" : "0";
        row.append(
          el("th", "pemetaan__nilai", v.value === null ? gettext("(empty)") : v.value),
          el("td", "angka", formatNumber(v.fitur, 0)),
          el("td", "angka", formatNumber(v.luas_ha, 2)),
          el("td", v.kelas ? "sudah-dipetakan" : "belum-dipetakan", v.kelas ? v.kelas + (v.kelas_nama ? " — " + v.kelas_nama : "") : gettext("not mapped yet")),
        );
        row.children[0].setAttribute("scope", "row");
        row.children[1].dataset.label = gettext("Features");
        row.children[2].dataset.label = gettext("Area (ha)");
        row.children[3].dataset.label = gettext("Class");
        return row;
      }),
    );
    summary.textContent = data.unmapped.length
      ? interpolate(
          gettext("%(n)s of %(total)s values match no class (%(features)s features, %(ha)s ha): you map them after registering."),
          {
            n: formatNumber(data.unmapped.length, 0),
            total: formatNumber(data.values.length, 0),
            features: formatNumber(data.unmapped_fitur, 0),
            ha: formatNumber(data.unmapped_luas_ha, 2),
          },
          true,
        )
      : gettext("Every value matches a class code or name.");
    summary.dataset.unmapped = String(data.unmapped.length);
    values.hidden = false;
    submit.disabled = false;
  }

  function showPlanFields() {
    const isPlan = jenis.value !== "lahan";
    planFields.hidden = !isPlan;
    wpField.hidden = jenis.value !== "RDTR";
  }

  jenis.addEventListener("change", function () {
    showPlanFields();
    loadColumns();
  });
  scheme.addEventListener("change", loadColumns);
  layer.addEventListener("change", loadColumns);
  column.addEventListener("change", loadValues);

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    showError("");
    const data = {
      layer: layer.value,
      class_column: column.value,
      nama: form.elements.nama.value.trim(),
      year: form.elements.year.value ? Number(form.elements.year.value) : null,
    };
    const isPlan = jenis.value !== "lahan";
    if (isPlan) {
      Object.assign(data, {
        jenis: jenis.value,
        legal_basis: form.elements.legal_basis.value.trim(),
        scheme: scheme.value,
        wilayah_perencanaan: jenis.value === "RDTR" ? form.elements.wilayah_perencanaan.value.trim() : "",
      });
    }
    submit.disabled = true;
    message.textContent = gettext("Registering…");
    const answer = await WebSIG.sendJson(isPlan ? api.rencana : api.lahan, data, "POST");
    if (!answer.ok) {
      message.textContent = "";
      showError(WebSIG.errorText(answer));
      submit.disabled = false;
      return;
    }
    const page = isPlan ? api.halaman_rencana : api.halaman_lahan;
    window.location.assign(page.replace("/0/", "/" + answer.data.id + "/"));
  });

  showPlanFields();
  if (layer.value) {
    loadColumns();
  }
})();

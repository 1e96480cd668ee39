/* /tata-ruang/kesesuaian/: sortable tables, the worklist of "tidak sesuai"
 * pieces (table, kecamatan filter, CSV link, pieces on the map) and, for
 * planners, "Hitung ulang" with live progress. */
(function () {
  "use strict";

  const T = window.WebSIGTataruang;
  if (!T) {
    return;
  }
  const { el, fetchJson, formatNumber } = window.WebSIG;
  const WL = window.WebSIGLayers;
  const api = T.page.api;

  T.makeSortable(document.getElementById("tabel-kecamatan"));
  T.makeSortable(document.getElementById("tabel-kelas"));

  /* Worklist --------------------------------------------------------------------------- */

  const PAGE_SIZE = 20;
  const MAP_LIMIT = 5000;
  const table = document.getElementById("tabel-kerja");
  const filter = document.getElementById("saring-kecamatan");
  const count = document.getElementById("jumlah-kerja");
  const more = document.getElementById("kerja-lagi");
  const csv = document.getElementById("unduh-csv");
  let all = [];
  let matched = 0;
  let rows = [];
  let shown = PAGE_SIZE;
  let sort = { key: "luas_ha", kind: "angka", direction: "descending" };

  function className(code, names) {
    const entry = names && names[code];
    if (!entry) {
      return code;
    }
    return typeof entry === "string" ? entry : entry.nama + " (" + code + ")";
  }

  /* Names for the codes of the API, kept on the feature for sorting and popups. */
  function withNames(feature) {
    const props = feature.properties;
    props.penggunaan = className(props.penggunaan_lahan, T.page.land_use_classes);
    props.rencana = className(props.kelas_rencana, T.page.plan_classes);
    return feature;
  }

  function cell(text, className) {
    return el("td", className, text);
  }

  function renderRows() {
    const body = table.tBodies[0];
    body.replaceChildren();
    if (!rows.length) {
      const empty = el("tr");
      const td = cell(gettext("No non-conforming piece here."), "tabel-kosong");
      td.colSpan = 7;
      empty.appendChild(td);
      body.appendChild(empty);
    }
    rows.slice(0, shown).forEach(function (feature, index) {
      const props = feature.properties;
      const tr = el("tr");
      tr.dataset.id = String(feature.id);
      tr.appendChild(cell(formatNumber(index + 1, 0), "angka redup kerja__no"));
      tr.appendChild(cell(props.kecamatan_nama || "–", "kerja__kecamatan"));
      tr.appendChild(cell(props.desa_nama || "–", "kerja__desa"));
      tr.appendChild(cell(props.penggunaan, "kerja__guna"));
      tr.appendChild(cell(props.rencana, "kerja__rencana"));
      tr.appendChild(cell(formatNumber(props.luas_ha, 2) + " ha", "angka kerja__luas"));
      const action = el("td", "kerja__aksi");
      const button = el("button", "tautan-peta", gettext("Map"));
      button.type = "button";
      button.setAttribute(
        "aria-label",
        interpolate(gettext("Show piece %(n)s on the map"), { n: formatNumber(index + 1, 0) }, true)
      );
      button.addEventListener("click", () => T.peta && T.peta.focusIssue(feature.id));
      action.appendChild(button);
      tr.appendChild(action);
      body.appendChild(tr);
    });
    table.dataset.loaded = String(Math.min(shown, rows.length));
    const rest = rows.length - shown;
    more.hidden = rest <= 0;
    more.textContent = interpolate(gettext("Show %(n)s more"), { n: formatNumber(Math.min(PAGE_SIZE, rest), 0) }, true);
  }

  function sortRows() {
    const sign = sort.direction === "ascending" ? 1 : -1;
    rows.sort(function (a, b) {
      return (
        sign * T.compare(a.properties[sort.key], b.properties[sort.key], sort.kind) ||
        b.properties.luas_ha - a.properties.luas_ha
      );
    });
  }

  function showCount() {
    const total = rows.reduce((sum, feature) => sum + feature.properties.luas_ha, 0);
    let text = interpolate(
      ngettext("%(n)s piece, %(ha)s ha", "%(n)s pieces, %(ha)s ha", rows.length),
      { n: formatNumber(rows.length, 0), ha: formatNumber(total, 2) },
      true
    );
    if (matched > all.length && !filter.value) {
      text += " · " + interpolate(gettext("the largest %(shown)s of %(total)s; the CSV holds all"), {
        shown: formatNumber(all.length, 0),
        total: formatNumber(matched, 0),
      }, true);
    }
    count.textContent = text;
  }

  async function applyFilter() {
    const kode = filter.value;
    const query = kode ? "?kecamatan=" + encodeURIComponent(kode) : "";
    csv.href = api.issues + (query ? query + "&" : "?") + "export=csv";
    if (!kode || matched <= all.length) {
      rows = kode ? all.filter((feature) => feature.properties.kecamatan === kode) : all.slice();
    } else {
      // Not every piece is loaded: ask the server for this kecamatan's.
      const answer = await fetchJson(api.issues + query + "&limit=" + MAP_LIMIT);
      rows = answer.ok && answer.data ? answer.data.features.map(withNames) : [];
    }
    shown = PAGE_SIZE;
    sortRows();
    renderRows();
    showCount();
    if (T.peta) {
      T.peta.setIssues(rows);
      T.peta.zoomToKecamatan(kode);
    }
  }

  async function loadWorklist() {
    if (!table || !api.issues) {
      return;
    }
    const answer = await fetchJson(api.issues + "?limit=" + MAP_LIMIT);
    if (!answer.ok || !answer.data || !Array.isArray(answer.data.features)) {
      table.tBodies[0].replaceChildren();
      const tr = el("tr");
      const td = cell(WL.errorText(answer, gettext("The worklist could not be loaded.")), "tabel-kosong");
      td.colSpan = 7;
      tr.appendChild(td);
      table.tBodies[0].appendChild(tr);
      return;
    }
    all = answer.data.features.map(withNames);
    matched = answer.data.numberMatched || all.length;
    await applyFilter();
  }

  if (table) {
    T.sortHeader(table, function (next) {
      sort = next;
      shown = PAGE_SIZE;
      sortRows();
      renderRows();
    });
    filter.addEventListener("change", applyFilter);
    more.addEventListener("click", function () {
      shown += PAGE_SIZE;
      renderRows();
    });
    loadWorklist();
  }

  /* Hitung ulang (planners) ------------------------------------------------------------------ */

  const box = document.getElementById("hitung");
  if (!box || !window.WebSIGProgress) {
    return;
  }
  const POLL_MS = 1500;
  const button = document.getElementById("tombol-hitung");
  const progress = document.getElementById("hitung-proses");
  const bar = document.getElementById("hitung-progres");
  const statusText = document.getElementById("hitung-status");
  const errorBox = document.getElementById("hitung-galat");

  function showProgress(run) {
    progress.hidden = false;
    progress.dataset.status = run.status;
    const percent = window.WebSIGProgress.showBar(bar, run.progress, 3);
    if (run.status === "pending") {
      statusText.textContent = gettext("Waiting for the server to start the computation…");
    } else if (run.status === "running") {
      statusText.textContent = interpolate(gettext("Computing the overlay: %(percent)s"), {
        percent: formatNumber(percent, 0) + "%",
      }, true);
    } else if (run.status === "succeeded") {
      statusText.textContent = interpolate(gettext("Done: %(value)s. Loading the new figures…"), {
        value: T.formatPercent(run.indikator),
      }, true);
    }
  }

  function showError(text) {
    errorBox.replaceChildren(el("p", null, text));
    errorBox.hidden = false;
    progress.classList.add("proses--gagal");
    button.disabled = false;
  }

  function showRun(run) {
    showProgress(run);
    if (run.status === "succeeded") {
      // The page renders the figures of the latest run: load it again.
      window.setTimeout(() => window.location.assign(window.location.pathname), 600);
    } else if (run.status === "failed") {
      showError(interpolate(gettext("The computation failed: %(message)s"), { message: run.message || "–" }, true));
    }
  }

  function follow(id) {
    button.disabled = true;
    window.WebSIGProgress.follow({
      url: api.run.replace("ID", encodeURIComponent(id)),
      interval: POLL_MS,
      onJob: showRun,
      onError: function (answer) {
        showError(WL.errorText(answer, gettext("The progress of the computation cannot be read.")));
      },
    });
  }

  button.addEventListener("click", async function () {
    errorBox.hidden = true;
    progress.classList.remove("proses--gagal");
    button.disabled = true;
    showProgress({ status: "pending", progress: 0 });
    const answer = await WL.sendJson(api.runs, {});
    if (!answer.ok || !answer.data) {
      progress.hidden = true;
      showError(WL.errorText(answer));
      return;
    }
    follow(answer.data.id);
  });

  if (box.dataset.unfinished) {
    follow(box.dataset.unfinished);
  }
})();

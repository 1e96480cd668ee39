/* The mapping page of a plan or land-use layer (/tata-ruang/rencana/<id>/,
 * /tata-ruang/lahan/<id>/): choose a standard class for every value of the
 * class column, save it (PATCH) and activate (POST). "Aktifkan" stays disabled
 * while a value is unmapped or a choice is unsaved; when the server refuses
 * anyway, its message is shown. */
(function () {
  "use strict";

  const form = document.getElementById("form-pemetaan");
  if (!form || !window.WebSIGLayers) {
    return;
  }
  const { el, formatNumber } = window.WebSIG;
  const WL = window.WebSIGLayers;
  const rows = Array.from(form.querySelectorAll("tbody tr[data-terpetakan]"));
  const saveButton = document.getElementById("simpan-pemetaan");
  const activateButton = document.getElementById("aktifkan");
  const message = document.getElementById("pesan-pemetaan");
  const errorBox = document.getElementById("galat-pemetaan");
  const progressBar = document.getElementById("kemajuan-isi");
  const progressText = document.getElementById("kemajuan-teks");
  // Unmapped values as the server sees them (saved state).
  let savedUnmapped = Number(form.dataset.unmapped) || 0;

  function changedRows() {
    return rows.filter(function (row) {
      const select = row.querySelector("select");
      return select && select.value !== select.dataset.awal;
    });
  }

  function refresh() {
    const changed = changedRows();
    const mappedNow = rows.filter(function (row) {
      const select = row.querySelector("select");
      return select ? select.value !== "" : false;
    }).length;
    rows.forEach(function (row) {
      const select = row.querySelector("select");
      row.dataset.berubah = select && select.value !== select.dataset.awal ? "1" : "0";
    });
    const percent = rows.length ? (100 * mappedNow) / rows.length : 100;
    progressBar.style.width = percent + "%";
    progressBar.classList.toggle("batang__isi--penuh", mappedNow === rows.length);
    progressText.textContent = interpolate(gettext("%(mapped)s of %(total)s values mapped"), {
      mapped: formatNumber(mappedNow, 0),
      total: formatNumber(rows.length, 0),
    }, true);

    saveButton.disabled = changed.length === 0;
    activateButton.disabled = savedUnmapped > 0 || changed.length > 0;
    message.classList.remove("pemetaan-aksi__pesan--ok");
    if (changed.length) {
      message.textContent = interpolate(
        ngettext("%(n)s change not saved yet: save before activating.", "%(n)s changes not saved yet: save before activating.", changed.length),
        { n: formatNumber(changed.length, 0) },
        true
      );
    } else if (savedUnmapped > 0) {
      message.textContent = interpolate(
        ngettext("%(n)s value is not mapped yet: activation needs every value mapped.", "%(n)s values are not mapped yet: activation needs every value mapped.", savedUnmapped),
        { n: formatNumber(savedUnmapped, 0) },
        true
      );
    } else {
      message.textContent = gettext("Every value is mapped. The layer can be activated.");
      message.classList.add("pemetaan-aksi__pesan--ok");
    }
  }

  function showError(answer) {
    errorBox.replaceChildren(el("p", null, WebSIG.errorText(answer)));
    errorBox.hidden = false;
  }

  /* Bring the selects in line with what the server saved. */
  function applySaved(body) {
    const mappedTo = new Map((body.values || []).map((item) => [item.value, item.mapped_to || ""]));
    rows.forEach(function (row) {
      const select = row.querySelector("select");
      if (!select || !mappedTo.has(row.dataset.nilai)) {
        return;
      }
      const code = mappedTo.get(row.dataset.nilai);
      select.value = code;
      select.dataset.awal = code;
      row.dataset.terpetakan = code ? "1" : "0";
      const mark = row.querySelector(".pemetaan__tanda");
      mark.replaceChildren(code ? el("span", "sudah-dipetakan", "✓") : el("span", "belum-dipetakan", "!"));
    });
    savedUnmapped = Array.isArray(body.unmapped) ? body.unmapped.length : savedUnmapped;
  }

  form.addEventListener("change", refresh);

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    errorBox.hidden = true;
    const mapping = {};
    changedRows().forEach(function (row) {
      const select = row.querySelector("select");
      if (select.value) {
        mapping[row.dataset.nilai] = select.value;
      }
    });
    saveButton.disabled = true;
    const answer = await WebSIG.sendJson(form.dataset.apiDetail, { mapping: mapping }, "PATCH");
    if (!answer.ok || !answer.data) {
      showError(answer);
      refresh();
      return;
    }
    applySaved(answer.data);
    refresh();
    message.textContent = gettext("Saved.") + " " + message.textContent;
  });

  activateButton.addEventListener("click", async function () {
    errorBox.hidden = true;
    activateButton.disabled = true;
    message.textContent = gettext("Activating: copying the features…");
    const answer = await WebSIG.sendJson(form.dataset.apiActivate, {});
    if (!answer.ok) {
      showError(answer);
      refresh();
      return;
    }
    window.location.reload();
  });

  refresh();
})();

/* Shared by the tata ruang pages: the page data written by the server
 * (json_script), the indicator classes and their colours, number formats and
 * sortable tables.
 *
 * Names and codes come from uploaded plans and boundaries: untrusted input,
 * only ever written with textContent (WebSIG.el). */
(function () {
  "use strict";

  const { formatNumber } = window.WebSIG;
  const readJson = window.WebSIG.readJson;
  const NO_DATA_COLOUR = "#d9dedc";

  const page = readJson("data-kesesuaian") || {};
  const breaks = page.breaks || [];
  const colours = page.colours || [];

  /* Index of the map class of an indicator value (null: nothing assessed). */
  function indicatorClass(persen) {
    if (typeof persen !== "number" || !isFinite(persen)) {
      return null;
    }
    return breaks.filter((edge) => persen >= edge).length;
  }

  function indicatorColour(persen) {
    const index = indicatorClass(persen);
    return index === null ? NO_DATA_COLOUR : colours[index];
  }

  /* "89,77%" in Indonesian, "89.77%" in English; a dash without a value. */
  function formatPercent(value) {
    return typeof value === "number" && isFinite(value) ? formatNumber(value, 2) + "%" : "–";
  }

  function formatHa(value) {
    return formatNumber(value || 0, 2) + " ha";
  }

  /* Text of an outcome key, as in the legend of the page. */
  function outcomeLabel(key) {
    return {
      sesuai: gettext("Conforming"),
      belum_terwujud: gettext("Not yet realised"),
      tidak_sesuai: gettext("Not conforming"),
      tidak_dinilai: gettext("Not assessed"),
    }[key];
  }

  /* Compare two values of a column: numbers numerically (empty last), text in
   * the page's language. */
  function compare(a, b, kind) {
    if (kind === "angka") {
      const x = a === "" || a === null || a === undefined ? NaN : Number(a);
      const y = b === "" || b === null || b === undefined ? NaN : Number(b);
      return (isNaN(x) ? -Infinity : x) - (isNaN(y) ? -Infinity : y) || 0;
    }
    return String(a || "").localeCompare(String(b || ""), window.WebSIG.lang);
  }

  /* The sort buttons in a table head: aria-sort on the sorted column, the
   * next direction on a second click; numbers start high, text starts A-Z. */
  function sortHeader(table, onSort) {
    const headers = Array.from(table.tHead.rows[0].cells);
    headers.forEach(function (th, index) {
      const button = th.querySelector("button.urut");
      if (!button) {
        return;
      }
      button.addEventListener("click", function () {
        const current = th.getAttribute("aria-sort");
        const kind = button.dataset.jenis || "teks";
        let direction = kind === "angka" ? "descending" : "ascending";
        if (current === "ascending" || current === "descending") {
          direction = current === "ascending" ? "descending" : "ascending";
        }
        headers.forEach((other) => other.removeAttribute("aria-sort"));
        th.setAttribute("aria-sort", direction);
        onSort({ index: index, key: button.dataset.kunci, kind: kind, direction: direction });
      });
    });
  }

  /* A table rendered by the server: rows sorted by the data-nilai of the cells. */
  function makeSortable(table) {
    if (!table || !table.tBodies[0]) {
      return;
    }
    sortHeader(table, function (sort) {
      const body = table.tBodies[0];
      const rows = Array.from(body.rows).filter((row) => row.cells.length > sort.index);
      const sign = sort.direction === "ascending" ? 1 : -1;
      rows.sort(function (rowA, rowB) {
        const a = rowA.cells[sort.index].dataset.nilai;
        const b = rowB.cells[sort.index].dataset.nilai;
        // Rows without a value stay at the bottom in both directions.
        const empty = (a === "") - (b === "");
        return empty || sign * compare(a, b, sort.kind) || compare(rowA.cells[0].dataset.nilai, rowB.cells[0].dataset.nilai);
      });
      rows.forEach((row) => body.appendChild(row));
    });
  }

  window.WebSIGTataruang = {
    page: page,
    indicatorClass: indicatorClass,
    indicatorColour: indicatorColour,
    formatPercent: formatPercent,
    formatHa: formatHa,
    outcomeLabel: outcomeLabel,
    compare: compare,
    sortHeader: sortHeader,
    makeSortable: makeSortable,
  };
})();

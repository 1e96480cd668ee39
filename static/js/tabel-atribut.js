/* The attribute table of a layer version (layer, review and editor pages):
 * a page of rows from /api/layers/<slug>/tabel/, sorted by a column header,
 * filtered per column (text: contains; numbers: from-to) and by kecamatan and
 * desa, paged (keyset by id, offset for a column sort), linked to the map (a
 * row click zooms to the feature and outlines it) and downloadable as CSV of
 * the current filter. The server does all the work, so it holds for a layer
 * of a million features.
 *
 * WebSIGAttributeTable.create(root, {api, version, schema, map, featureUrl,
 * onSelect, outline}) builds into ``root``: map() gives the Leaflet map,
 * featureUrl(id) the GeoJSON of one feature for its outline (else its box is
 * drawn), onSelect(row) is told of a row click, outline: false draws nothing.
 * root.dataset.state (loading|ready|error), data-rows
 * and data-selected report to tests. Values are written with textContent. */
(function () {
  "use strict";

  const { el, fetchJson, formatNumber, errorText } = window.WebSIG;
  const NUMERIC = new Set(["integer", "number"]);
  const PAGE_SIZE = 100;
  const DEBOUNCE_MS = 450;
  const indonesian = (window.WebSIG.lang || "id").startsWith("id");

  /* Decimals to show of a real: as stored, at most 6. */
  function digitsOf(value) {
    const text = String(value);
    if (/e/i.test(text)) {
      return 2;
    }
    const dot = text.indexOf(".");
    return dot < 0 ? 0 : Math.min(6, text.length - dot - 1);
  }

  /* A cell as text; ``digits`` is the column's number of decimals on this page. */
  function cellText(value, type, digits) {
    if (value === null || value === undefined || value === "") {
      return "–";
    }
    if (typeof value === "number" && NUMERIC.has(type)) {
      return formatNumber(value, type === "integer" ? 0 : digits === undefined ? digitsOf(value) : digits);
    }
    if (typeof value === "number") {
      return formatNumber(value, digitsOf(value));
    }
    if (typeof value === "boolean") {
      return value ? gettext("yes") : gettext("no");
    }
    if (typeof value === "object") {
      return JSON.stringify(value);
    }
    return String(value);
  }

  /* A number typed in the user's way (Indonesian: 1.234,5; English 1,234.5)
   * as the API writes it (1234.5); null when it is not a number. */
  function parseTypedNumber(text) {
    let raw = String(text).trim().replace(/\s/g, "");
    if (!raw) {
      return null;
    }
    const decimal = indonesian ? "," : ".";
    const group = indonesian ? "." : ",";
    if (raw.includes(decimal)) {
      raw = raw.split(group).join("").replace(decimal, ".");
    } else if (new RegExp("^-?\\d{1,3}(\\" + group + "\\d{3})+$").test(raw)) {
      raw = raw.split(group).join("");
    }
    // Otherwise a lone dot ("12.5") is read as a decimal point in both languages.
    return /^-?(\d+(\.\d*)?|\.\d+)$/.test(raw) ? raw : null;
  }

  function create(root, options) {
    const columns = (options.schema || []).filter((c) => c && c.name);
    const state = {
      sort: "_id",
      descending: false,
      filters: {}, // name -> {contains|eq: text} or {gte, lte}
      kecamatan: "",
      desa: "",
      pages: [null], // the cursor of each page seen: null (first), {after} or {offset}
      page: 0,
      selected: null,
      request: 0,
    };
    root.classList.add("tabel-atribut-layer");
    root.dataset.state = "loading";

    /* Tool bar: kecamatan, desa, reset, CSV ------------------------------------------ */

    const bar = el("div", "tal-alat");
    const kecLabel = el("label", "tal-pilih");
    kecLabel.appendChild(el("span", null, gettext("Kecamatan")));
    const kecSelect = el("select");
    kecSelect.name = "kecamatan";
    kecSelect.appendChild(new Option(gettext("All kecamatan"), ""));
    kecLabel.appendChild(kecSelect);
    const desaLabel = el("label", "tal-pilih");
    desaLabel.appendChild(el("span", null, gettext("Desa/kelurahan")));
    const desaSelect = el("select");
    desaSelect.name = "desa";
    desaSelect.disabled = true;
    desaSelect.appendChild(new Option(gettext("All desa"), ""));
    desaLabel.appendChild(desaSelect);
    const reset = el("button", "tombol tombol--garis tombol--kecil", gettext("Clear filters"));
    reset.type = "button";
    const csv = el("a", "tombol tombol--garis tombol--kecil tal-csv", gettext("Download CSV"));
    csv.setAttribute("download", "");
    csv.title = gettext("Every row of the current filter, UTF-8 for Excel; numbers with a decimal point.");
    const csvComma = el("a", "tal-csv-koma", gettext("CSV for Excel (decimal comma)"));
    csvComma.setAttribute("download", "");
    csvComma.title = gettext("The same rows separated by semicolons, numbers with a decimal comma (1234,5).");
    bar.append(kecLabel, desaLabel, reset, csv, csvComma);

    const summary = el("p", "tal-ringkas");
    summary.setAttribute("aria-live", "polite");

    /* Table ------------------------------------------------------------------------- */

    const wrap = el("div", "tal-wadah");
    const tableNode = el("table", "tal-tabel");
    const caption = el("caption", "visually-hidden", gettext("Attribute table"));
    const thead = el("thead");
    const headRow = el("tr");
    const filterRow = el("tr", "tal-saring");
    const tbody = el("tbody");
    tableNode.append(caption, thead, tbody);
    thead.append(headRow, filterRow);
    wrap.appendChild(tableNode);

    const sortButtons = {};
    function headerCell(name, label, type, sortable) {
      const th = el("th");
      th.scope = "col";
      if (NUMERIC.has(type)) {
        th.classList.add("angka");
      }
      if (!sortable) {
        th.textContent = label;
        return th;
      }
      const button = el("button", "tal-urut", label);
      button.type = "button";
      button.dataset.column = name;
      button.title = gettext("Sort by this column");
      button.addEventListener("click", function () {
        if (state.sort === name) {
          state.descending = !state.descending;
        } else {
          state.sort = name;
          state.descending = false;
        }
        restart();
      });
      sortButtons[name] = { th: th, button: button };
      th.appendChild(button);
      return th;
    }

    function input(placeholder, label, handler) {
      const node = el("input");
      node.type = "search";
      node.placeholder = placeholder;
      node.setAttribute("aria-label", label);
      node.autocomplete = "off";
      let timer = null;
      node.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(handler, DEBOUNCE_MS);
      });
      node.addEventListener("keydown", function (event) {
        if (event.key === "Enter") {
          clearTimeout(timer);
          handler();
        }
      });
      return node;
    }

    const filterInputs = [];
    headRow.appendChild(headerCell("_id", gettext("ID"), "integer", true));
    filterRow.appendChild(el("td"));
    columns.forEach(function (column) {
      headRow.appendChild(headerCell(column.name, column.name, column.type, true));
      const td = el("td");
      if (NUMERIC.has(column.type)) {
        const range = el("div", "tal-rentang"); // a flex box inside the cell: a flex td is no table cell
        const low = input(gettext("from"), interpolate(gettext("%(column)s from"), { column: column.name }, true), read);
        const high = input(gettext("to"), interpolate(gettext("%(column)s up to"), { column: column.name }, true), read);
        low.inputMode = high.inputMode = "decimal";
        Object.assign(low.dataset, { column: column.name, op: "gte" });
        Object.assign(high.dataset, { column: column.name, op: "lte" });
        range.append(low, high);
        td.appendChild(range);
        filterInputs.push(low, high);
      } else {
        const text = input(gettext("contains…"), interpolate(gettext("%(column)s contains"), { column: column.name }, true), read);
        Object.assign(text.dataset, { column: column.name, op: "contains" });
        td.appendChild(text);
        filterInputs.push(text);
      }
      filterRow.appendChild(td);
    });
    headRow.appendChild(headerCell("kecamatan", gettext("Kecamatan"), "string", false));
    headRow.appendChild(headerCell("desa", gettext("Desa/kelurahan"), "string", false));
    filterRow.append(el("td"), el("td"));

    /* Pager ------------------------------------------------------------------------ */

    const pager = el("div", "tal-halaman");
    const previous = el("button", "tombol tombol--garis tombol--kecil", gettext("Previous"));
    const next = el("button", "tombol tombol--garis tombol--kecil", gettext("Next"));
    previous.type = next.type = "button";
    previous.dataset.arah = "sebelumnya";
    next.dataset.arah = "berikutnya";
    const position = el("span", "tal-posisi");
    pager.append(previous, position, next);
    const message = el("p", "tal-pesan");
    message.hidden = true;

    root.replaceChildren(bar, summary, message, wrap, pager);

    /* Requests ----------------------------------------------------------------------- */

    function read() {
      const filters = {};
      let bad = null;
      filterInputs.forEach(function (node) {
        const name = node.dataset.column;
        const op = node.dataset.op;
        const value = node.value.trim();
        node.removeAttribute("aria-invalid");
        if (!value) {
          return;
        }
        let sent = value;
        if (op !== "contains") {
          sent = parseTypedNumber(value);
          if (sent === null) {
            node.setAttribute("aria-invalid", "true");
            bad = bad || interpolate(gettext("'%(value)s' is not a number."), { value: value }, true);
            return;
          }
        }
        filters[name + ":" + op] = sent;
      });
      if (bad) {
        showMessage(bad);
        return;
      }
      state.filters = filters;
      restart();
    }

    function params(cursor, forCsv) {
      const query = new URLSearchParams();
      if (options.version) {
        query.set("version", String(options.version));
      }
      if (state.sort !== "_id" || state.descending) {
        query.set("sort", (state.descending ? "-" : "") + state.sort);
      }
      Object.keys(state.filters).forEach(function (key) {
        query.append("filter", key + ":" + state.filters[key]);
      });
      if (state.kecamatan) {
        query.set("kecamatan", state.kecamatan);
      }
      if (state.desa) {
        query.set("desa", state.desa);
      }
      if (forCsv) {
        query.set("export", "csv");
        return query;
      }
      query.set("limit", String(PAGE_SIZE));
      if (cursor && cursor.after !== undefined) {
        query.set("after", String(cursor.after));
      } else if (cursor && cursor.offset) {
        query.set("offset", String(cursor.offset));
      }
      return query;
    }

    function showMessage(text) {
      message.textContent = text;
      message.hidden = !text;
    }

    function restart() {
      state.pages = [null];
      state.page = 0;
      load();
    }

    function cursorFrom(nextUrl) {
      if (!nextUrl) {
        return undefined;
      }
      const query = new URL(nextUrl, window.location.href).searchParams;
      if (query.has("after")) {
        return { after: query.get("after") };
      }
      return { offset: Number(query.get("offset") || 0) };
    }

    async function load() {
      const request = ++state.request;
      root.dataset.state = "loading";
      csv.href = options.api + "?" + params(null, true).toString();
      csvComma.href = csv.href + "&decimal=koma";
      let answer;
      try {
        answer = await fetchJson(options.api + "?" + params(state.pages[state.page]).toString());
      } catch (error) {
        answer = { ok: false, status: 0, data: null };
      }
      if (request !== state.request) {
        return; // a newer request is on its way
      }
      if (!answer.ok || !answer.data || !Array.isArray(answer.data.rows)) {
        root.dataset.state = "error";
        showMessage(errorText(answer, gettext("The attribute table could not be loaded.")));
        return;
      }
      showMessage("");
      const data = answer.data;
      state.pages[state.page + 1] = cursorFrom(data.next);
      state.pages.length = state.page + (data.next ? 2 : 1);
      drawRows(data);
      drawSort();
      root.dataset.state = "ready";
      root.dataset.rows = String(data.rows.length);
    }

    function drawSort() {
      Object.keys(sortButtons).forEach(function (name) {
        const { th } = sortButtons[name];
        if (name === state.sort) {
          th.setAttribute("aria-sort", state.descending ? "descending" : "ascending");
        } else {
          th.removeAttribute("aria-sort");
        }
      });
    }

    /* The decimals of each real column on this page: as many as its most
     * precise value, so the column's decimal commas line up. */
    function columnDigits(rows) {
      const digits = {};
      columns.forEach(function (column) {
        if (column.type === "number") {
          digits[column.name] = rows.reduce(function (most, row) {
            const value = row.attrs[column.name];
            return typeof value === "number" ? Math.max(most, digitsOf(value)) : most;
          }, 0);
        }
      });
      return digits;
    }

    function drawRows(data) {
      tbody.replaceChildren();
      const digits = columnDigits(data.rows);
      data.rows.forEach(function (row) {
        const tr = el("tr");
        tr.tabIndex = 0;
        tr.dataset.id = String(row.id);
        tr.appendChild(el("td", "angka", String(row.id)));
        columns.forEach(function (column) {
          const td = el("td", NUMERIC.has(column.type) ? "angka" : null, cellText(row.attrs[column.name], column.type, digits[column.name]));
          tr.appendChild(td);
        });
        tr.appendChild(el("td", null, row.kecamatan_nama || "–"));
        tr.appendChild(el("td", null, row.desa_nama || "–"));
        if (String(row.id) === String(state.selected)) {
          tr.classList.add("terpilih");
        }
        tr.addEventListener("click", () => select(row, tr));
        tr.addEventListener("keydown", function (event) {
          if (event.key === "Enter" || event.key === " ") {
            event.preventDefault();
            select(row, tr);
          }
        });
        tbody.appendChild(tr);
      });
      if (!data.rows.length) {
        const td = el("td", "tal-kosong", gettext("No feature matches the filter."));
        td.colSpan = columns.length + 3;
        const tr = el("tr");
        tr.appendChild(td);
        tbody.appendChild(tr);
      }
      const first = data.offset !== null && data.offset !== undefined ? data.offset : state.page * PAGE_SIZE;
      const total = data.matchedExact
        ? formatNumber(data.numberMatched, 0)
        : interpolate(gettext("more than %(n)s"), { n: formatNumber(data.numberMatched, 0) }, true);
      summary.textContent = interpolate(gettext("%(total)s matching features"), { total: total }, true);
      position.textContent = data.rows.length
        ? interpolate(gettext("rows %(from)s–%(to)s"), {
            from: formatNumber(first + 1, 0),
            to: formatNumber(first + data.rows.length, 0),
          }, true)
        : "";
      previous.disabled = state.page === 0;
      next.disabled = !data.next;
    }

    /* Map link ----------------------------------------------------------------------- */

    let outline = null;
    async function select(row, tr) {
      state.selected = row.id;
      root.dataset.selected = String(row.id);
      tbody.querySelectorAll("tr.terpilih").forEach((node) => node.classList.remove("terpilih"));
      tr.classList.add("terpilih");
      const map = options.map && options.map();
      if (!map || !row.bbox) {
        return;
      }
      const mapNode = map.getContainer();
      const box = mapNode.getBoundingClientRect();
      if (box.bottom < 0 || box.top > window.innerHeight) {
        mapNode.scrollIntoView({ block: "center", behavior: "smooth" });
      }
      const bounds = L.latLngBounds([row.bbox[1], row.bbox[0]], [row.bbox[3], row.bbox[2]]);
      map.fitBounds(bounds.pad(0.6), { maxZoom: 18 });
      if (outline) {
        map.removeLayer(outline);
        outline = null;
      }
      if (options.onSelect) {
        options.onSelect(row);
      }
      if (options.outline === false) {
        return; // the page highlights the feature itself (the editor selects it)
      }
      const style = { color: "#f4b400", weight: 4, opacity: 1, fillOpacity: 0.15, interactive: false };
      outline = L.rectangle(bounds, Object.assign({}, style, { dashArray: "4 4", fill: false })).addTo(map);
      root.dataset.outline = "bbox";
      if (!options.featureUrl) {
        return;
      }
      // The feature's own outline when the API gives it to this user (the
      // version a manager edits may be another than the one shown): else the box stays.
      const answer = await fetchJson(options.featureUrl(row.id)).catch(() => ({ ok: false }));
      if (answer.ok && answer.data && answer.data.geometry && state.selected === row.id) {
        map.removeLayer(outline);
        outline = L.geoJSON(answer.data, {
          style: () => style,
          pointToLayer: (feature, latlng) => L.circleMarker(latlng, Object.assign({ radius: 10 }, style)),
          interactive: false,
        }).addTo(map);
        root.dataset.outline = "feature";
      }
    }

    /* Kecamatan and desa ------------------------------------------------------------- */

    window.WebSIG.boundaries("kecamatan")
      .then(function (collection) {
        collection.features
          .map((feature) => feature.properties)
          .sort((a, b) => String(a.nama).localeCompare(String(b.nama), "id"))
          .forEach((p) => kecSelect.appendChild(new Option(p.nama, p.kode)));
      })
      .catch(() => {});

    kecSelect.addEventListener("change", async function () {
      state.kecamatan = kecSelect.value;
      state.desa = "";
      desaSelect.replaceChildren(new Option(gettext("All desa"), ""));
      desaSelect.disabled = true;
      restart();
      if (!state.kecamatan) {
        return;
      }
      const collection = await window.WebSIG.boundaries("desa").catch(() => null);
      if (!collection || kecSelect.value !== state.kecamatan) {
        return;
      }
      collection.features
        .map((feature) => feature.properties)
        .filter((p) => p.kecamatan_kode === state.kecamatan)
        .sort((a, b) => String(a.nama).localeCompare(String(b.nama), "id"))
        .forEach((p) => desaSelect.appendChild(new Option(p.nama, p.kode)));
      desaSelect.disabled = false;
    });
    desaSelect.addEventListener("change", function () {
      state.desa = desaSelect.value;
      restart();
    });
    reset.addEventListener("click", function () {
      filterInputs.forEach((node) => {
        node.value = "";
        node.removeAttribute("aria-invalid");
      });
      kecSelect.value = "";
      desaSelect.replaceChildren(new Option(gettext("All desa"), ""));
      desaSelect.disabled = true;
      Object.assign(state, { filters: {}, kecamatan: "", desa: "", sort: "_id", descending: false });
      restart();
    });
    previous.addEventListener("click", function () {
      if (state.page > 0) {
        state.page -= 1;
        load();
      }
    });
    next.addEventListener("click", function () {
      if (state.pages[state.page + 1]) {
        state.page += 1;
        load();
      }
    });

    load();
    return { reload: restart };
  }

  window.WebSIGAttributeTable = { create: create, parseTypedNumber: parseTypedNumber, cellText: cellText };

  /* The review queue (/review/): "Periksa atribut" on a waiting version opens
   * its table under the queue, beside a map of the kecamatan on which a row
   * click outlines the feature. (The link still leads to the layer page
   * without JavaScript.) */
  const reviewTables = window.WebSIG.readJson("data-periksa");
  const reviewSection = document.getElementById("periksa-atribut");
  if (reviewTables && reviewSection && window.L) {
    let reviewMap = null;
    document.querySelectorAll("a[data-periksa]").forEach(function (link) {
      link.addEventListener("click", function (event) {
        const entry = reviewTables[link.dataset.periksa];
        if (!entry) {
          return;
        }
        event.preventDefault();
        reviewSection.hidden = false;
        document.getElementById("judul-periksa").textContent = interpolate(
          gettext("Attributes of %(title)s, version %(n)s"), { title: entry.title, n: entry.version }, true);
        const bbox = window.WebSIG.bboxBounds(entry.bbox);
        if (!reviewMap) {
          reviewMap = window.WebSIG.createMap(document.getElementById("peta-periksa"), {
            leaflet: { scrollWheelZoom: false },
            wheelOnFocus: true,
          });
          window.websigReviewMap = reviewMap;
          window.WebSIG.addBoundaries(reviewMap, [
            { kind: "kecamatan", style: { color: "#a3154a", weight: 1.4, opacity: 0.55, fill: false } },
          ]);
        }
        if (bbox) {
          reviewMap.fitBounds(bbox.pad(0.15), { maxZoom: 16 });
        }
        create(document.getElementById("tabel-atribut-isi"), {
          api: entry.api,
          version: entry.version,
          schema: entry.schema,
          map: () => reviewMap,
          featureUrl: (id) => entry.features + id + "/",
        });
        reviewSection.scrollIntoView({ block: "start" });
      });
    });
  }
})();

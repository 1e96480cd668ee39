/* The result panel of the KKPR check (/kkpr/), built from the API answer of
 * /api/tataruang/kkpr/: the ITBX verdict, the desa/kecamatan and the plan, the
 * zones with share, WP/SWP/blok (RDTR), conditions, legal source and
 * intensity limits, the overlays, the disclaimer and the PDF button.
 *
 * Every value from the API is written with textContent (WebSIG.el), never as
 * HTML. Exposes window.WebSIGKkpr for static/js/kkpr.js. */
(function () {
  "use strict";

  if (!window.WebSIG) {
    return;
  }
  const { el, formatCoordinate, formatNumber } = window.WebSIG;
  // The sample-data label as the server spells it (core.sample).
  const SAMPLE_LABEL = window.WebSIG.config.sampleLabel;

  const VERDICT_MEANING = {
    I: gettext("The activity is permitted in this zone."),
    T: gettext("Permitted with limits (of area, time or intensity): see the conditions."),
    B: gettext("Permitted only under conditions set by the regency: see the conditions."),
    X: gettext("The activity is not permitted in this zone."),
    none: gettext("The ITBX matrix does not regulate this activity here; ask DTRB."),
  };

  /* Formatting ------------------------------------------------------------------- */

  function capitalise(text) {
    const value = String(text || "");
    return value.charAt(0).toUpperCase() + value.slice(1);
  }

  /* "1.072,19 ha", or "0,04 ha (400 m²)" for a small parcel: always two
   * decimals, as the server rounded it and as the PDF prints it. */
  function formatArea(hectares) {
    const text = formatNumber(hectares, 2) + " ha";
    return hectares < 1 ? text + " (" + formatNumber(hectares * 10000, 0) + " m²)" : text;
  }

  /* "15,37% · 169,29 ha" of a parcel (the server's rounded figures), "100%" at a point. */
  function shareText(zone) {
    if (typeof zone.persen !== "number") {
      return "–";
    }
    if (typeof zone.luas_ha !== "number") {
      return formatNumber(zone.persen, 0) + "%";
    }
    return formatNumber(zone.persen, 2) + "% · " + formatNumber(zone.luas_ha, 2) + " ha";
  }

  function intensityText(intensitas) {
    const parts = Object.keys(intensitas || {}).map(function (key) {
      const value = intensitas[key];
      return key + " " + (typeof value === "number" ? formatNumber(value, value % 1 === 0 ? 0 : 2) : String(value));
    });
    return parts.length ? parts.join(" · ") : gettext("not set in the plan");
  }

  /* Pieces ---------------------------------------------------------------------- */

  function addFact(list, label, value) {
    const row = el("div");
    row.append(el("dt", null, label), el("dd", null, value));
    list.appendChild(row);
  }

  function sampleBanner() {
    const banner = el("div", "kkpr-contoh");
    banner.setAttribute("role", "note");
    banner.append(
      el("span", "kkpr-contoh__label", SAMPLE_LABEL),
      el("p", null, gettext("The plan used is synthetic sample data, not the official plan: this result only shows how the check works."))
    );
    return banner;
  }

  function verdictCard(data) {
    const code = data.itbx || "none";
    const card = el("div", "kkpr-putusan kkpr-putusan--" + code);
    card.dataset.itbx = code;
    card.appendChild(el("span", "kkpr-putusan__kode", data.itbx || "–"));
    const text = el("div", "kkpr-putusan__teks");
    text.append(
      el("p", "kkpr-putusan__label", capitalise(data.itbx_label)),
      el("p", "kkpr-putusan__kegiatan", data.kegiatan.nama),
      el("p", "kkpr-putusan__arti", VERDICT_MEANING[code] || VERDICT_MEANING.none)
    );
    if (data.putusan) {
      // Which zone decided, and the threshold below which a zone does not.
      const rule = el("p", "kkpr-putusan__aturan", data.putusan.aturan);
      rule.id = "kkpr-aturan";
      rule.dataset.zona = data.putusan.zona || "";
      text.append(rule, el("p", "kkpr-putusan__ambang", data.putusan.ambang));
    }
    card.appendChild(text);
    return card;
  }

  function factList(data) {
    const facts = el("dl", "kkpr-fakta");
    const lokasi = data.lokasi;
    if (lokasi.type === "Point") {
      const centre = { lat: lokasi.centroid[1], lng: lokasi.centroid[0] };
      addFact(facts, gettext("Location"), gettext("Point") + ": " + formatCoordinate(centre));
    } else {
      addFact(facts, gettext("Location"), gettext("Parcel") + ": " + formatArea(lokasi.luas_ha || 0));
    }
    if (data.referensi) {
      addFact(facts, gettext("Reference number"), data.referensi);
    }
    addFact(facts, gettext("Desa/kelurahan"), data.desa.nama + " (" + data.desa.kode + ")");
    addFact(facts, gettext("Kecamatan"), data.kecamatan.nama + " (" + data.kecamatan.kode + ")");
    const plan = data.rencana;
    if (plan) {
      // "RTRW Kabupaten Tangerang · 2025"; the kind only when the name lacks it.
      const name = plan.nama.includes(plan.jenis) ? plan.nama : plan.jenis + " " + plan.nama;
      addFact(facts, gettext("Plan"), name + (plan.tahun ? " · " + plan.tahun : ""));
      addFact(facts, gettext("Legal basis"), plan.dasar_hukum || "–");
    } else {
      addFact(facts, gettext("Plan"), gettext("No active plan covers this location."));
    }
    return facts;
  }

  function verdictBadge(code, label) {
    const badge = el("span", "kkpr-itbx kkpr-itbx--" + (code || "none"), code || "–");
    badge.setAttribute("aria-hidden", "true");
    badge.title = capitalise(label);
    return badge;
  }

  /* "WP: WP-05 · SWP: SWP-A · Blok: A.01" for an RDTR zone (each pair kept on
   * one line); null without a hierarchy. */
  function hierarchyLine(zone) {
    const labels = { wp: "WP", swp: "SWP", blok: gettext("Block") };
    const keys = ["wp", "swp", "blok"].filter((key) => zone[key]);
    if (!keys.length) {
      return null;
    }
    const line = el("span", "kkpr-zona__hierarki");
    keys.forEach(function (key, index) {
      line.append(index ? " · " : "", el("span", "kkpr-zona__hierarki-bagian", labels[key] + ": " + zone[key]));
    });
    return line;
  }

  function zoneRows(zone) {
    const main = el("tr", "kkpr-zona__baris");
    main.dataset.kode = zone.kode;
    main.dataset.itbx = zone.itbx || "none";
    main.dataset.menentukan = zone.menentukan ? "true" : "false";
    if (!zone.menentukan) {
      main.classList.add("kkpr-zona__baris--kecil");
    }
    ["wp", "swp", "blok"].forEach(function (key) {
      if (zone[key]) {
        main.dataset[key] = zone[key];
      }
    });
    const name = el("th", "kkpr-zona__nama");
    name.scope = "row";
    const swatch = el("span", "kkpr-zona__warna");
    swatch.style.background = window.WebSIGKkpr.zoneColour(zone);
    name.append(swatch, el("strong", "kkpr-zona__kode", zone.kode), el("span", "kkpr-zona__nama-teks", zone.nama));
    const hierarchy = hierarchyLine(zone);
    if (hierarchy) {
      name.appendChild(hierarchy);
    }
    if (zone.judged_as && zone.judged_as !== zone.kode) {
      const note = interpolate(gettext("assessed as %(kode)s"), { kode: zone.judged_as }, true);
      name.appendChild(el("span", "kkpr-zona__padanan", note));
    }
    const verdict = el("td", "kkpr-zona__itbx");
    verdict.append(verdictBadge(zone.itbx, zone.itbx_label), el("span", "kkpr-zona__itbx-label", capitalise(zone.itbx_label)));
    if (!zone.menentukan) {
      verdict.appendChild(el("span", "kkpr-zona__tidak-menentukan", gettext("does not decide")));
    }
    // The share on one line, the hectares under it: the column stays narrow on a phone.
    const share = el("td", "kkpr-zona__porsi");
    const parts = shareText(zone).split(" · ");
    share.append(el("span", "kkpr-zona__persen", parts[0]));
    if (parts[1]) {
      share.append(el("span", "kkpr-zona__ha", parts[1]));
    }
    main.append(name, share, verdict);

    const detail = el("tr", "kkpr-zona__rinci");
    const cell = el("td");
    cell.colSpan = 3;
    const facts = el("dl", "kkpr-rinci");
    addFact(facts, gettext("Conditions"), zone.syarat || "–");
    addFact(facts, gettext("Legal source"), zone.sumber || "–");
    addFact(facts, gettext("Intensity limits"), intensityText(zone.intensitas));
    cell.appendChild(facts);
    detail.appendChild(cell);
    return [main, detail];
  }

  function zoneTable(zones) {
    if (!zones.length) {
      return el("p", "kkpr-catatan", gettext("No active plan covers this location."));
    }
    const table = el("table", "kkpr-zona");
    const head = el("tr");
    [gettext("Zone"), gettext("Share"), "ITBX"].forEach(function (label) {
      const th = el("th", null, label);
      th.scope = "col";
      head.appendChild(th);
    });
    table.appendChild(el("thead")).appendChild(head);
    const body = el("tbody");
    zones.forEach(function (zone) {
      body.append(...zoneRows(zone));
    });
    table.appendChild(body);
    return table;
  }

  /* A point lies inside a class; a parcel overlaps it by an area. */
  function overlapText(isPoint, hectares) {
    return isPoint
      ? gettext("inside")
      : interpolate(gettext("overlaps %(area)s"), { area: formatArea(hectares || 0) }, true);
  }

  function overlayItem(key, label, overlay, isPoint) {
    const item = el("li", "kkpr-tumpang__item");
    item.dataset.lapisan = key;
    let text;
    if (!overlay) {
      item.dataset.kena = "none";
      text = gettext("no layer");
    } else if (overlay.kena) {
      item.dataset.kena = "true";
      text = overlapText(isPoint, overlay.luas_ha);
    } else {
      item.dataset.kena = "false";
      text = gettext("no overlap");
    }
    item.append(el("span", "kkpr-tumpang__nama", label), el("span", "kkpr-tumpang__nilai", text));
    if (overlay && overlay.kena && overlay.rincian && overlay.rincian.length) {
      // Per class of the layer (e.g. flood hazard level), largest first.
      const classes = el("ul", "kkpr-tumpang__rincian");
      overlay.rincian.forEach(function (part) {
        const name = part.kelas || gettext("(no class)");
        const row = el("li", null, isPoint ? name : name + ": " + formatArea(part.luas_ha || 0));
        row.dataset.kelas = part.kelas || "";
        classes.appendChild(row);
      });
      item.appendChild(classes);
    }
    if (overlay) {
      const source = el("span", "kkpr-tumpang__sumber", overlay.judul);
      if (overlay.is_sample && !String(overlay.judul).includes(SAMPLE_LABEL)) {
        source.append(" ", el("span", "kkpr-lencana-contoh", SAMPLE_LABEL));
      }
      item.appendChild(source);
    }
    return item;
  }

  // The flood hazard classes (BNPB) in legend order, with their map colours (flood/classes.py).
  const HAZARD_CLASSES = [
    { key: "rendah", label: gettext("low (rendah)") },
    { key: "sedang", label: gettext("medium (sedang)") },
    { key: "tinggi", label: gettext("high (tinggi)") },
    { key: "tanpa_data", label: gettext("no data") },
  ];

  /* The parcel over the published flood hazard raster (data.bahaya_banjir):
   * hectares and % of the parcel per class, or the class at a point. */
  function hazardItem(hazard, isPoint) {
    const item = el("li", "kkpr-tumpang__item kkpr-bahaya");
    item.dataset.lapisan = "bahaya_banjir";
    const label = gettext("Flood hazard raster");
    if (!hazard) {
      item.dataset.kena = "none";
      item.append(el("span", "kkpr-tumpang__nama", label), el("span", "kkpr-tumpang__nilai", gettext("no hazard raster published")));
      return item;
    }
    if (isPoint) {
      const found = HAZARD_CLASSES.find((c) => c.key === hazard.kelas);
      item.dataset.kena = hazard.kelas ? "true" : "false";
      item.dataset.kelas = hazard.kelas || "";
      const value = found ? found.label : gettext("no data");
      item.append(el("span", "kkpr-tumpang__nama", label), el("span", "kkpr-tumpang__nilai", value));
    } else {
      const flooded = (hazard.luas_ha.sedang || 0) + (hazard.luas_ha.tinggi || 0) + (hazard.luas_ha.rendah || 0);
      item.dataset.kena = flooded > 0 ? "true" : "false";
      item.append(
        el("span", "kkpr-tumpang__nama", label),
        el(
          "span",
          "kkpr-tumpang__nilai",
          interpolate(gettext("%(percent)s of the parcel in high hazard"), { percent: formatNumber(hazard.persen.tinggi, 2) + "%" }, true)
        )
      );
      const classes = el("ul", "kkpr-tumpang__rincian");
      HAZARD_CLASSES.forEach(function (cls) {
        const row = el("li", null, cls.label + ": " + formatNumber(hazard.luas_ha[cls.key], 2) + " ha · " + formatNumber(hazard.persen[cls.key], 2) + "%");
        row.dataset.kelas = cls.key;
        classes.appendChild(row);
      });
      item.appendChild(classes);
    }
    const source = el("span", "kkpr-tumpang__sumber", interpolate(gettext("%(title)s, version %(n)s"), { title: hazard.judul, n: hazard.versi }, true));
    if (hazard.is_sample && !String(hazard.judul).includes(SAMPLE_LABEL)) {
      source.append(" ", el("span", "kkpr-lencana-contoh", SAMPLE_LABEL));
    }
    item.appendChild(source);
    return item;
  }

  function section(title, content) {
    const part = el("section", "kkpr-bagian");
    part.append(el("h3", "kkpr-bagian__judul", title), content);
    return part;
  }

  function pdfActions(onPdf) {
    const actions = el("div", "kkpr-pdf");
    const button = el("button", "kkpr-tombol kkpr-tombol--garis");
    button.type = "button";
    button.id = "tombol-pdf";
    button.innerHTML = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 4v11m-5-5 5 5 5-5M5 20h14"/></svg>';
    button.appendChild(el("span", null, gettext("Download PDF")));
    const status = el("p", "kkpr-pdf__status");
    status.id = "pdf-status";
    status.setAttribute("role", "status");
    button.addEventListener("click", function () {
      onPdf(button, status);
    });
    actions.append(button, status);
    return actions;
  }

  /* Fill `box` (keeping its first child, the heading) with the result `data`;
   * onPdf(button, status) runs when "Download PDF" is pressed. */
  function render(box, data, onPdf) {
    const tumpang = data.tumpang_susun || {};
    const overlays = el("ul", "kkpr-tumpang");
    overlays.append(
      overlayItem("lp2b", "LP2B", tumpang.lp2b, data.lokasi.type === "Point"),
      overlayItem("rawan_banjir", gettext("Flood hazard"), tumpang.rawan_banjir, data.lokasi.type === "Point"),
      hazardItem(data.bahaya_banjir, data.lokasi.type === "Point")
    );
    const disclaimer = el("p", "kkpr-penafian");
    disclaimer.append(el("strong", null, gettext("Indicative only.")), " ", data.catatan || "");
    box.replaceChildren(box.firstElementChild);
    if (data.is_sample) {
      box.appendChild(sampleBanner());
    }
    box.append(
      verdictCard(data),
      factList(data),
      section(gettext("Zones"), zoneTable(data.zona)),
      section(gettext("Overlays"), overlays),
      disclaimer,
      pdfActions(onPdf)
    );
    box.classList.remove("kkpr-hasil--usang");
    box.hidden = false;
  }

  window.WebSIGKkpr = Object.assign(window.WebSIGKkpr || {}, { render: render, formatArea: formatArea });
})();

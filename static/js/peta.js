/* The public map of Kabupaten Tangerang: kecamatan and desa/kelurahan boundaries
 * from the wilayah API, labels, search, and "what is here?" on click.
 *
 * The API addresses come from WebSIG.config.api. The map container reports its
 * state for tests and assistive code: data-kecamatan-loaded and
 * data-desa-loaded (number of features drawn), data-basemap ("osm"/"none"). */
(function () {
  "use strict";

  const container = document.getElementById("peta");
  if (!container || !window.L || !window.WebSIG) {
    return;
  }
  const { el, escapeHtml } = window.WebSIG;
  const api = WebSIG.config.api;

  const narrowScreen = window.matchMedia("(max-width: 820px)");

  // Path styles; setStyle() takes them again after a hover or a selection.
  const STYLE = {
    kecamatan: { color: "#a3154a", weight: 2.6, opacity: 0.95, fill: false },
    desa: {
      color: "#3d4a47",
      weight: 1,
      opacity: 0.8,
      dashArray: "5 4",
      fill: true,
      fillColor: "#14604b",
      fillOpacity: 0,
    },
    desaHover: { fillOpacity: 0.1 },
    terpilih: { color: "#8a6100", weight: 3, opacity: 1, dashArray: null, fillColor: "#f4b400", fillOpacity: 0.3 },
  };

  /* Map, panes and controls ------------------------------------------------- */

  // The basemap has its own switch here (OpenStreetMap or none), not addBasemap.
  const map = WebSIG.createMap(container, {
    leaflet: { maxBoundsViscosity: 0.8 },
    keepNear: 1.5,
    scale: { maxWidth: 140 },
    basemap: false,
  });
  window.websigMap = map;

  map.createPane("desa").style.zIndex = 410;
  map.createPane("kecamatan").style.zIndex = 420;
  map.createPane("titik").style.zIndex = 450;

  // OpenStreetMap, the imagery of the settings (if any) and no basemap (websig.js).
  const basemaps = WebSIG.basemapLayers();
  const osm = basemaps.osm;
  const boundaryAttribution = WebSIG.boundaryAttribution();
  const tanpaPetaDasar = basemaps.none;
  const desaGroup = L.layerGroup([], { attribution: boundaryAttribution });
  const kecamatanGroup = L.layerGroup([], { attribution: boundaryAttribution });

  const baseLayers = WebSIG.basemapChoices(basemaps);
  const overlays = {};
  overlays[escapeHtml(gettext("Kecamatan boundaries"))] = kecamatanGroup;
  overlays[escapeHtml(gettext("Desa/kelurahan boundaries"))] = desaGroup;

  const layersControl = L.control.layers(baseLayers, overlays, { collapsed: narrowScreen.matches }).addTo(map);
  window.websigLayersControl = layersControl;
  map.websigLayers = layersControl;
  addLayersHeadings(layersControl.getContainer());
  desaGroup.addTo(map);
  kecamatanGroup.addTo(map);
  if (window.WebSIGTools) {
    // What an export of the map shows in its legend for the boundaries.
    WebSIGTools.addLegend(map, kecamatanGroup, {
      title: gettext("Boundaries"),
      entries: [{ label: gettext("Kecamatan boundary"), color: STYLE.kecamatan.color, kind: "line" }],
    });
    WebSIGTools.addLegend(map, desaGroup, {
      title: "",
      entries: [{ label: gettext("Desa/kelurahan boundary"), color: STYLE.desa.color, kind: "line" }],
    });
  }

  function addLayersHeadings(controlContainer) {
    // Leaflet only empties the two lists when it redraws, so the headings stay.
    const base = controlContainer.querySelector(".leaflet-control-layers-base");
    const overlayList = controlContainer.querySelector(".leaflet-control-layers-overlays");
    base.before(el("p", "kontrol-lapisan__judul", gettext("Basemap")));
    overlayList.before(el("p", "kontrol-lapisan__judul", gettext("Boundaries")));
  }

  /* Basemap: OpenStreetMap when online, a plain background otherwise ----------- */

  function showBasemap(layer) {
    [osm, basemaps.imagery, tanpaPetaDasar].filter(Boolean).forEach(function (other) {
      if (other !== layer && map.hasLayer(other)) {
        map.removeLayer(other);
      }
    });
    layer.addTo(map);
  }

  map.on("layeradd", function (event) {
    if (event.layer && event.layer.websigBasemap) {
      container.dataset.basemap = event.layer.websigBasemap;
    }
  });

  let tileLoaded = false;
  let tileFallbackDone = false;
  osm.on("tileload", function () {
    tileLoaded = true;
  });
  osm.on("tileerror", function () {
    // Only when no tile ever arrived: a machine without internet. A single
    // failed tile on a working connection keeps the basemap.
    if (tileLoaded || tileFallbackDone) {
      return;
    }
    tileFallbackDone = true;
    setTimeout(function () {
      showBasemap(tanpaPetaDasar);
      showNotice(gettext("The OpenStreetMap basemap cannot be loaded, so the map is shown without it."));
    }, 0);
  });
  showBasemap(navigator.onLine === false ? tanpaPetaDasar : osm);

  /* Notices and the loading indicator ---------------------------------------- */

  const notice = document.getElementById("peta-pesan");
  const loading = document.getElementById("peta-memuat");
  const NOTICE_SECONDS = 10;
  let noticeTimer = null;

  function showNotice(message, isError) {
    notice.replaceChildren(el("span", null, message));
    const close = el("button", "peta-pesan__tutup", "×");
    close.type = "button";
    close.setAttribute("aria-label", gettext("Close"));
    close.addEventListener("click", function () {
      notice.hidden = true;
    });
    notice.appendChild(close);
    notice.classList.toggle("peta-pesan--galat", Boolean(isError));
    notice.hidden = false;
    clearTimeout(noticeTimer);
    if (!isError) {
      noticeTimer = setTimeout(function () {
        notice.hidden = true;
      }, NOTICE_SECONDS * 1000);
    }
  }

  /* Home button: back to the whole kabupaten ---------------------------------- */

  let kabupatenBounds = WebSIG.kabupatenBounds();

  const HomeControl = L.Control.extend({
    options: { position: "topleft" },
    onAdd: function () {
      const wrapper = el("div", "leaflet-bar kontrol-beranda");
      const button = el("button", "kontrol-beranda__tombol");
      button.type = "button";
      button.title = gettext("Show the whole kabupaten");
      button.setAttribute("aria-label", button.title);
      button.innerHTML =
        '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5"/></svg>';
      L.DomEvent.disableClickPropagation(wrapper);
      L.DomEvent.on(button, "click", function () {
        map.closePopup();
        map.fitBounds(kabupatenBounds, fitPadding());
      });
      wrapper.appendChild(button);
      return wrapper;
    },
  });
  new HomeControl().addTo(map);

  function fitPadding() {
    // On a phone the search bar floats over the top of the map; on a wider
    // screen the open layer control takes the top right corner.
    if (narrowScreen.matches) {
      return { paddingTopLeft: [16, 96], paddingBottomRight: [16, 40] };
    }
    return { paddingTopLeft: [16, 16], paddingBottomRight: [210, 40] };
  }

  const labels = WebSIG.createLabels(map);

  /* Boundary layers ------------------------------------------------------------ */

  const kecamatanByKode = new Map();
  const desaByKode = new Map();
  let selected = null;

  async function loadKecamatan() {
    const data = await WebSIG.boundaries("kecamatan");
    const lines = L.geoJSON(data, {
      pane: "kecamatan",
      className: "batas-kecamatan",
      interactive: false,
      style: STYLE.kecamatan,
      onEachFeature: function (feature, layer) {
        kecamatanByKode.set(feature.properties.kode, feature.properties);
        labels.add("kecamatan", kecamatanGroup, layer, feature.properties);
      },
    });
    kecamatanGroup.addLayer(lines);
    kabupatenBounds = lines.getBounds();
    container.dataset.kecamatanLoaded = String(data.features.length);
    setSummary("kecamatan", WebSIG.formatNumber(data.features.length, 0));
  }

  async function loadDesa() {
    const data = await WebSIG.boundaries("desa");
    const counts = { desa: 0, kelurahan: 0 };
    const boundaries = L.geoJSON(data, {
      pane: "desa",
      className: "batas-desa",
      style: STYLE.desa,
      onEachFeature: function (feature, layer) {
        const props = feature.properties;
        counts[props.jenis] = (counts[props.jenis] || 0) + 1;
        desaByKode.set(props.kode, layer);
        layer.on("mouseover", function () {
          if (layer !== selected) {
            layer.setStyle(STYLE.desaHover);
          }
        });
        layer.on("mouseout", function () {
          if (layer !== selected) {
            layer.setStyle({ fillOpacity: STYLE.desa.fillOpacity });
          }
        });
        labels.add("desa", desaGroup, layer, props);
      },
    });
    desaGroup.addLayer(boundaries);
    container.dataset.desaLoaded = String(data.features.length);
    const detail = interpolate(gettext("%(total)s (%(desa)s desa, %(kelurahan)s kelurahan)"), {
      total: WebSIG.formatNumber(data.features.length, 0),
      desa: WebSIG.formatNumber(counts.desa, 0),
      kelurahan: WebSIG.formatNumber(counts.kelurahan, 0),
    }, true);
    setSummary("desa", detail);
  }

  function setSummary(name, text) {
    const target = document.querySelector('[data-ringkasan="' + name + '"]');
    if (target) {
      target.textContent = text;
    }
  }

  /* Tell the other scripts of the page (the sectoral-layer panel) which
   * kecamatan and desa exist, with their extents, without a second download. */
  function announceWilayah() {
    const kecamatan = [];
    kecamatanGroup.eachLayer(function (group) {
      // The group also holds the name labels (tooltips).
      if (group instanceof L.GeoJSON) {
        group.eachLayer(function (layer) {
          const props = layer.feature.properties;
          kecamatan.push({ kode: props.kode, nama: props.nama, bounds: layer.getBounds() });
        });
      }
    });
    const desa = [];
    desaByKode.forEach(function (layer) {
      const props = layer.feature.properties;
      desa.push({
        kode: props.kode,
        nama: props.nama,
        jenis: props.jenis,
        kecamatan_kode: props.kecamatan_kode,
        bounds: layer.getBounds(),
      });
    });
    WebSIG.wilayah = { kecamatan: kecamatan, desa: desa, fitPadding: fitPadding };
    document.dispatchEvent(new CustomEvent("websig:wilayah", { detail: WebSIG.wilayah }));
  }

  Promise.all([loadKecamatan(), loadDesa()])
    .then(function () {
      map.fitBounds(kabupatenBounds, fitPadding());
      labels.ready();
      announceWilayah();
    })
    .catch(function (error) {
      container.dataset.loadError = "true";
      showNotice(gettext("The boundaries could not be loaded. Please reload the page."), true);
      console.warn(error);
    })
    .finally(function () {
      loading.hidden = true;
    });

  /* Selection, popup and "what is here?" ------------------------------------- */

  const infoPopup = L.popup({
    maxWidth: 300,
    minWidth: 220,
    closeOnClick: false,
    className: "popup-wilayah",
    autoPanPaddingTopLeft: L.point(16, narrowScreen.matches ? 110 : 16),
  });
  const clickMarker = L.circleMarker([0, 0], {
    pane: "titik",
    radius: 6,
    color: "#ffffff",
    weight: 2,
    fillColor: "#0e4a3a",
    fillOpacity: 1,
    interactive: false,
  });

  function select(layer) {
    if (selected && selected !== layer) {
      selected.setStyle(STYLE.desa);
    }
    selected = layer || null;
    if (selected) {
      selected.setStyle(STYLE.terpilih);
    }
  }

  map.on("popupclose", function (event) {
    if (event.popup === infoPopup) {
      select(null);
      clickMarker.remove();
    }
  });

  function openInfo(latlng, content) {
    infoPopup.setLatLng(latlng).setContent(content);
    if (!map.hasLayer(infoPopup)) {
      infoPopup.openOn(map);
    }
  }

  /* The desa (API properties) and its kecamatan, from the loaded layers when
   * they are there, else from the lookup answer. */
  function showWilayah(desaProps, kecamatanProps, latlng, clicked) {
    const layer = desaByKode.get(desaProps.kode);
    const desa = layer ? layer.feature.properties : desaProps;
    const kecamatan = kecamatanByKode.get(desa.kecamatan_kode) || kecamatanProps || null;
    select(layer);
    openInfo(latlng, WebSIG.wilayahContent(desa, kecamatan, clicked ? latlng : null));
  }

  let lookupSequence = 0;

  async function lookup(latlng) {
    const mine = ++lookupSequence;
    const point = latlng.wrap();
    clickMarker.setLatLng(point).addTo(map);
    openInfo(point, WebSIG.messageContent("loading", gettext("Looking up this point…"), point));
    const url = api.lookup + "?lon=" + point.lng.toFixed(6) + "&lat=" + point.lat.toFixed(6);
    let answer;
    try {
      answer = await WebSIG.fetchJson(url);
    } catch (error) {
      answer = { ok: false, status: 0, data: null };
    }
    if (mine !== lookupSequence) {
      return;
    }
    if (answer.ok) {
      const desa = Object.assign({}, answer.data.desa, {
        kecamatan_kode: answer.data.kecamatan.kode,
        kecamatan_nama: answer.data.kecamatan.nama,
      });
      showWilayah(desa, answer.data.kecamatan, point, true);
      return;
    }
    select(null);
    const detail = answer.data && answer.data.detail;
    const status = answer.status === 404 ? "outside" : "error";
    const fallback = gettext("The location could not be looked up. Please try again.");
    openInfo(point, WebSIG.messageContent(status, detail || fallback, point));
  }

  map.on("click", function (event) {
    // A feature of a sectoral layer drawn from vector tiles takes the click (its popup).
    if (window.WebSIGTiles && WebSIGTiles.openFeatureAt(map, event.latlng)) {
      return;
    }
    lookup(event.latlng);
  });

  /* Search ------------------------------------------------------------------ */

  function zoomToDesa(feature) {
    const layer = desaByKode.get(feature.properties.kode) || L.geoJSON(feature).getLayers()[0];
    const point = WebSIG.labelPoint(layer);
    lookupSequence++;
    clickMarker.remove();
    map.closePopup();
    let opened = false;
    function open() {
      if (!opened) {
        opened = true;
        showWilayah(feature.properties, null, point, false);
      }
    }
    map.once("moveend", open);
    map.fitBounds(layer.getBounds(), Object.assign({ maxZoom: 15 }, fitPadding()));
    setTimeout(open, 800); // when the view did not need to move
    if (narrowScreen.matches) {
      setPanelOpen(false);
    }
  }

  WebSIG.createSearch({
    input: document.getElementById("cari-desa"),
    list: document.getElementById("hasil-cari"),
    status: document.getElementById("status-cari"),
    apiUrl: api.desa,
    onSelect: zoomToDesa,
    profileLinks: true,
  });

  /* Panel on phones: legend and information fold away ----------------------- */

  const panel = document.getElementById("panel");
  const panelToggle = panel.querySelector(".panel__toggle");

  function setPanelOpen(open) {
    panel.classList.toggle("panel--terbuka", open);
    panelToggle.setAttribute("aria-expanded", open ? "true" : "false");
  }

  panelToggle.addEventListener("click", function () {
    setPanelOpen(panelToggle.getAttribute("aria-expanded") !== "true");
  });
})();

/* Names on the map: kecamatan names from zoom 10, desa/kelurahan names from
 * zoom 13. Names that would overlap a name already placed are hidden; the
 * larger area is placed first, so it keeps its name. */
(function () {
  "use strict";

  const { el } = window.WebSIG;
  const KECAMATAN_MIN_ZOOM = 10;
  const DESA_MIN_ZOOM = 13;
  const GAP_PX = 2;

  function byAreaDescending(a, b) {
    return b.area - a.area;
  }

  function declutter(labels, placed) {
    labels.forEach(function (entry) {
      const node = entry.tooltip.getElement();
      if (!node) {
        return;
      }
      node.classList.remove("label-tumpang");
      const box = node.getBoundingClientRect();
      const overlaps = placed.some(function (other) {
        return (
          box.left < other.right + GAP_PX &&
          box.right + GAP_PX > other.left &&
          box.top < other.bottom &&
          box.bottom > other.top
        );
      });
      if (overlaps) {
        node.classList.add("label-tumpang");
      } else {
        placed.push(box);
      }
    });
  }

  /* Labels of one map. add() puts a name at a point inside the polygon of a
   * layer; update() shows the names that fit the zoom and do not overlap. */
  function createLabels(map) {
    const container = map.getContainer();
    const lists = { kecamatan: [], desa: [] };

    function update() {
      const zoom = map.getZoom();
      const showDesa = zoom >= DESA_MIN_ZOOM;
      container.classList.toggle("label-desa-tampil", showDesa);
      container.classList.toggle("label-kecamatan-tampil", zoom >= KECAMATAN_MIN_ZOOM);
      const placed = [];
      declutter(lists.kecamatan, placed);
      if (showDesa) {
        declutter(lists.desa, placed);
      }
    }

    function add(kind, group, layer, props) {
      const tooltip = L.tooltip({
        permanent: true,
        direction: "center",
        interactive: false,
        className: "label-" + kind,
      })
        .setLatLng(WebSIG.labelPoint(layer))
        .setContent(el("span", null, props.nama));
      group.addLayer(tooltip);
      lists[kind].push({ tooltip: tooltip, area: props.luas_ukur_ha || 0 });
    }

    /* Call once every label is added. */
    function ready() {
      lists.kecamatan.sort(byAreaDescending);
      lists.desa.sort(byAreaDescending);
      update();
    }

    map.on("zoomend", update);
    update();
    return { add: add, ready: ready, update: update };
  }

  window.WebSIG.createLabels = createLabels;
})();

/* The history of one feature (/editor/<slug>/fitur/<id>/riwayat/): pick a
 * change, see the geometry and attributes before or after it on a small map,
 * and revert the feature to that state (or restore it after a deletion).
 *
 * A revert is a new, recorded change made through the API; the page then
 * reloads to show the history as the server has it. */
(function () {
  "use strict";

  const api = window.WebSIGEditorApi;
  const data = api && window.WebSIG.readJson("data-riwayat");
  const container = document.getElementById("peta-riwayat");
  if (!data || !container || !window.L) {
    return;
  }
  const { el } = window.WebSIG;
  const WL = window.WebSIGLayers;
  const FLASH_KEY = "websig-riwayat-pesan";
  const changes = new Map(data.changes.map((c) => [String(c.id), c]));
  const buttons = Array.from(document.querySelectorAll(".linimasa__tombol"));
  const stateButtons = Array.from(document.querySelectorAll(".pilih-keadaan button"));
  const revertButton = document.getElementById("tombol-kembalikan");
  const note = document.getElementById("catatan-kembalikan");
  const title = document.getElementById("judul-rinci");
  const messages = document.getElementById("riwayat-pesan");
  let selected = null;
  let state = "after";

  /* Map ------------------------------------------------------------------------------ */

  const map = window.WebSIG.createMap(container, { leaflet: { maxZoom: 20, zoomSnap: 1, scrollWheelZoom: false }, scale: false });
  window.websigRiwayatMap = map;
  const shapes = L.layerGroup().addTo(map);
  const desaLayer = L.geoJSON(null, { interactive: false, style: { color: "#55655f", weight: 1, dashArray: "4 4", fill: false } }).addTo(map);
  let desaLoaded = false;

  async function loadDesa(bounds) {
    if (desaLoaded || !bounds.isValid()) {
      return;
    }
    desaLoaded = true;
    const box = bounds.pad(2);
    const bbox = [box.getWest(), box.getSouth(), box.getEast(), box.getNorth()].map((v) => v.toFixed(6)).join(",");
    const answer = await WebSIG.fetchJson(WebSIG.config.api.desa + "?bbox=" + bbox);
    if (answer.ok && answer.data) {
      desaLayer.addData(answer.data);
    }
  }

  function drawState(snapshot, main) {
    if (!snapshot) {
      return null;
    }
    const symbol = WL.symbolFor(data.style, snapshot.properties);
    const style = main
      ? { color: symbol.color, weight: 3, opacity: 1, fillColor: symbol.color, fillOpacity: 0.35 }
      : { color: "#55655f", weight: 2, opacity: 0.9, dashArray: "6 5", fillOpacity: 0.05 };
    const layer = L.geoJSON(snapshot.geometry, {
      style: style,
      pointToLayer: function (_feature, latlng) {
        return main
          ? L.marker(latlng, { icon: WL.markerIcon(symbol), keyboard: false })
          : L.circleMarker(latlng, Object.assign({ radius: 12 }, style));
      },
    });
    layer.addTo(shapes);
    return layer;
  }

  function showGeometry(change) {
    shapes.clearLayers();
    const other = state === "after" ? change.before : change.after;
    const mine = state === "after" ? change.after : change.before;
    const drawnOther = drawState(other, false);
    const drawnMine = drawState(mine, true);
    const bounds = L.latLngBounds([]);
    [drawnOther, drawnMine].forEach(function (layer) {
      if (layer) {
        bounds.extend(layer.getBounds());
      }
    });
    if (bounds.isValid()) {
      map.fitBounds(bounds.pad(0.6), { maxZoom: 17, animate: false });
      loadDesa(bounds);
    }
    container.dataset.keadaan = state;
    container.dataset.ada = mine ? "1" : "0";
  }

  /* Attributes ------------------------------------------------------------------------ */

  function text(value) {
    if (value === null || value === undefined || value === "") {
      return "–";
    }
    if (typeof value === "boolean") {
      return value ? gettext("yes") : gettext("no");
    }
    return String(value);
  }

  function showAttributes(change) {
    const target = document.getElementById("atribut-riwayat");
    const mine = state === "after" ? change.after : change.before;
    const other = state === "after" ? change.before : change.after;
    if (!mine) {
      const absent = state === "before" ? gettext("The feature did not exist before this change.") : gettext("The feature did not exist after this change (it was deleted).");
      target.replaceChildren(el("p", "riwayat-kosong", absent));
      return;
    }
    const props = mine.properties || {};
    const otherProps = other ? other.properties || {} : {};
    // Schema order first, then anything else the stored states hold.
    const names = (data.attributes || []).slice();
    Object.keys(props)
      .concat(Object.keys(otherProps))
      .forEach(function (name) {
        if (!names.includes(name)) {
          names.push(name);
        }
      });
    const table = el("table", "tabel-atribut");
    const body = el("tbody");
    names.forEach(function (name) {
      const row = el("tr");
      const changed = other && text(props[name]) !== text(otherProps[name]);
      row.className = changed ? "berubah" : "";
      row.appendChild(el("th", null, name));
      const cell = el("td", null, text(props[name]));
      if (changed && state === "after") {
        cell.appendChild(el("span", "nilai-lama", text(otherProps[name])));
      }
      row.appendChild(cell);
      body.appendChild(row);
    });
    table.appendChild(body);
    target.replaceChildren(names.length ? table : el("p", "riwayat-kosong", gettext("No attributes.")));
  }

  /* Reverting ----------------------------------------------------------------------- */

  function isCurrent(change) {
    const revision = state === "after" ? change.revision_after : change.revision_before;
    return data.exists && revision !== null && revision === data.revision;
  }

  function showRevert(change) {
    if (!revertButton) {
      return;
    }
    const snapshot = state === "after" ? change.after : change.before;
    const label = revertButton.querySelector("span");
    revertButton.hidden = false;
    revertButton.disabled = false;
    note.textContent = "";
    if (!snapshot) {
      revertButton.hidden = true;
      note.textContent = state === "before" ? gettext("Before this change the feature did not exist.") : gettext("Show the state before the deletion to restore it.");
    } else if (isCurrent(change)) {
      revertButton.disabled = true;
      note.textContent = gettext("This is the current version of the feature.");
    } else {
      label.textContent = data.exists ? gettext("Revert to this version") : gettext("Restore the feature in this version");
      note.textContent = gettext("The revert is saved as a new change; nothing in the history is lost.");
    }
  }

  function flash(kind, message) {
    const box = el("div", "kotak-pesan" + (kind === "galat" ? " kotak-pesan--galat" : " kotak-pesan--sukses"));
    box.dataset.jenis = kind;
    box.appendChild(el("p", null, message));
    messages.replaceChildren(box);
  }

  async function revert(changeId, wanted) {
    const buttonsToLock = [revertButton, document.getElementById("tombol-pulihkan")].filter(Boolean);
    buttonsToLock.forEach((b) => (b.disabled = true));
    const answer = await api.request("POST", api.urlFor(data.api.revert, data.feature), {
      body: { change: changeId, state: wanted },
      version: data.exists ? data.revision : null,
    });
    if (answer.ok) {
      const message = answer.data && answer.data.deleted !== undefined
        ? gettext("The feature is deleted again, as in the chosen state.")
        : interpolate(gettext("The feature is back in the chosen state (now version %(n)s)."), { n: answer.data.version }, true);
      sessionStorage.setItem(FLASH_KEY, message);
      /* Without ?perubahan= the server selects the newest entry: the revert just
       * saved, i.e. the current state. Reloading the same address kept the entry
       * the user came from highlighted, as if nothing had happened. */
      const url = new URL(window.location.href);
      url.searchParams.delete("perubahan");
      url.hash = "";
      window.location.replace(url.toString());
      return;
    }
    buttonsToLock.forEach((b) => (b.disabled = false));
    const text = answer.status === 409 ? gettext("Someone else changed the feature meanwhile. Reload the page to see the newest history, then try again.") : api.errorText(answer);
    flash("galat", text);
  }

  /* Selection ------------------------------------------------------------------------- */

  function render() {
    if (!selected) {
      return;
    }
    const change = changes.get(selected);
    buttons.forEach((b) => b.setAttribute("aria-pressed", b.dataset.change === selected ? "true" : "false"));
    stateButtons.forEach(function (b) {
      b.setAttribute("aria-pressed", b.dataset.keadaan === state ? "true" : "false");
      b.disabled = !(b.dataset.keadaan === "after" ? change.after : change.before);
    });
    title.textContent = interpolate(gettext("%(action)s on %(time)s"), { action: change.action_label.charAt(0).toUpperCase() + change.action_label.slice(1), time: api.formatTime(change.time) }, true);
    showGeometry(change);
    showAttributes(change);
    showRevert(change);
  }

  function choose(id) {
    selected = String(id);
    const change = changes.get(selected);
    state = change.after ? "after" : "before";
    render();
  }

  buttons.forEach((b) => b.addEventListener("click", () => choose(b.dataset.change)));
  stateButtons.forEach(function (b) {
    b.addEventListener("click", function () {
      state = b.dataset.keadaan;
      render();
    });
  });
  if (revertButton) {
    revertButton.addEventListener("click", () => revert(Number(selected), state));
  }
  const restore = document.getElementById("tombol-pulihkan");
  if (restore) {
    restore.addEventListener("click", () => revert(Number(restore.dataset.change), "before"));
  }

  const pending = sessionStorage.getItem(FLASH_KEY);
  if (pending) {
    sessionStorage.removeItem(FLASH_KEY);
    flash("sukses", pending);
  }
  const pressed = buttons.find((b) => b.getAttribute("aria-pressed") === "true") || buttons[0];
  if (pressed) {
    choose(pressed.dataset.change);
  }
})();

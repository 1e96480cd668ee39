/* The feature editor (/editor/<slug>/): select, draw, change and delete
 * features of one layer, with conflict-safe saves and undo.
 *
 * Work is never thrown away by the page: a failed save (invalid geometry,
 * someone else's newer version, no connection) keeps the drawing on the map
 * and the values in the form. The map container reports its state for tests:
 * data-loaded (features drawn), data-state, data-selected, data-last-saved. */
(function () {
  "use strict";

  const api = window.WebSIGEditorApi;
  const layer = api && window.WebSIG.readJson("data-editor");
  const container = document.getElementById("peta-editor");
  if (!container || !layer || !window.L || !L.PM) {
    return;
  }
  const { el } = window.WebSIG;
  const E = WebSIGEditorMap.create(container, layer);
  const map = E.map;
  window.websigEditorMap = map;
  const form = WebSIGEditorForm.create(document.getElementById("atribut-isian"), layer.schema, layer.style);
  const ui = window.WebSIGEditorPanel.create(layer);

  const byId = new Map(); // feature id -> {feature, item}
  let current = null; // {id (null: new), feature, item, geometryChanged}
  let conflict = null; // {mine: {geometry, properties}, latest, ghost}
  const saved = []; // undo stack of this session: {id, change, action, time}
  let remembering = Promise.resolve(); // the history lookup of the last save
  let busy = false;

  /* Features on the map ------------------------------------------------------------ */

  // A name-like attribute labels a feature best; else the first text attribute.
  const labelFields = (layer.schema || [])
    .filter((field) => field.type === "string")
    .sort((a, b) => Number(/^(nama|name)/i.test(b.name)) - Number(/^(nama|name)/i.test(a.name)));

  function labelOf(feature) {
    const props = feature.properties || {};
    const named = labelFields.find(function (field) {
      return props[field.name];
    });
    return named ? String(props[named.name]) : interpolate(gettext("Feature #%(id)s"), { id: feature.id }, true);
  }

  function addFeature(feature) {
    const item = E.buildLayer(feature);
    item.bindTooltip(el("span", null, labelOf(feature)), { sticky: layer.geometry_kind !== "point", direction: "top" });
    item.on("click", function (event) {
      if (map.pm.globalDrawModeEnabled()) {
        return;
      }
      L.DomEvent.stopPropagation(event);
      select(feature.id);
    });
    item.addTo(E.features);
    byId.set(feature.id, { feature: feature, item: item });
    container.dataset.loaded = String(byId.size);
    ui.setCount(byId.size);
    return item;
  }

  function removeFeature(id) {
    const entry = byId.get(id);
    if (entry) {
      E.setEditing(entry.item, false);
      E.features.removeLayer(entry.item);
      byId.delete(id);
    }
    container.dataset.loaded = String(byId.size);
    ui.setCount(byId.size);
  }

  async function load() {
    container.dataset.state = "loading";
    const url = layer.api.features + "?version=" + layer.version + "&limit=1000";
    const answer = await api.loadAllFeatures(url, 50000);
    answer.features.forEach(addFeature);
    container.dataset.loaded = String(byId.size);
    container.dataset.state = "ready";
    if (!answer.ok) {
      ui.message("galat", api.errorText(answer));
    } else if (answer.truncated) {
      ui.message("peringatan", gettext("Only the first 50,000 features are shown."));
    }
  }

  /* Selection ---------------------------------------------------------------------- */

  function isDirty() {
    return Boolean(current && (current.id === null || current.geometryChanged || form.isDirty()));
  }

  function watch(item) {
    (item instanceof L.FeatureGroup ? item.getLayers() : [item]).forEach(function (part) {
      part.on("pm:edit pm:dragend", function () {
        if (current && current.item === item) {
          current.geometryChanged = true;
          container.dataset.state = "changed";
        }
      });
    });
  }

  function release() {
    if (!current) {
      return;
    }
    E.setEditing(current.item, false);
    E.setSelected(current.item, false);
    if (current.id === null) {
      map.removeLayer(current.item);
    }
    current = null;
    ui.showFeature(null);
    container.dataset.selected = "";
  }

  function begin(id, feature, item, geometryChanged) {
    current = { id: id, feature: feature, item: item, geometryChanged: geometryChanged };
    watch(item);
    E.setSelected(item, true);
    E.setEditing(item, true);
    form.setValues(feature ? feature.properties : {});
    ui.showFeature(feature, id === null);
    container.dataset.selected = id === null ? "new" : String(id);
    container.dataset.state = geometryChanged ? "changed" : "selected";
  }

  function select(id) {
    if (current && current.id === id) {
      return;
    }
    if (isDirty()) {
      ui.message("peringatan", gettext("Save or discard the changes of the open feature first."));
      return;
    }
    release();
    const entry = byId.get(id);
    if (entry) {
      begin(id, entry.feature, entry.item, false);
    }
  }

  /* Put a feature (as the server has it now) on the map, selected. */
  function showSaved(feature) {
    if (current && current.id === null) {
      E.setEditing(current.item, false);
      map.removeLayer(current.item);
      current = null;
    }
    release();
    removeFeature(feature.id);
    const item = addFeature(feature);
    begin(feature.id, feature, item, false);
  }

  map.on("click", function () {
    if (!map.pm.globalDrawModeEnabled() && current && !isDirty()) {
      release();
    }
  });

  map.on("pm:drawstart", function () {
    if (isDirty()) {
      map.pm.disableDraw();
      ui.message("peringatan", gettext("Save or discard the changes of the open feature first."));
      return;
    }
    release();
    container.dataset.state = "drawing";
  });

  map.on("pm:create", function (event) {
    begin(null, null, event.layer, true);
    ui.message("info", gettext("Fill in the attributes, then save. You can still move the vertices."));
    form.focusFirst();
  });

  /* Saving ------------------------------------------------------------------------- */

  function setBusy(on) {
    busy = on;
    ui.setBusy(on);
    container.dataset.state = on ? "saving" : container.dataset.state;
  }

  async function save() {
    if (!current || busy) {
      return;
    }
    const read = form.read();
    if (!read.ok) {
      ui.message("galat", gettext("Some attributes are not valid; see the marked fields."));
      form.showErrors(read.errors);
      return;
    }
    const body = { type: "Feature", geometry: E.geometryOf(current.item), properties: read.values };
    const isNew = current.id === null;
    E.clearMarks();
    setBusy(true);
    const answer = isNew
      ? await api.request("POST", layer.api.features, { body: body })
      : await api.request("PUT", api.urlFor(layer.api.feature, current.id), { body: body, version: current.feature.version });
    setBusy(false);
    if (answer.ok) {
      conflict = null;
      afterSave(answer.data, isNew ? "create" : "update");
    } else {
      failed(answer, body, isNew);
    }
  }

  function afterSave(feature, action) {
    showSaved(feature);
    container.dataset.state = "saved";
    container.dataset.lastSaved = String(feature.id);
    const text = interpolate(
      gettext("Feature #%(id)s saved (version %(n)s). Location: %(place)s."),
      { id: feature.id, n: feature.version, place: ui.placeOf(feature) },
      true
    );
    ui.message("sukses", text, [{ label: gettext("Undo"), run: undo }, { label: gettext("History"), href: api.urlFor(layer.api.history_page, feature.id) }]);
    remembering = remember(feature.id, action, feature.version);
  }

  /* The history entry the save created: newest first, matched by revision. */
  async function remember(id, action, revision) {
    const answer = await api.request("GET", api.urlFor(layer.api.history, id));
    const changes = answer.ok && answer.data ? answer.data.changes : [];
    const change = changes.find(function (c) {
      return action === "delete" ? c.action === "delete" : c.revision_after === revision;
    });
    if (change) {
      saved.push({ id: id, change: change.id, action: action, time: change.time });
      ui.setSession(saved);
    }
  }

  function failed(answer, body, isNew) {
    const data = answer.data || {};
    if (answer.status === 0) {
      ui.message("galat", api.errorText(answer), [{ label: gettext("Try saving again"), run: save, primary: true }]);
    } else if (answer.status === 400) {
      if (data.location) {
        E.showProblem(data.location, data.reason);
      }
      if (data.errors) {
        form.showErrors(data.errors);
      }
      ui.message("galat", api.errorText(answer));
    } else if (answer.status === 409 && data.current) {
      conflicted(data.current, { geometry: body.geometry, properties: body.properties });
    } else if (answer.status === 404 && !isNew) {
      ui.message("galat", gettext("Someone else deleted this feature meanwhile. Your drawing is still on the map."), [
        { label: gettext("Save as a new feature"), run: saveAsNew, primary: true },
      ]);
    } else {
      ui.message("galat", api.errorText(answer));
    }
  }

  function saveAsNew() {
    if (current) {
      byId.delete(current.id);
      current.id = null;
      current.feature = null;
      save();
    }
  }

  /* Someone else saved first: say who, keep the user's work dashed on the map. */
  async function conflicted(latest, mine) {
    const history = await api.request("GET", api.urlFor(layer.api.history, latest.id));
    const newest = history.ok && history.data && history.data.changes.length ? history.data.changes[0] : null;
    const who = newest && newest.user ? newest.user : gettext("another user");
    const when = newest ? api.formatTime(newest.time) : "–";
    if (conflict && conflict.ghost) {
      map.removeLayer(conflict.ghost);
    }
    conflict = { mine: mine, latest: latest, ghost: mine ? E.showDraft(mine.geometry) : null };
    container.dataset.state = "conflict";
    const text = interpolate(
      gettext("%(user)s saved this feature at %(time)s (now version %(n)s) while you were editing. Your change was not saved. It stays on the map, dashed, so nothing is lost."),
      { user: who, time: when, n: latest.version },
      true
    );
    ui.message("konflik", text, [{ label: gettext("Load the latest version"), run: loadLatest, primary: true }]);
  }

  function loadLatest() {
    if (!conflict) {
      return;
    }
    showSaved(conflict.latest);
    container.dataset.state = "conflict-loaded";
    if (!conflict.mine) {
      conflict = null;
      ui.message("info", gettext("The latest version is loaded."));
      return;
    }
    ui.message("peringatan", gettext("The latest version is loaded. Your change is still shown dashed: apply it on top of the latest version, or discard it."), [
      { label: gettext("Apply my change"), run: applyMine, primary: true },
      { label: gettext("Discard my change"), run: discardMine },
    ]);
  }

  function applyMine() {
    const mine = conflict.mine;
    const latest = conflict.latest;
    map.removeLayer(conflict.ghost);
    conflict = null;
    release();
    removeFeature(latest.id);
    const item = addFeature({ id: latest.id, version: latest.version, geometry: mine.geometry, properties: latest.properties });
    begin(latest.id, latest, item, true);
    form.setValues(mine.properties);
    ui.message("info", interpolate(gettext("Your change is applied to version %(n)s. Check it, then save."), { n: latest.version }, true));
  }

  function discardMine() {
    map.removeLayer(conflict.ghost);
    conflict = null;
    ui.message("info", gettext("Your change was discarded."));
  }

  /* Cancel, delete, undo ------------------------------------------------------------ */

  function cancel() {
    if (!current) {
      return;
    }
    E.clearMarks();
    if (current.id === null) {
      release();
      ui.message("info", gettext("The new feature was discarded."));
      return;
    }
    const entry = byId.get(current.id);
    current.geometryChanged = false;
    release();
    if (entry) {
      showSaved(entry.feature);
    }
    ui.message("info", gettext("Your unsaved changes were discarded."));
  }

  async function remove() {
    if (!current || current.id === null || busy) {
      return;
    }
    const id = current.id;
    setBusy(true);
    const url = api.urlFor(layer.api.feature, id) + "?version=" + current.feature.version;
    const answer = await api.request("DELETE", url, { version: current.feature.version });
    setBusy(false);
    if (!answer.ok) {
      if (answer.status === 409 && answer.data && answer.data.current) {
        conflicted(answer.data.current, null);
      } else {
        ui.message("galat", api.errorText(answer), answer.status === 0 ? [{ label: gettext("Try again"), run: remove, primary: true }] : []);
      }
      return;
    }
    current.geometryChanged = false;
    release();
    removeFeature(id);
    container.dataset.state = "deleted";
    saved.push({ id: id, change: answer.data.change, action: "delete", time: new Date().toISOString() });
    ui.setSession(saved);
    ui.message("sukses", interpolate(gettext("Feature #%(id)s deleted. It can be restored from its history."), { id: id }, true), [
      { label: gettext("Undo"), run: undo },
    ]);
  }

  async function undo() {
    await remembering;
    const last = saved[saved.length - 1];
    if (!last || busy) {
      return;
    }
    if (isDirty()) {
      ui.message("peringatan", gettext("Save or discard the changes of the open feature first."));
      return;
    }
    const entry = byId.get(last.id);
    setBusy(true);
    const answer = await api.request("POST", api.urlFor(layer.api.revert, last.id), {
      body: { change: last.change, state: "before" },
      version: entry ? entry.feature.version : null,
    });
    setBusy(false);
    if (answer.status === 0) {
      ui.message("galat", api.errorText(answer), [{ label: gettext("Try again"), run: undo, primary: true }]);
      return;
    }
    saved.pop();
    ui.setSession(saved);
    if (!answer.ok) {
      const text = answer.status === 409 ? gettext("This save cannot be undone: someone else changed the feature after it.") : api.errorText(answer);
      ui.message("galat", text, [{ label: gettext("History"), href: api.urlFor(layer.api.history_page, last.id) }]);
      return;
    }
    if (answer.data && answer.data.deleted !== undefined) {
      if (current && current.id === last.id) {
        release();
      }
      removeFeature(last.id);
      ui.message("sukses", interpolate(gettext("Undone: feature #%(id)s is removed again."), { id: last.id }, true));
    } else {
      showSaved(answer.data);
      ui.message("sukses", interpolate(gettext("Undone: feature #%(id)s is back as it was (now version %(n)s)."), { id: last.id, n: answer.data.version }, true));
    }
    container.dataset.state = "undone";
  }

  ui.bind({ save: save, cancel: cancel, remove: remove, undo: undo });

  /* The attribute table (tabel-atribut.js), built when first opened: a row
   * click zooms to the feature and selects it as a click on the map does. */
  const tableDrawer = document.getElementById("editor-tabel");
  if (tableDrawer && window.WebSIGAttributeTable) {
    let table = null;
    tableDrawer.addEventListener("toggle", function () {
      if (tableDrawer.open && !table) {
        table = window.WebSIGAttributeTable.create(document.getElementById("tabel-atribut-isi"), {
          api: layer.api.table,
          version: layer.version,
          schema: layer.schema,
          map: () => map,
          onSelect: (row) => select(row.id),
          outline: false,
        });
      }
    });
  }

  window.addEventListener("beforeunload", function (event) {
    if (isDirty() || conflict) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  load();
})();

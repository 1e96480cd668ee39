/* The side panel of the editor: the selected feature's heading and place,
 * messages with their action buttons, the session's saves (undo) and the
 * delete confirmation. The workflow lives in editor.js; this module only
 * writes the panel (always with textContent) and reports button presses. */
(function () {
  "use strict";

  const { el, formatNumber } = window.WebSIG;
  const api = window.WebSIGEditorApi;
  const ACTION_LABELS = {
    create: gettext("created"),
    update: gettext("changed"),
    delete: gettext("deleted"),
  };

  const narrowScreen = window.matchMedia("(max-width: 820px)");

  function byId(id) {
    return document.getElementById(id);
  }

  function create(layer) {
    const nodes = {
      hint: byId("editor-petunjuk"),
      section: byId("editor-fitur"),
      title: byId("fitur-judul"),
      meta: byId("fitur-meta"),
      place: byId("fitur-wilayah"),
      form: byId("form-atribut"),
      save: byId("tombol-simpan"),
      cancel: byId("tombol-batal"),
      remove: byId("tombol-hapus"),
      confirm: byId("konfirmasi-hapus"),
      confirmYes: byId("tombol-hapus-ya"),
      confirmNo: byId("tombol-hapus-tidak"),
      history: byId("tautan-riwayat"),
      message: byId("editor-pesan"),
      session: byId("editor-sesi"),
      sessionText: byId("sesi-teks"),
      undo: byId("tombol-urungkan"),
      count: byId("jumlah-fitur"),
    };
    const handlers = {};

    function placeOf(feature) {
      const props = feature.properties || {};
      if (!props._desa_nama) {
        return gettext("Outside every desa/kelurahan boundary");
      }
      return interpolate(gettext("Desa/kelurahan %(desa)s, Kecamatan %(kecamatan)s"), { desa: props._desa_nama, kecamatan: props._kecamatan_nama || "–" }, true);
    }

    function showFeature(feature, isNew) {
      const open = Boolean(feature) || isNew;
      nodes.section.hidden = !open;
      nodes.hint.hidden = open;
      nodes.confirm.hidden = true;
      if (!open) {
        return;
      }
      nodes.remove.parentNode.hidden = isNew;
      if (isNew) {
        nodes.title.textContent = gettext("New feature (not saved yet)");
        nodes.meta.textContent = gettext("Draw it completely, fill in the attributes and save.");
        nodes.place.textContent = gettext("The server assigns the desa/kelurahan and kecamatan when you save.");
        return;
      }
      nodes.title.textContent = interpolate(gettext("Feature #%(id)s"), { id: feature.id }, true);
      nodes.meta.textContent = interpolate(gettext("Version %(n)s of this feature · drag the vertices or the whole shape to change it"), { n: feature.version }, true);
      nodes.place.textContent = placeOf(feature);
      nodes.history.href = api.urlFor(layer.api.history_page, feature.id);
    }

    const KIND_CLASSES = {
      info: "",
      sukses: " kotak-pesan--sukses",
      galat: " kotak-pesan--galat",
      peringatan: " kotak-pesan--peringatan",
      konflik: " kotak-pesan--galat kotak-pesan--konflik",
    };

    function actionNode(action) {
      if (action.href) {
        const link = el("a", "tombol tombol--kecil tombol--garis", action.label);
        link.href = action.href;
        return link;
      }
      const button = el("button", "tombol tombol--kecil " + (action.primary ? "tombol--utama" : "tombol--garis"), action.label);
      button.type = "button";
      button.addEventListener("click", function () {
        action.run();
      });
      return button;
    }

    function message(kind, text, actions) {
      const box = el("div", "kotak-pesan editor-pesan__isi" + (KIND_CLASSES[kind] || ""));
      box.dataset.jenis = kind;
      box.appendChild(el("p", null, text));
      if (actions && actions.length) {
        const row = el("div", "editor-pesan__aksi");
        actions.forEach(function (action) {
          row.appendChild(actionNode(action));
        });
        box.appendChild(row);
      }
      const close = el("button", "editor-pesan__tutup", "×");
      close.type = "button";
      close.setAttribute("aria-label", gettext("Close"));
      close.addEventListener("click", function () {
        nodes.message.replaceChildren();
      });
      box.appendChild(close);
      nodes.message.replaceChildren(box);
      // On a phone the panel sits below the map: bring the answer into view.
      if (narrowScreen.matches) {
        box.scrollIntoView({ block: "nearest", behavior: "smooth" });
      }
    }

    function setSession(saved) {
      nodes.session.hidden = saved.length === 0;
      const last = saved[saved.length - 1];
      if (!last) {
        return;
      }
      nodes.sessionText.textContent = interpolate(
        gettext("Last save of this session: feature #%(id)s %(action)s at %(time)s."),
        { id: last.id, action: ACTION_LABELS[last.action] || last.action, time: api.formatTime(last.time) },
        true
      );
    }

    function setBusy(on) {
      [nodes.save, nodes.cancel, nodes.remove, nodes.confirmYes, nodes.undo].forEach(function (button) {
        button.disabled = on;
      });
      nodes.form.setAttribute("aria-busy", on ? "true" : "false");
      nodes.save.classList.toggle("tombol--sibuk", on);
    }

    function setCount(n) {
      nodes.count.textContent = formatNumber(n, 0);
    }

    function bind(actions) {
      Object.assign(handlers, actions);
    }

    nodes.form.addEventListener("submit", function (event) {
      event.preventDefault();
      handlers.save();
    });
    nodes.cancel.addEventListener("click", function () {
      handlers.cancel();
    });
    nodes.remove.addEventListener("click", function () {
      nodes.confirm.hidden = false;
      nodes.confirmYes.focus();
    });
    nodes.confirmNo.addEventListener("click", function () {
      nodes.confirm.hidden = true;
      nodes.remove.focus();
    });
    nodes.confirmYes.addEventListener("click", function () {
      nodes.confirm.hidden = true;
      handlers.remove();
    });
    nodes.undo.addEventListener("click", function () {
      handlers.undo();
    });

    return {
      placeOf: placeOf,
      showFeature: showFeature,
      message: message,
      setSession: setSession,
      setBusy: setBusy,
      setCount: setCount,
      bind: bind,
    };
  }

  window.WebSIGEditorPanel = { create: create };
})();

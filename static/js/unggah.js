/* The upload wizard (/unggah/): choose the OPD and the layer, send the file,
 * follow the import job (WebSIGProgress, every 500 ms), answer its questions (CRS,
 * layer or file inside the upload) and show the import report.
 *
 * File names, messages and answers from the server are written with
 * textContent only. */
(function () {
  "use strict";

  const form = document.getElementById("form-unggah");
  if (!form || !window.WebSIG || !window.WebSIGLayers || !window.WebSIGProgress) {
    return;
  }
  const { el, fetchJson, formatNumber, csrfToken } = window.WebSIG;
  const { sendJson, errorText } = window.WebSIGLayers;

  const POLL_MS = 500;
  const api = {
    upload: form.dataset.apiUpload,
    opd: form.dataset.apiOpd,
    layers: form.dataset.apiLayers,
    crs: form.dataset.apiCrs,
  };
  const maxBytes = Number(form.dataset.maxBytes) || 0;
  const fields = {
    opd: form.elements.opd,
    expected: form.elements.expected,
    layer: form.elements.layer,
    title: form.elements.title,
    theme: form.elements.theme,
    encoding: form.elements.encoding,
    file: form.elements.file,
  };
  const formError = document.getElementById("galat-form");
  const submitButton = document.getElementById("kirim");
  const proses = document.getElementById("proses");
  const bar = document.getElementById("progres");
  const statusText = document.getElementById("proses-status");
  const messageList = document.getElementById("proses-pesan");
  const questionBox = document.getElementById("pertanyaan");
  const resultBox = document.getElementById("hasil");
  const fileInfo = document.getElementById("proses-berkas");

  let expectedByOpd = new Map();
  let layersOfOpd = [];
  let prefilledTitle = "";
  const existingHint = document.getElementById("sudah-ada");

  function mode() {
    const checked = form.querySelector("input[name=mode]:checked");
    return checked ? checked.value : "baru";
  }

  function formatBytes(bytes) {
    if (bytes >= 1024 * 1024) {
      return formatNumber(bytes / (1024 * 1024), 1) + " MB";
    }
    return formatNumber(Math.max(1, Math.round(bytes / 1024)), 0) + " KB";
  }

  /* Choices that depend on the OPD -------------------------------------------- */

  function fillExpected() {
    const list = expectedByOpd.get(fields.opd.value) || [];
    const keep = fields.expected.value;
    fields.expected.replaceChildren(fields.expected.options[0] || el("option", null, ""));
    list.forEach(function (item) {
      const option = el("option", null, item.title);
      option.value = item.kode;
      option.dataset.theme = item.theme;
      fields.expected.appendChild(option);
    });
    fields.expected.value = list.some((item) => item.kode === keep) ? keep : "";
    fields.expected.disabled = list.length === 0;
  }

  async function fillLayers() {
    const wanted = form.dataset.targetLayer || fields.layer.value;
    const answer = await fetchJson(api.layers + "?opd=" + encodeURIComponent(fields.opd.value));
    const layers = answer.ok && Array.isArray(answer.data) ? answer.data : [];
    fields.layer.replaceChildren();
    layersOfOpd = layers;
    showExistingHint();
    layers.forEach(function (layer) {
      const version = layer.version ? " · v" + layer.version.number : "";
      const option = el("option", null, layer.title + version);
      option.value = layer.slug;
      fields.layer.appendChild(option);
    });
    if (layers.some((layer) => layer.slug === wanted)) {
      fields.layer.value = wanted;
    }
    form.dataset.targetLayer = "";
    document.getElementById("layer-kosong").hidden = layers.length > 0;
    fields.layer.disabled = layers.length === 0;
  }

  async function loadOpd() {
    const answer = await fetchJson(api.opd);
    if (answer.ok && answer.data && Array.isArray(answer.data.opd)) {
      expectedByOpd = new Map(answer.data.opd.map((opd) => [opd.kode, opd.expected_layers || []]));
    }
    fillExpected();
  }

  function showMode() {
    const current = mode();
    form.querySelectorAll("[data-mode]").forEach(function (node) {
      node.hidden = node.dataset.mode !== current;
    });
  }

  /* A catalogue layer that already has a layer: offer a new version of it. */
  function showExistingHint() {
    const kode = fields.expected.value;
    const existing = kode && mode() === "baru" && layersOfOpd.find((layer) => layer.expected === kode);
    existingHint.replaceChildren();
    existingHint.hidden = !existing;
    if (!existing) {
      return;
    }
    existingHint.appendChild(el("p", null, interpolate(
      gettext("The layer “%(title)s” already holds this catalogue entry. Upload the file as its new version instead?"),
      { title: existing.title },
      true
    )));
    const button = el("button", "tombol tombol--garis", gettext("Upload as a new version"));
    button.type = "button";
    button.addEventListener("click", function () {
      form.querySelector("input[name=mode][value=versi]").checked = true;
      fields.layer.value = existing.slug;
      showMode();
      showExistingHint();
      fields.layer.focus();
    });
    existingHint.appendChild(button);
  }

  fields.opd.addEventListener("change", function () {
    fillExpected();
    fillLayers();
  });
  form.querySelectorAll("input[name=mode]").forEach(function (radio) {
    radio.addEventListener("change", function () {
      showMode();
      showExistingHint();
    });
  });
  fields.expected.addEventListener("change", function () {
    showExistingHint();
    const option = fields.expected.selectedOptions[0];
    if (!option || !option.value) {
      return;
    }
    // Fill the title unless the user typed their own.
    if (!fields.title.value.trim() || fields.title.value === prefilledTitle) {
      fields.title.value = option.textContent;
      prefilledTitle = option.textContent;
    }
    if (option.dataset.theme) {
      fields.theme.value = option.dataset.theme;
    }
  });

  /* The file: chooser and drag-and-drop ------------------------------------------ */

  const dropZone = document.getElementById("jatuhkan");
  const fileName = document.getElementById("nama-berkas");

  function showChosenFile() {
    const file = fields.file.files[0];
    dropZone.classList.toggle("jatuhkan--terisi", Boolean(file));
    fileName.textContent = file ? file.name + " (" + formatBytes(file.size) + ")" : "";
  }

  fields.file.addEventListener("change", showChosenFile);
  ["dragenter", "dragover"].forEach(function (name) {
    dropZone.addEventListener(name, function (event) {
      event.preventDefault();
      dropZone.classList.add("jatuhkan--aktif");
    });
  });
  ["dragleave", "dragend", "drop"].forEach(function (name) {
    dropZone.addEventListener(name, function () {
      dropZone.classList.remove("jatuhkan--aktif");
    });
  });
  dropZone.addEventListener("drop", function (event) {
    event.preventDefault();
    if (event.dataTransfer && event.dataTransfer.files.length) {
      fields.file.files = event.dataTransfer.files;
      showChosenFile();
    }
  });

  /* Sending ------------------------------------------------------------------------- */

  function showFormError(message) {
    formError.replaceChildren(el("p", null, message));
    formError.hidden = !message;
    if (message) {
      formError.scrollIntoView({ block: "nearest" });
    }
  }

  function validate() {
    const file = fields.file.files[0];
    if (mode() === "versi" && !fields.layer.value) {
      return gettext("Choose the layer this file is a new version of.");
    }
    if (mode() === "baru" && !fields.title.value.trim()) {
      fields.title.focus();
      return gettext("Give the layer a title.");
    }
    if (!file) {
      return gettext("Choose the file to upload.");
    }
    if (maxBytes && file.size > maxBytes) {
      return interpolate(gettext("The file is %(size)s; the limit is %(max)s."), {
        size: formatBytes(file.size),
        max: formatBytes(maxBytes),
      }, true);
    }
    return "";
  }

  function formData() {
    const data = new FormData();
    data.append("file", fields.file.files[0]);
    data.append("opd", fields.opd.value);
    if (mode() === "versi") {
      data.append("layer", fields.layer.value);
    } else {
      data.append("title", fields.title.value.trim());
      data.append("theme", fields.theme.value);
      if (fields.expected.value) {
        data.append("expected", fields.expected.value);
      }
    }
    if (fields.encoding.value) {
      data.append("encoding", fields.encoding.value);
    }
    return data;
  }

  /* XMLHttpRequest rather than fetch: it reports upload progress, which
   * matters for a 200 MB file on a slow office connection. */
  function postUpload(data) {
    return new Promise(function (resolve) {
      const request = new XMLHttpRequest();
      request.open("POST", api.upload);
      request.setRequestHeader("X-CSRFToken", csrfToken());
      request.setRequestHeader("Accept", "application/json");
      request.upload.addEventListener("progress", function (event) {
        if (event.lengthComputable) {
          setProgress(Math.round((100 * event.loaded) / event.total), gettext("Uploading the file…"), true);
        }
      });
      request.addEventListener("load", function () {
        let body = null;
        try {
          body = JSON.parse(request.responseText);
        } catch (error) {
          body = null;
        }
        resolve({ ok: request.status >= 200 && request.status < 300, status: request.status, data: body });
      });
      request.addEventListener("error", function () {
        resolve({ ok: false, status: 0, data: null });
      });
      request.send(data);
    });
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    const problem = validate();
    showFormError(problem);
    if (problem) {
      return;
    }
    const file = fields.file.files[0];
    submitButton.disabled = true;
    startProcess(file);
    const answer = await postUpload(formData());
    submitButton.disabled = false;
    if (!answer.ok || !answer.data || !answer.data.url) {
      const fallback = answer.status === 413
        ? gettext("The file is too large for the server.")
        : gettext("The upload failed. Please try again.");
      showFailure([errorText(answer, fallback)], true);
      return;
    }
    follow(answer.data);
  });

  /* The job: progress, messages, questions, result ---------------------------------- */

  let currentJob = null;
  let following = null;

  function stopFollowing() {
    if (following) {
      following.stop();
      following = null;
    }
  }

  function startProcess(file) {
    form.hidden = true;
    messageList.hidden = false;
    proses.hidden = false;
    proses.classList.remove("proses--gagal", "proses--selesai");
    questionBox.hidden = true;
    resultBox.hidden = true;
    messageList.replaceChildren();
    const target = mode() === "versi"
      ? fields.layer.selectedOptions[0].textContent
      : fields.title.value.trim();
    fileInfo.replaceChildren(
      el("strong", null, file.name),
      document.createTextNode(" · " + formatBytes(file.size) + " → " + target)
    );
    setProgress(0, gettext("Uploading the file…"), true);
    proses.scrollIntoView({ block: "start", behavior: "smooth" });
  }

  function setProgress(percent, text, withPercent) {
    const value = window.WebSIGProgress.showBar(bar, percent);
    if (text) {
      statusText.textContent = withPercent ? text + " " + value + "%" : text;
    }
  }

  function showMessages(messages) {
    messageList.replaceChildren();
    (messages || []).forEach(function (message) {
      messageList.appendChild(el("li", null, message));
    });
  }

  const STATUS_TEXT = {
    pending: gettext("Waiting for the import to start…"),
    running: gettext("Importing…"),
    needs_input: gettext("Your answer is needed to go on."),
    succeeded: gettext("Import finished:"),
    failed: gettext("The import failed."),
  };

  function showJob(job) {
    currentJob = job;
    proses.dataset.status = job.status;
    const withPercent = ["pending", "running", "succeeded"].includes(job.status);
    setProgress(job.progress || 0, STATUS_TEXT[job.status] || job.status, withPercent);
    if (job.status === "failed") {
      showFailure(job.messages || [], false);
      return;
    }
    showMessages(job.messages);
    if (job.status === "needs_input") {
      askQuestion(job);
      return;
    }
    questionBox.hidden = true;
    if (job.status === "succeeded") {
      showResult(job);
    }
  }

  function follow(job) {
    stopFollowing();
    following = window.WebSIGProgress.follow({
      url: job.url,
      interval: POLL_MS,
      job: job,
      onJob: showJob,
      onRetry: function () {
        // A passing network or server hiccup: keep asking a little slower.
        statusText.textContent = gettext("Connection lost; trying again…");
      },
      onError: function (answer) {
        showFailure([errorText(answer)], false);
      },
    });
  }

  function showFailure(messages, beforeJob) {
    proses.dataset.status = "failed";
    proses.classList.add("proses--gagal");
    const list = messages.length ? messages : [gettext("The import failed.")];
    const last = list[list.length - 1];
    showMessages(list.slice(0, -1));
    statusText.textContent = beforeJob ? gettext("The file was not accepted.") : gettext("The import failed.");
    questionBox.hidden = true;
    const box = el("div", "kotak-pesan kotak-pesan--galat");
    box.setAttribute("role", "alert");
    box.appendChild(el("p", "hasil__galat", last));
    box.appendChild(el("p", null, gettext("Nothing was saved. Correct the file and upload it again.")));
    resultBox.replaceChildren(box, againButtons(true));
    resultBox.hidden = false;
  }

  function againButtons(keepFields) {
    const actions = el("div", "formulir__aksi");
    const again = el("button", "tombol tombol--garis", keepFields ? gettext("Try again with another file") : gettext("Upload another file"));
    again.type = "button";
    again.addEventListener("click", function () {
      stopFollowing();
      proses.hidden = true;
      form.hidden = false;
      fields.file.value = "";
      showChosenFile();
      if (!keepFields) {
        fields.title.value = "";
        fields.expected.value = "";
        prefilledTitle = "";
      }
      fields.file.focus();
      form.scrollIntoView({ block: "start" });
    });
    actions.appendChild(again);
    return actions;
  }

  /* Questions -------------------------------------------------------------------- */

  function radio(name, value, labelText, detail, checked) {
    const label = el("label", "pilihan");
    const input = el("input");
    input.type = "radio";
    input.name = name;
    input.value = value;
    input.checked = Boolean(checked);
    label.appendChild(input);
    const text = el("span", "pilihan__teks");
    text.appendChild(el("strong", null, labelText));
    if (detail) {
      text.appendChild(el("small", null, detail));
    }
    label.appendChild(text);
    return label;
  }

  function askQuestion(job) {
    const questions = job.questions || {};
    const key = ["crs", "layer", "file", "encoding"].find((name) => questions[name]) || Object.keys(questions)[0];
    if (!key || questionBox.dataset.job === job.id + ":" + key) {
      return; // already on screen: keep what the user has chosen
    }
    questionBox.dataset.job = job.id + ":" + key;
    const options = (questions[key] && questions[key].options) || [];
    const questionForm = el("form", "pertanyaan__form");
    const fieldset = el("fieldset");
    const legends = {
      crs: gettext("Which coordinate system does the file use?"),
      layer: gettext("Which layer of the file should be imported?"),
      file: gettext("Which file of the archive should be imported?"),
      encoding: gettext("Which character encoding do the attributes use?"),
    };
    fieldset.appendChild(el("legend", null, legends[key] || key));
    const group = el("div", "pilihan-daftar");
    group.setAttribute("role", "radiogroup");
    options.forEach(function (option, index) {
      if (option && typeof option === "object") {
        group.appendChild(radio(key, option.code, option.label || option.code, option.code, false));
      } else {
        group.appendChild(radio(key, String(option), String(option), null, index === 0 && key !== "crs"));
      }
    });
    fieldset.appendChild(group);
    if (key === "crs") {
      fieldset.appendChild(el("p", "isian__bantuan", gettext("Not sure? Files from GPS devices and web maps are usually WGS 84; planning data from BPN or a consultant is often UTM zone 48S or TM-3.")));
      fieldset.appendChild(crsSearch(group));
    }
    questionForm.appendChild(fieldset);
    const error = el("div", "kotak-pesan kotak-pesan--galat");
    error.setAttribute("role", "alert");
    error.hidden = true;
    questionForm.appendChild(error);
    const actions = el("div", "formulir__aksi");
    const submit = el("button", "tombol tombol--utama", gettext("Continue the import"));
    submit.type = "submit";
    actions.appendChild(submit);
    questionForm.appendChild(actions);
    questionForm.addEventListener("submit", async function (event) {
      event.preventDefault();
      const chosen = questionForm.querySelector("input[name='" + key + "']:checked");
      if (!chosen) {
        error.replaceChildren(el("p", null, gettext("Choose one of the options first.")));
        error.hidden = false;
        return;
      }
      submit.disabled = true;
      const body = {};
      body[key] = chosen.value;
      const answer = await sendJson(currentJob.url, body);
      submit.disabled = false;
      if (!answer.ok || !answer.data) {
        error.replaceChildren(el("p", null, errorText(answer)));
        error.hidden = false;
        return;
      }
      questionBox.dataset.job = "";
      questionBox.hidden = true;
      follow(answer.data);
    });
    questionBox.replaceChildren(questionForm);
    questionBox.hidden = false;
    const first = questionBox.querySelector("input");
    if (first) {
      first.focus({ preventScroll: true });
    }
  }

  /* A search box for any EPSG code or name; results become more radio buttons. */
  function crsSearch(commonGroup) {
    const wrapper = el("div", "crs-cari");
    const label = el("label", null, gettext("Another coordinate system: search by EPSG code or name"));
    label.htmlFor = "crs-cari";
    const input = el("input");
    input.type = "search";
    input.id = "crs-cari";
    input.autocomplete = "off";
    input.placeholder = gettext("e.g. 23830 or TM-3");
    const results = el("div", "pilihan-daftar crs-cari__hasil");
    results.setAttribute("role", "radiogroup");
    results.setAttribute("aria-label", gettext("Search results"));
    const status = el("p", "isian__bantuan");
    status.setAttribute("aria-live", "polite");
    wrapper.append(label, input, status, results);

    const common = new Set(Array.from(commonGroup.querySelectorAll("input")).map((node) => node.value));
    let timer = null;
    let sequence = 0;
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(search, 250);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        clearTimeout(timer);
        search();
      }
    });

    async function search() {
      const query = input.value.trim();
      const mine = ++sequence;
      if (!query) {
        results.replaceChildren();
        status.textContent = "";
        return;
      }
      status.textContent = gettext("Searching…");
      const answer = await fetchJson(api.crs + "?q=" + encodeURIComponent(query));
      if (mine !== sequence) {
        return;
      }
      const found = answer.ok && answer.data && Array.isArray(answer.data.results) ? answer.data.results : [];
      const checked = results.querySelector("input:checked");
      results.replaceChildren();
      found.filter((item) => !common.has(item.code)).forEach(function (item) {
        results.appendChild(radio("crs", item.code, item.label || item.code, item.code, checked && checked.value === item.code));
      });
      status.textContent = answer.ok
        ? found.length
          ? interpolate(gettext("%(count)s coordinate systems found."), { count: found.length }, true)
          : gettext("No coordinate system found.")
        : errorText(answer);
    }
    return wrapper;
  }

  /* Result: the import report and the way on ---------------------------------------- */

  async function showResult(job) {
    proses.classList.add("proses--selesai");
    // The report below repeats the notes of the log.
    messageList.hidden = true;
    if (!job.layer) {
      return;
    }
    const detailUrl = job.layer.url + "?version=" + encodeURIComponent(job.layer.version);
    const answer = await fetchJson(detailUrl);
    const version = answer.ok && answer.data ? answer.data.version : null;
    const layerPage = form.dataset.layerPage.replace("SLUG", encodeURIComponent(job.layer.slug)) + "?version=" + job.layer.version;

    const box = el("div", "laporan");
    box.appendChild(el("h3", null, gettext("Import report")));
    const summary = el("p", "laporan__ringkas");
    summary.appendChild(el("strong", null, job.layer.title));
    summary.appendChild(document.createTextNode(" · " + interpolate(gettext("version %(n)s"), { n: job.layer.version }, true) + " · "));
    summary.appendChild(WebSIGLayers.statusBadge(job.layer.status));
    box.appendChild(summary);
    if (version) {
      box.appendChild(reportList(version));
    }
    const actions = el("div", "formulir__aksi");
    const view = el("a", "tombol tombol--utama", gettext("View & submit for review"));
    view.href = layerPage;
    view.id = "lihat-layer";
    actions.appendChild(view);
    actions.appendChild(againButtons(false).firstChild);
    box.appendChild(actions);
    resultBox.replaceChildren(box);
    resultBox.hidden = false;
  }

  function reportList(version) {
    const report = version.report || {};
    const list = el("dl", "laporan__angka");
    function add(label, value, name) {
      if (value === undefined || value === null || value === "") {
        return;
      }
      const row = el("div");
      if (name) {
        row.dataset.laporan = name;
      }
      row.appendChild(el("dt", null, label));
      row.appendChild(el("dd", null, typeof value === "number" ? formatNumber(value, 0) : value));
      list.appendChild(row);
    }
    add(gettext("Features imported"), report.imported !== undefined ? report.imported : version.feature_count, "imported");
    add(gettext("Features read"), report.features_read, "read");
    add(gettext("Geometries repaired"), report.repaired || 0, "repaired");
    add(gettext("Refused (outside the kabupaten)"), report.outside_refused || 0, "outside");
    add(gettext("Skipped (no geometry)"), (report.empty_dropped || 0) + (report.empty_after_repair || 0), "empty");
    add(gettext("Without desa"), report.unassigned_desa || 0, "unassigned");
    add(gettext("Format"), report.format, "format");
    add(gettext("Coordinate system"), report.crs || version.source_crs, "crs");
    add(gettext("Attribute encoding"), report.encoding || version.source_encoding || gettext("not needed"), "encoding");
    const wrapper = el("div");
    wrapper.appendChild(list);
    const notes = Array.isArray(report.notes) ? report.notes : [];
    if (notes.length) {
      const noteList = el("ul", "laporan__catatan");
      notes.forEach(function (note) {
        noteList.appendChild(el("li", null, note));
      });
      wrapper.appendChild(noteList);
    }
    return wrapper;
  }

  /* Start ------------------------------------------------------------------------- */

  showMode();
  loadOpd();
  fillLayers();
})();

/* The hazard raster upload wizard (/banjir/unggah/): send the GeoTIFF, follow
 * the import job (WebSIGProgress), answer its CRS question, show the outcome.
 * Messages from the server are written with textContent only. */
(function () {
  "use strict";

  const form = document.getElementById("form-raster");
  if (!form || !window.WebSIG || !window.WebSIGProgress) {
    return;
  }
  const { el, csrfToken, readAnswer, errorText, sendJson } = window.WebSIG;
  const maxBytes = Number(form.dataset.maxBytes) || 0;
  const formError = document.getElementById("galat-form");
  const proses = document.getElementById("proses");
  const bar = document.getElementById("progres");
  const statusText = document.getElementById("proses-status");
  const messageList = document.getElementById("proses-pesan");
  const question = document.getElementById("pertanyaan");
  const result = document.getElementById("hasil");
  const fileName = document.getElementById("nama-berkas");
  let jobUrl = null;

  form.elements.file.addEventListener("change", function () {
    const file = form.elements.file.files[0];
    fileName.textContent = file ? file.name : "";
    if (file && !form.elements.title.value) {
      form.elements.title.value = file.name.replace(/\.[^.]+$/, "");
    }
  });

  function fail(text) {
    formError.textContent = text;
    formError.hidden = false;
  }

  function show(job) {
    WebSIGProgress.showBar(bar, job.progress, 3);
    statusText.textContent = job.message || "";
    messageList.replaceChildren(...(job.messages || []).slice(0, -1).map((m) => el("li", null, m)));
    question.hidden = job.status !== "needs_input";
    if (job.status === "succeeded" && job.raster) {
      result.replaceChildren(
        el("p", null, gettext("The raster is stored as a draft. Submit it to DTRB for review; once published it appears on the public map.")),
        el("p", null, interpolate(gettext("Raster id %(id)s, version %(version)s."), { id: job.raster.id, version: job.raster.version }, true))
      );
      result.hidden = false;
    }
    if (job.status === "failed") {
      result.replaceChildren(el("p", "kotak-pesan kotak-pesan--galat", job.message));
      result.hidden = false;
    }
  }

  function follow(job) {
    jobUrl = job.url;
    WebSIGProgress.follow({
      url: job.url,
      job: job,
      interval: 500,
      onJob: show,
      onError: (answer) => (statusText.textContent = errorText(answer)),
    });
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    formError.hidden = true;
    const file = form.elements.file.files[0];
    if (!file) {
      fail(gettext("Choose a GeoTIFF file first."));
      return;
    }
    if (maxBytes && file.size > maxBytes) {
      fail(gettext("The file is larger than the upload limit."));
      return;
    }
    let answer;
    try {
      const response = await fetch(form.dataset.apiUpload, {
        method: "POST",
        credentials: "same-origin",
        headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
        body: new FormData(form),
      });
      answer = await readAnswer(response);
    } catch (error) {
      answer = { ok: false, status: 0, data: null };
    }
    if (!answer.ok) {
      fail(errorText(answer));
      return;
    }
    proses.hidden = false;
    result.hidden = true;
    follow(answer.data);
  });

  question.addEventListener("submit", async function (event) {
    event.preventDefault();
    const answer = await sendJson(jobUrl, { crs: question.elements.crs.value });
    if (!answer.ok) {
      statusText.textContent = errorText(answer);
      return;
    }
    follow(answer.data);
  });
})();

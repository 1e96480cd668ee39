/* Talking to the feature API from the editor and the history pages.
 *
 * Every write carries the CSRF token of the session, the header
 * X-Websig-Source: editor (so the history records where a change came from)
 * and, for changes to an existing feature, If-Match with the revision the
 * user started from: the server answers 409 when someone else saved meanwhile. */
(function () {
  "use strict";

  /* One request; resolves to {ok, status, data}. status 0 means the server
   * could not be reached (offline, timeout): the caller keeps the user's work. */
  async function request(method, url, options) {
    options = options || {};
    const headers = { Accept: "application/json" };
    if (method !== "GET") {
      headers["X-CSRFToken"] = window.WebSIG.csrfToken();
      headers["X-Websig-Source"] = "editor";
    }
    if (options.body !== undefined) {
      headers["Content-Type"] = "application/json";
    }
    if (options.version !== undefined && options.version !== null) {
      headers["If-Match"] = '"' + options.version + '"';
    }
    let response;
    try {
      response = await fetch(url, {
        method: method,
        credentials: "same-origin",
        headers: headers,
        body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
      });
    } catch (error) {
      return { ok: false, status: 0, data: null };
    }
    return window.WebSIG.readAnswer(response);
  }

  /* Every page of a GeoJSON collection, following the "next" links. */
  async function loadAllFeatures(url, limit) {
    const features = [];
    let next = url;
    while (next && features.length < limit) {
      const answer = await request("GET", next);
      if (!answer.ok || !answer.data || !Array.isArray(answer.data.features)) {
        return { ok: false, status: answer.status, features: features };
      }
      Array.prototype.push.apply(features, answer.data.features);
      next = answer.data.next || null;
    }
    return { ok: true, status: 200, features: features, truncated: Boolean(next) };
  }

  /* The message of a failed answer, in the user's language. */
  function errorText(answer) {
    if (answer.status === 0) {
      return gettext("The server cannot be reached. Your work is kept on this page; try again when the connection is back.");
    }
    if (answer.data && typeof answer.data.detail === "string") {
      return answer.data.detail;
    }
    if (answer.status === 403) {
      return gettext("You do not have permission for this action.");
    }
    return interpolate(gettext("The server answered with an error (%(status)s). Please try again."), { status: answer.status }, true);
  }

  /* A URL pattern from the page with {id} filled in. */
  function urlFor(pattern, id) {
    return pattern.replace("{id}", encodeURIComponent(id));
  }

  const lang = document.documentElement.lang || "id";
  const dateFormat = new Intl.DateTimeFormat(lang.startsWith("id") ? "id-ID" : "en-GB", {
    day: "numeric",
    month: "short",
    year: "numeric",
  });

  /* "22 Nov 2026, 15:27": the date in the user's language, the time with a
   * colon as the pages rendered by the server write it. */
  function formatTime(iso) {
    const date = new Date(iso);
    if (isNaN(date.getTime())) {
      return String(iso || "");
    }
    const pad = (n) => String(n).padStart(2, "0");
    return dateFormat.format(date) + ", " + pad(date.getHours()) + ":" + pad(date.getMinutes());
  }

  function readJson(id) {
    const node = document.getElementById(id);
    if (!node) {
      return null;
    }
    try {
      return JSON.parse(node.textContent);
    } catch (error) {
      return null;
    }
  }

  window.WebSIGEditorApi = {
    request: request,
    loadAllFeatures: loadAllFeatures,
    errorText: errorText,
    urlFor: urlFor,
    formatTime: formatTime,
    readJson: readJson,
  };
})();

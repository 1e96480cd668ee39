/* Talking to the feature API from the editor and the history pages.
 *
 * Every write carries the CSRF token of the session, the header
 * X-Websig-Source: editor (so the history records where a change came from)
 * and, for changes to an existing feature, If-Match with the revision the
 * user started from: the server answers 409 when someone else saved meanwhile. */
(function () {
  "use strict";

  /* One request through WebSIG.request; resolves to {ok, status, data}.
   * options: body (JSON), version (the revision for If-Match). status 0 means
   * the server could not be reached: the caller keeps the user's work. */
  function request(method, url, options) {
    options = options || {};
    const headers = {};
    if (method !== "GET") {
      headers["X-Websig-Source"] = "editor";
    }
    if (options.version !== undefined && options.version !== null) {
      headers["If-Match"] = '"' + options.version + '"';
    }
    return window.WebSIG.request(method, url, { body: options.body, headers: headers });
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

  /* The message of a failed answer, in the user's language (WebSIG.errorText):
   * the server's detail alone, the reassurance that the work is kept when the
   * server cannot be reached, the status otherwise. */
  function errorText(answer) {
    return window.WebSIG.errorText(answer, statusText, {
      fields: false,
      offline: gettext("The server cannot be reached. Your work is kept on this page; try again when the connection is back."),
    });
  }

  function statusText(answer) {
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

  window.WebSIGEditorApi = {
    request: request,
    loadAllFeatures: loadAllFeatures,
    errorText: errorText,
    urlFor: urlFor,
    formatTime: formatTime,
  };
})();

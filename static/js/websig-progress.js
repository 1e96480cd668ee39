/* The one progress component of background jobs (an upload's import, a
 * compliance run): it polls a job's status URL and hands every answer to the
 * page, which words it. Every job answers the same members
 * (core.serializers.JobStatusSerializer): status, progress (0-100), message,
 * messages, questions. Needs websig.js (WebSIG.fetchJson). */
(function () {
  "use strict";

  // A job in one of these states changes only when the user acts again.
  const SETTLED = ["succeeded", "failed", "needs_input"];

  function percentOf(progress) {
    return Math.max(0, Math.min(100, Math.round(Number(progress) || 0)));
  }

  /* Show ``percent`` on a role="progressbar" element whose first child is the
   * filled part; ``minWidth`` (percent) keeps a just-started bar visible. */
  function showBar(bar, percent, minWidth) {
    const value = percentOf(percent);
    bar.setAttribute("aria-valuenow", String(value));
    bar.firstElementChild.style.width = Math.max(value, minWidth || 0) + "%";
    return value;
  }

  /* Follow a job until it is settled. Options:
   *   url       its status URL (GET answers the job);
   *   interval  milliseconds between requests;
   *   job       an answer already at hand (the POST that created the job),
   *             shown without a request;
   *   onJob(job)        every answer;
   *   onError(answer)   the status cannot be read: following stops;
   *   onRetry(answer)   if given, a network or server error (status 0 or 5xx)
   *                     is not an end: asked again four times slower.
   * Returns { stop() }. */
  function follow(options) {
    let timer = null;
    let stopped = false;

    function show(job) {
      options.onJob(job);
      if (!stopped && !SETTLED.includes(job.status)) {
        timer = window.setTimeout(poll, options.interval);
      }
    }

    async function poll() {
      let answer;
      try {
        answer = await window.WebSIG.fetchJson(options.url);
      } catch (error) {
        answer = { ok: false, status: 0, data: null };
      }
      if (stopped) {
        return;
      }
      if (answer.ok && answer.data) {
        show(answer.data);
      } else if (options.onRetry && (answer.status === 0 || answer.status >= 500)) {
        options.onRetry(answer);
        timer = window.setTimeout(poll, options.interval * 4);
      } else {
        options.onError(answer);
      }
    }

    if (options.job) {
      show(options.job);
    } else {
      poll();
    }
    return {
      stop() {
        stopped = true;
        window.clearTimeout(timer);
      },
    };
  }

  window.WebSIGProgress = { follow, showBar, percentOf };
})();

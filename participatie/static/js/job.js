// A slow job (a theme analysis, a report's PDF) runs in the background. Its waiting page holds
// <div id="job"> with data-status (the job's status JSON) while it runs, or data-download (the
// finished file). Show the progress and the time left, and reload the page once the job has
// ended: the page then shows what came of it. Without a script, the page's <noscript> refresh
// or its reload link does the same.
(function () {
  var job = document.getElementById("job");
  if (!job) return;
  if (job.dataset.download) {
    window.location.assign(job.dataset.download);
    return;
  }
  var url = job.dataset.status;
  if (!url || !window.fetch) return;
  var bar = job.querySelector("progress"), figure = job.querySelector(".progress-figure");
  var left = job.querySelector(".time-left");
  var timer = setInterval(function () {
    fetch(url, {credentials: "same-origin", headers: {Accept: "application/json"}})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (state) {
        if (!state) return;
        if (bar) bar.value = state.progress;
        if (figure) figure.textContent = state.progress + "%";
        if (left) left.textContent = state.time_left || "";
        if (state.status !== "queued" && state.status !== "running") {
          clearInterval(timer);
          window.location.reload();
        }
      })
      .catch(function () {});
  }, 2000);
})();

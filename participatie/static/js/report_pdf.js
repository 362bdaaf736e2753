// The report's PDF is made by a job: show its progress, and start the download when it is ready.
// Without a script, the page's <noscript> refresh does the same.
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
  var timer = setInterval(function () {
    fetch(url, {credentials: "same-origin", headers: {Accept: "application/json"}})
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (state) {
        if (!state) return;
        if (bar) bar.value = state.progress;
        if (figure) figure.textContent = state.progress + "%";
        if (state.status !== "queued" && state.status !== "running") {
          clearInterval(timer);
          window.location.reload();
        }
      })
      .catch(function () {});
  }, 2000);
})();

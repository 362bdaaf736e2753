// A theme analysis runs in the background: show its progress, and show the themes when done.
(function () {
  var job = document.getElementById("job");
  var url = job && job.dataset.status;
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

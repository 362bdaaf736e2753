// The live dialogue screen: fetch the new compass every few seconds, keep the page as it is
// when the network hiccups (the last compass stays up), never reload the whole page.
(function () {
  var body = document.body, target = document.getElementById("live");
  var url = body.dataset.refresh, seconds = Number(body.dataset.seconds || 5);
  if (!url || !target || !window.fetch) return;
  setInterval(function () {
    fetch(url, {credentials: "same-origin", headers: {Accept: "text/html"}})
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) { if (html) target.innerHTML = html; })
      .catch(function () {});
  }, seconds * 1000);
})();

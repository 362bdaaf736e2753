// Recording voices in the browser: MediaRecorder (WebM/Opus in Chromium, MP4/AAC on an iPad),
// listen back, record again, save through the same form that uploads a file without this script.
(function () {
  "use strict";
  var status = document.querySelector(".voice-status");
  if (!window.MediaRecorder || !navigator.mediaDevices) {
    if (status) { status.textContent = status.dataset.noMicrophone; }
    return;
  }
  var types = ["audio/webm;codecs=opus", "audio/mp4", "audio/ogg;codecs=opus", "audio/webm"];
  var type = types.filter(function (t) { return MediaRecorder.isTypeSupported(t); })[0] || "";
  document.querySelectorAll(".voice-text").forEach(function (item) {
    var box = item.querySelector(".recorder"), form = item.querySelector("form.upload");
    var record = box.querySelector(".record"), stop = box.querySelector(".stop-recording");
    var take = box.querySelector(".take"), save = box.querySelector(".save-take");
    var recorder = null, chunks = [], blob = null;
    box.hidden = false;
    record.addEventListener("click", function () {
      navigator.mediaDevices.getUserMedia({audio: true}).then(function (stream) {
        chunks = [];
        recorder = new MediaRecorder(stream, type ? {mimeType: type} : {});
        recorder.ondataavailable = function (e) { if (e.data.size) { chunks.push(e.data); } };
        recorder.onstop = function () {
          stream.getTracks().forEach(function (t) { t.stop(); });
          blob = new Blob(chunks, {type: recorder.mimeType});
          take.src = URL.createObjectURL(blob);
          take.hidden = false;
          save.disabled = false;
          record.disabled = false;
        };
        recorder.start();
        record.disabled = true;
        stop.disabled = false;
      }, function () { status.textContent = status.dataset.noMicrophone; });
    });
    stop.addEventListener("click", function () {
      if (recorder && recorder.state === "recording") { recorder.stop(); }
      stop.disabled = true;
    });
    save.addEventListener("click", function () {
      var data = new FormData(form);
      data.set("file", blob, "voice");
      save.disabled = true;
      fetch(form.action, {method: "POST", body: data, headers: {"Accept": "application/json"}})
        .then(function (r) { return r.json().then(function (j) { return [r.ok, j]; }); })
        .then(function (result) {
          status.textContent = result[0] ? status.dataset.saved : result[1].error;
          item.classList.toggle("saved", result[0]);
          if (!result[0]) { save.disabled = false; }
        });
    });
  });
})();

// The family pages work without this file. With it: read-aloud buttons, a kiosk that returns
// to the start after a while without a tap, and a send button that cannot be pressed twice.
(function () {
  "use strict";
  var body = document.body;
  var lang = document.documentElement.lang;

  function status(text) {
    var box = document.querySelector(".speak-status");
    if (!box) { return; }
    box.textContent = text;
    box.hidden = false;
  }

  function say(button) {
    var audio = button.getAttribute("data-audio");
    if (audio) {
      new Audio(audio).play().catch(function () { status(body.dataset.speakMissing); });
      return;
    }
    if (!("speechSynthesis" in window)) { status(body.dataset.speakMissing); return; }
    var voices = window.speechSynthesis.getVoices();
    var fits = voices.some(function (v) { return v.lang.toLowerCase().indexOf(lang) === 0; });
    if (voices.length && !fits) { status(body.dataset.speakMissing); return; }
    var utterance = new SpeechSynthesisUtterance(button.getAttribute("data-say"));
    utterance.lang = lang;
    utterance.onerror = function () { status(body.dataset.speakMissing); };
    window.speechSynthesis.cancel();
    window.speechSynthesis.speak(utterance);
  }

  document.querySelectorAll(".speak").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { say(button); });
  });

  document.querySelectorAll("[data-once]").forEach(function (button) {
    button.form.addEventListener("submit", function () {
      window.setTimeout(function () { button.disabled = true; }, 0);
    });
  });

  // A tablet prepared for offline use answers on the one-page form, which works offline.
  if (navigator.serviceWorker && navigator.serviceWorker.controller) {
    document.querySelectorAll("a.card.language[hreflang]").forEach(function (link) {
      if (link.href.indexOf("?") >= 0) { return; }  // a staff preview walks the real screens
      link.href = link.href.replace(/\/?(\?.*)?$/, "/all");
    });
  }

  // Kiosk: leave no trace in the browser, and go back to the start when left alone.
  var restart = body.dataset.restart;
  if (!restart) { return; }
  try { window.sessionStorage.clear(); window.localStorage.clear(); } catch (e) { /* private mode */ }
  // The server forgets the family's answers first; then the language choice. Without a
  // connection the screen is cleared at once (the next family sees nothing of the last one)
  // and the tablet goes back to the start as soon as the server answers again. A tablet
  // prepared for offline use navigates as before: its service worker has the start page.
  var retry = null;
  function cleared() {
    if (body.dataset.cleared) { return; }
    body.dataset.cleared = "1";
    var main = document.querySelector("main");
    var box = document.createElement("div"), note = document.createElement("h1");
    note.textContent = body.dataset.waiting;
    box.setAttribute("role", "status");
    box.appendChild(note);
    while (main.firstChild) { main.removeChild(main.firstChild); }
    main.appendChild(box);
  }
  function reset() {
    window.clearTimeout(retry);
    retry = null;
    if (!window.fetch || (navigator.serviceWorker && navigator.serviceWorker.controller)) {
      window.location.replace(restart);
      return;
    }
    fetch(restart, {credentials: "same-origin", cache: "no-store"}).then(function (answer) {
      window.location.replace(answer.url);  // whatever the server said (a closed link too)
    }, function () {  // no answer at all: no connection
      cleared();
      if (retry === null) { retry = window.setTimeout(reset, 5000); }
    });
  }
  window.addEventListener("online", function () { if (body.dataset.cleared) { reset(); } });
  var wait = Number(body.dataset.thanks || body.dataset.idle) * 1000;
  var timer = window.setTimeout(reset, wait);
  if (body.dataset.thanks) { return; }
  ["pointerdown", "keydown", "input", "scroll"].forEach(function (name) {
    document.addEventListener(name, function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(reset, wait);
    }, { passive: true });
  });
})();

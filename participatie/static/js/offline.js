// Offline tablets. The one-page form (/s/<code>/<lang>/all) shows one screen at a time, asks
// what show_if says, checks what the definition requires, and puts a finished response in
// IndexedDB under its UUID. The queue is sent through POST /api/v1/responses (the same UUID is
// stored once) with backoff; an answer leaves the tablet only after 201 or 200, and 404, 409,
// 410 and 422 are set aside for staff, never dropped. The staff page prepares the tablet.
(function () {
  "use strict";
  var body = document.body, data = body.dataset;
  var ASIDE = [404, 409, 410, 422];
  var hook = window.participatieOffline = {now: function () { return Date.now(); }};

  // --- the queue, in IndexedDB ---------------------------------------------------------------
  var opened = null;
  function db() {
    opened = opened || new Promise(function (resolve, reject) {
      var request = indexedDB.open("participatie-offline", 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore("queue", {keyPath: "id"});
        request.result.createObjectStore("meta", {keyPath: "key"});
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
    return opened;
  }
  function store(name, mode, work) {
    return db().then(function (base) {
      return new Promise(function (resolve, reject) {
        var tx = base.transaction(name, mode), result = work(tx.objectStore(name));
        tx.oncomplete = function () { resolve(result && result.result); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  }
  function all() { return store("queue", "readonly", function (s) { return s.getAll(); }); }
  function put(item) { return store("queue", "readwrite", function (s) { s.put(item); }); }
  function remove(id) { return store("queue", "readwrite", function (s) { s["delete"](id); }); }
  function meta(key, value) {
    if (value === undefined) {
      return store("meta", "readonly", function (s) { return s.get(key); }).then(function (row) {
        return row && row.value;
      });
    }
    return store("meta", "readwrite", function (s) { s.put({key: key, value: value}); });
  }

  // --- sending, with backoff ---------------------------------------------------------------
  var running = null, timer = null;
  function backoff(tries) { return Math.min(5000 * Math.pow(2, tries - 1), 300000); }
  function send(item) {
    return fetch(data.api || "/api/v1/responses", {
      method: "POST", credentials: "omit", body: JSON.stringify(item.body),
      headers: {"Content-Type": "application/json", "Accept": "application/json"}
    }).then(function (response) {
      if (response.status === 201 || response.status === 200) {
        return remove(item.id).then(function () { return meta("lastSend", hook.now()); });
      }
      if (ASIDE.indexOf(response.status) < 0) { throw new Error("HTTP " + response.status); }
      return response.json().catch(function () { return {}; }).then(function (reply) {
        item.state = "aside";
        item.status = response.status;
        item.message = reply.message || Object.keys(reply.errors || {}).map(function (key) {
          return key + ": " + reply.errors[key];
        }).join("; ");
        return put(item);
      });
    }).catch(function () {  // no connection, a server error: try again later
      item.tries = (item.tries || 0) + 1;
      item.next = hook.now() + backoff(item.tries);
      return put(item).then(function () { return false; });
    });
  }
  function sync(force) {
    if (running) { return running; }
    running = all().then(function (items) {
      var due = items.filter(function (item) {
        return item.state === "waiting" && (force || !item.next || item.next <= hook.now());
      });
      return due.reduce(function (chain, item) {
        return chain.then(function (ok) { return ok === false && !force ? false : send(item); });
      }, Promise.resolve());
    }).catch(function () { /* storage unavailable: nothing to send */ }).then(function () {
      running = null;
      return show().then(plan);
    });
    return running;
  }
  function plan() {
    window.clearTimeout(timer);
    return all().then(function (items) {
      var next = items.filter(function (i) { return i.state === "waiting"; })
        .map(function (i) { return i.next || 0; });
      if (next.length) {
        var wait = Math.max(1000, Math.min.apply(null, next) - hook.now());
        timer = window.setTimeout(sync, wait);
      }
    });
  }
  function show() {
    return Promise.all([all(), meta("lastSend")]).then(function (found) {
      var items = found[0], waiting = items.filter(function (i) { return i.state === "waiting"; });
      document.querySelectorAll(".waiting-count").forEach(function (el) {
        el.textContent = String(waiting.length);
      });
      document.querySelectorAll(".aside-count").forEach(function (el) {
        el.textContent = String(items.length - waiting.length);
      });
      if (found[1]) {
        var when = new Date(found[1]).toLocaleString(document.documentElement.lang);
        document.querySelectorAll(".last-send-time").forEach(function (el) { el.textContent = when; });
      }
      var list = document.querySelector(".aside-list");
      if (list) {
        list.textContent = "";
        items.filter(function (i) { return i.state === "aside"; }).forEach(function (item) {
          var row = document.createElement("li");
          row.textContent = item.status + " · " + item.id.slice(0, 8) + " · " + (item.message || "");
          list.appendChild(row);
        });
      }
    }).catch(function () {});
  }
  function saveFile() {
    all().then(function (items) {
      var file = {format: "participatie-responses", version: 1,
                  responses: items.map(function (item) { return item.body; })};
      var link = document.createElement("a");
      link.href = URL.createObjectURL(new Blob([JSON.stringify(file)], {type: "application/json"}));
      link.download = "participatie-answers-" + new Date(hook.now()).toISOString().slice(0, 10) + ".json";
      document.body.appendChild(link);
      link.click();
      link.remove();
    });
  }
  hook.sync = sync;
  hook.queue = all;
  hook.backoff = backoff;
  document.querySelectorAll(".send-now").forEach(function (button) {
    button.addEventListener("click", function () { sync(true); });
  });
  document.querySelectorAll(".save-file").forEach(function (button) {
    button.addEventListener("click", saveFile);
  });
  window.addEventListener("online", function () { sync(true); });
  if (navigator.storage && navigator.storage.persist) { navigator.storage.persist(); }

  // --- the tablet's service worker ---------------------------------------------------------
  function prepare() {
    if (!("serviceWorker" in navigator)) { return Promise.reject(new Error("no service worker")); }
    return navigator.serviceWorker.register(data.sw, {scope: data.scope}).then(function (reg) {
      var worker = reg.installing || reg.waiting || reg.active;
      if (worker.state === "activated") { return reg; }
      return new Promise(function (resolve, reject) {
        worker.addEventListener("statechange", function () {
          if (worker.state === "activated") { resolve(reg); }
          if (worker.state === "redundant") { reject(new Error("install failed")); }
        });
      });
    });
  }
  hook.prepare = prepare;
  var ready = document.querySelector(".prepare");
  if (ready) {
    ready.addEventListener("click", function () {
      var status = document.querySelector(".prepare-status");
      status.textContent = status.dataset.busy;
      prepare().then(function () { status.textContent = status.dataset.ready; },
                     function () { status.textContent = status.dataset.failed; });
    });
  }

  // --- the one-page form -------------------------------------------------------------------
  var form = document.getElementById("answers");
  if (!form) { show().then(plan); return; }
  prepare().catch(function () {});
  var definition = null, questions = [], current = null, resumeAt = null, startedAt = null;
  fetch(data.definition).then(function (r) { return r.json(); }).then(function (found) {
    definition = found;
    hook.ready = true;
  });

  function flat(def) {
    var list = [];
    def.sections.forEach(function (section) {
      section.questions.forEach(function (q) {
        list.push(q);
        (q.comments || []).forEach(function (c) { list.push(Object.assign({owner: q.key}, c)); });
      });
    });
    return list;
  }
  function comparable(v) { return typeof v === "boolean" ? Number(v) : v; }
  function holds(condition, answer) {
    if (answer === undefined || answer === null) { return false; }
    var wanted = condition.any_of || [condition.equals];
    var given = Array.isArray(answer) ? answer : [answer];
    return given.some(function (v) {
      return wanted.some(function (w) { return comparable(v) === comparable(w); });
    });
  }
  function empty(v) {
    return v === undefined || v === null || (Array.isArray(v) && !v.length) ||
      (typeof v === "string" && !v.trim());
  }
  function integer(v) { return typeof v === "number" && isFinite(v) && Math.floor(v) === v; }
  function clean(q, v) {  // the cleaned value, or undefined when the question cannot take it
    var keys = (q.options || []).map(function (o) { return o.key; });
    switch (q.type) {
      case "single_choice": return keys.indexOf(v) >= 0 ? v : undefined;
      case "multiple_choice":
        if (!Array.isArray(v) || v.some(function (x) { return keys.indexOf(x) < 0; })) { return undefined; }
        var chosen = keys.filter(function (k) { return v.indexOf(k) >= 0; });
        return q.max_choices && chosen.length > q.max_choices ? undefined : chosen;
      case "smiley": return integer(v) && v >= 1 && v <= (q.faces || 5) ? v : undefined;
      case "scale": return integer(v) && v >= 1 && v <= (q.points || 7) ? v : undefined;
      case "yes_no": return typeof v === "boolean" ? v : undefined;
      case "number":
        if (typeof v !== "number" || !isFinite(v) || (q.integer !== false && !integer(v))) { return undefined; }
        return v >= q.min && v <= q.max ? v : undefined;
      case "open_text":
        if (typeof v !== "string") { return undefined; }
        var text = v.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, "").trim();  // eslint-disable-line no-control-regex
        return text.length <= (q.max_length || 500) ? text : undefined;
    }
    return undefined;
  }
  // What the server's clean_answers() and Questionnaire.screens() say, for the same answers.
  function evaluate(def, raw) {
    var answers = {}, errors = {}, list = flat(def), byKey = {};
    list.forEach(function (q) { byKey[q.key] = q; });
    function visible(q) {
      var owner = q.owner ? byKey[q.owner] : q;
      return !owner.show_if || holds(owner.show_if, answers[owner.show_if.question]);
    }
    list.forEach(function (q) {
      if (!visible(q)) { return; }
      var value = raw[q.key];
      if (empty(value)) {
        if (q.required !== false) { errors[q.key] = "required"; }
        return;
      }
      var cleaned = clean(q, value);
      if (cleaned === undefined) { errors[q.key] = "invalid"; } else { answers[q.key] = cleaned; }
    });
    var screens = [];
    def.sections.forEach(function (s) {
      s.questions.forEach(function (q) { if (visible(q)) { screens.push(q.key); } });
    });
    return {answers: answers, errors: errors, screens: screens};
  }
  hook.evaluate = evaluate;

  function read(q) {
    var fields = form.querySelectorAll('[name="' + q.key + '"]');
    if (q.type === "open_text") { return fields.length ? fields[0].value : null; }
    if (q.type === "number") {
      var typed = fields[0].value.trim().replace(/[\u0660-\u0669\u06f0-\u06f9]/g, function (d) {
        return String(d.charCodeAt(0) & 15);  // the digits of an Arabic keyboard: ٣ is 3
      }).replace("\u066b", ".").replace(",", ".");
      if (!typed) { return null; }
      return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(typed) ? Number(typed) : typed;
    }
    var values = Array.prototype.filter.call(fields, function (f) { return f.checked; })
      .map(function (f) {
        if (q.type === "yes_no") { return {yes: true, no: false}[f.value]; }
        return q.type === "smiley" || q.type === "scale" ? Number(f.value) : f.value;
      });
    return q.type === "multiple_choice" ? values : (values.length ? values[0] : null);
  }
  function raw() {
    var found = {};
    flat(definition).forEach(function (q) { found[q.key] = read(q); });
    return found;
  }
  function part(name, key) {
    return document.querySelector(key ? '[data-key="' + key + '"]' : '[data-part="' + name + '"]');
  }
  function go(section) {
    document.querySelectorAll(".part").forEach(function (p) { p.hidden = p !== section; });
    current = section;
    var key = section.dataset.key;
    if (key) {
      var screens = evaluate(definition, raw()).screens, position = screens.indexOf(key) + 1;
      section.querySelector(".position").textContent = data.progress
        .replace("{n}", position).replace("{total}", screens.length);
      var bar = section.querySelector("progress");
      bar.max = screens.length;
      bar.value = position;
    }
    window.scrollTo(0, 0);
    var heading = section.querySelector("h1");
    if (heading) { heading.tabIndex = -1; heading.focus(); }
  }
  function neighbour(key, step) {
    var screens = evaluate(definition, raw()).screens, index = screens.indexOf(key) + step;
    if (index < 0) { return part("start"); }
    return index >= screens.length ? part("send") : part(null, screens[index]);
  }
  function check(section) {
    var key = section.dataset.key, result = evaluate(definition, raw());
    var box = section.querySelector("[id$='-check']");
    var keys = [key].concat(flat(definition).filter(function (q) { return q.owner === key; })
      .map(function (q) { return q.key; }));
    var failed = keys.filter(function (k) { return result.errors[k]; })[0];
    if (!failed) { box.hidden = true; box.className = "check"; return true; }
    var q = flat(definition).filter(function (x) { return x.key === failed; })[0];
    box.textContent = result.errors[failed] === "required" ? data.required :
      (q.type === "number" ? data.number : data.required);
    box.hidden = false;
    box.className = "check error";  // .error shows itself (display: flex): only when needed
    return false;
  }
  function uuid() {
    if (crypto.randomUUID) { return crypto.randomUUID(); }
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return [h.slice(0, 8), h.slice(8, 12), h.slice(12, 16), h.slice(16, 20), h.slice(20)].join("-");
  }
  var finishing = false;  // one response per walk, however fast "send" is tapped twice
  function finish() {
    if (finishing) { return; }
    finishing = true;
    var id = uuid(), finished = new Date(hook.now()).toISOString();
    var response = {id: id, link: data.link, language: document.documentElement.lang,
                    questionnaire_version: Number(data.version), answers: evaluate(definition, raw()).answers,
                    started_at: startedAt, finished_at: finished};
    return put({id: id, state: "waiting", tries: 0, next: 0, body: response}).then(function () {
      go(part("thanks"));
      sync();
    }, function (error) { finishing = false; throw error; });  // not kept: "send" may be tapped again
  }
  function again() {
    finishing = false;
    form.reset();
    form.querySelectorAll("[id$='-check']").forEach(function (box) {
      box.hidden = true;
      box.className = "check";
    });
    startedAt = null;
    go(part("start"));
    show();
  }
  var actions = {
    start: function () { startedAt = new Date(hook.now()).toISOString(); go(neighbour(null, 1)); },
    next: function () { if (check(current)) { go(neighbour(current.dataset.key, 1)); } },
    back: function () {
      go(current.dataset.part === "send" ? lastScreen() : neighbour(current.dataset.key, -1));
    },
    stop: function () { resumeAt = current; go(part("stop")); },
    resume: function () { go(resumeAt || part("start")); },
    finish: function () { finish(); },
    again: again
  };
  function lastScreen() {
    var screens = evaluate(definition, raw()).screens;
    return part(null, screens[screens.length - 1]);
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-go]");
    if (!button || !definition) { return; }
    actions[button.dataset.go]();
  });
  show().then(function () { return sync(); });
})();

// The service worker of one link: it keeps the link's pages, their pictograms, styles, scripts
// and audio, so that a tablet can take answers with no connection. Pages come from the network
// when it answers (fresh, as the server renders them) and from the cache when it does not.
"use strict";
var CACHE = "{{ cache }}";
var PREFIX = "{{ prefix }}";
var PAGES = {{ pages }};
var SCOPE = "{{ scope }}";
// The staff page is kept for as long as a staff login lasts, not longer: a tablet handed on
// offline must not open it for anyone ("save to a file" holds the answers waiting on it).
var STAFF_PAGE = SCOPE + "/offline", STAFF_MS = {{ staff_hours }} * 3600 * 1000;
var STAFF_STAMP = STAFF_PAGE + "?cached-at";
var ASSET = /(?:src|href|data-audio)="(\/(?:static|pictograms|audio|voices)\/[^"?#]+)"/g;

function assetsOf(html) {
  var found = {}, match;
  while ((match = ASSET.exec(html)) !== null) { found[match[1]] = true; }
  return Object.keys(found);
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(PAGES.map(function (url) {
      return fetch(url, {credentials: "omit"}).then(function (response) {
        if (!response.ok) { throw new Error(url + ": " + response.status); }
        return cache.put(url, response.clone()).then(function () { return response.text(); });
      });
    })).then(function (texts) {
      return cache.addAll(assetsOf(texts.join("\n")));
    });
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf(PREFIX) === 0 && name !== CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function staffPageFresh(path) {
  if (path !== STAFF_PAGE) { return Promise.resolve(true); }
  return caches.match(STAFF_STAMP, {cacheName: CACHE}).then(function (stamp) {
    return stamp ? stamp.text() : "0";
  }).then(function (when) { return Date.now() - Number(when) < STAFF_MS; });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  var path = url.pathname;
  if (/^\/(static|pictograms|audio|voices)\//.test(path)) {  // never change under their name
    event.respondWith(caches.match(path, {cacheName: CACHE}).then(function (hit) {
      return hit || fetch(request);
    }));
    return;
  }
  var known = PAGES.indexOf(path + url.search) >= 0 || PAGES.indexOf(path) >= 0;
  var inScope = path === SCOPE || path.indexOf(SCOPE + "/") === 0;
  if (!known && !(inScope && request.mode === "navigate")) { return; }
  event.respondWith(fetch(request).then(function (response) {
    if (path === STAFF_PAGE && response.ok && !response.redirected) {
      // The staff page of this tablet: its queue and "save to a file" work offline too.
      var copy = response.clone();
      caches.open(CACHE).then(function (cache) {
        return Promise.all([cache.put(path, copy),
                            cache.put(STAFF_STAMP, new Response(String(Date.now())))]);
      });
    }
    return response;
  }).catch(function () {
    // No connection: the page as cached; another page of this link falls back to its start.
    // (The staff page only while a login could last since it was cached.)
    return staffPageFresh(path).then(function (fresh) {
      if (!fresh) { return caches.match(SCOPE, {cacheName: CACHE}); }
      return caches.match(path + url.search, {cacheName: CACHE}).then(function (hit) {
        return hit || caches.match(path, {cacheName: CACHE});
      }).then(function (hit) {
        return hit || caches.match(SCOPE, {cacheName: CACHE});
      });
    });
  }));
});

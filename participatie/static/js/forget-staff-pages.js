// On the login page (where logging out leads): a tablet prepared for offline use forgets the
// staff pages it kept, so that once handed to families it opens none of them without a
// connection. The families' pages and the answers waiting to be sent stay.
(function () {
  "use strict";
  if (!window.caches) { return; }
  caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("participatie-") === 0;
    }).map(function (name) {
      return caches.open(name).then(function (cache) {
        return cache.keys().then(function (requests) {
          return Promise.all(requests.filter(function (request) {
            return /\/offline$/.test(new URL(request.url).pathname);
          }).map(function (request) { return cache.delete(request); }));
        });
      });
    }));
  });
})();

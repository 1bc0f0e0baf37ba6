/* The H5P content origin's service worker, imported by /kursus/h5p/sw.js after CORPU_H5P (its settings) and
   workbox-sw. Its scope is the H5P paths, so it controls the player frames (sandboxed with allow-same-origin on
   this cookie-less origin) and serves, network first, the frame documents, package files and player files from
   one cache when the network is gone. Package URLs carry a short-lived token: the cache keeps them without it
   (/kursus/h5p/<id>/~/<path>), so a lesson saved today still plays next week. The helper page
   (/kursus/h5p/luring/) asks it to save or drop URLs. See docs/adr/0031-offline-h5p.md. */
/* global CORPU_H5P, workbox */
(function () {
  'use strict';
  var config = CORPU_H5P;
  workbox.setConfig({
    debug: false,
    modulePathCb: function (name, debug) {
      return config.vendor + name + '/' + name + (debug ? '.dev' : '.prod') + '.js';
    }
  });
  config.modules.forEach(function (name) { workbox.loadModule(name); });  // all now: no importScripts later

  var prefix = config.h5pPrefix;  // "/kursus/h5p/"
  var TOKENED = new RegExp('^' + prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') + '(\\d+)/([^/~]+)/(.*)$');
  var players = config.playerPrefixes.map(function (url) { return new URL(url, self.location.origin).href; });
  var MAX_AGE = 60 * 24 * 3600;  // seconds: a saved course is played within two months or saved again

  function keyOf(url) {
    var parsed = new URL(url);
    var match = TOKENED.exec(parsed.pathname);
    if (match) { parsed.pathname = prefix + match[1] + '/~/' + match[3]; }
    parsed.search = '';
    parsed.hash = '';
    return parsed.href;
  }

  function handled(url) {
    if (url.origin === self.location.origin && TOKENED.test(url.pathname)) { return true; }
    var href = url.href.split('?')[0];
    return players.some(function (start) { return href.indexOf(start) === 0; });
  }

  var strategy = new workbox.strategies.NetworkFirst({
    cacheName: config.cacheName,
    networkTimeoutSeconds: 10,
    fetchOptions: {credentials: 'omit'},
    plugins: [
      {cacheKeyWillBeUsed: function (args) { return Promise.resolve(keyOf(args.request.url)); }},
      new workbox.expiration.ExpirationPlugin({maxAgeSeconds: MAX_AGE, purgeOnQuotaError: true})
    ]
  });
  workbox.routing.registerRoute(function (options) {
    return options.request.method === 'GET' && handled(options.url);
  }, strategy);

  self.addEventListener('install', function () { self.skipWaiting(); });
  self.addEventListener('activate', function (event) { event.waitUntil(self.clients.claim()); });

  function save(urls, event) {
    return Promise.all(urls.map(function (url) {
      var request = new Request(url, {credentials: 'omit'});
      return strategy.handle({request: request, event: event}).then(function (response) {
        if (!response || !response.ok) { return {url: url, ok: false}; }
        return response.blob().then(function (body) { return {url: url, ok: true, bytes: body.size}; });
      }, function () { return {url: url, ok: false}; });
    })).then(function (results) {
      var saved = results.filter(function (r) { return r.ok; });
      return {
        type: 'saved',
        saved: saved.length,
        bytes: saved.reduce(function (sum, r) { return sum + r.bytes; }, 0),
        failed: results.filter(function (r) { return !r.ok; }).map(function (r) { return r.url; })
      };
    });
  }

  function drop(urls) {  // a course's frames and package files; the player files serve the other courses too
    var own = urls.filter(function (url) { return TOKENED.test(new URL(url).pathname); });
    return caches.open(config.cacheName).then(function (cache) {
      return Promise.all(own.map(function (url) { return cache.delete(keyOf(url)); }));
    }).then(function () { return {type: 'removed'}; });
  }

  /* From the helper page (a client of this origin): {type: "corpu-h5p:save" | "corpu-h5p:remove", urls}. */
  self.addEventListener('message', function (event) {
    var data = event.data || {};
    var port = event.ports && event.ports[0];
    if (!port || !Array.isArray(data.urls)) { return; }
    var urls = data.urls.filter(function (url) {
      try { return handled(new URL(url)); } catch (error) { return false; }
    });
    var work = data.type === 'corpu-h5p:save' ? save(urls, event) : data.type === 'corpu-h5p:remove' ? drop(urls) : null;
    if (work) { event.waitUntil(work.then(function (answer) { port.postMessage(answer); })); }
  });
})();

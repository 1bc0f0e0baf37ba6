/* The site's side of offline H5P (docs/adr/0031-offline-h5p.md).
   - corpuH5P.save(urls) / corpuH5P.remove(urls): opens the content origin's helper page in a hidden frame and
     passes it the H5P URLs of a course being saved (or removed); resolves to {saved, bytes, failed}. Answers are
     taken only from the content origin and from that frame.
   - corpuH5P.queue(url, body, id): an xAPI statement the player could not send (offline) goes into the site's
     outbox (corpu/static/corpu/js/outbox.js), keyed by the statement id, and is sent once back online.
   The script tag carries data-origin (the content origin) and data-helper (the helper page's URL). */
(function () {
  'use strict';
  var script = document.currentScript;
  var origin = script.dataset.origin;
  var helper = null;
  var waiting = {};
  var next = 0;

  function open() {
    if (helper) { return helper; }
    helper = new Promise(function (resolve, reject) {
      var frame = document.createElement('iframe');
      frame.hidden = true;
      frame.setAttribute('aria-hidden', 'true');
      frame.setAttribute('tabindex', '-1');
      frame.title = 'H5P';
      frame.referrerPolicy = 'no-referrer';
      window.addEventListener('message', function (event) {
        var data = event.data || {};
        if (event.origin !== origin || event.source !== frame.contentWindow || data.source !== 'corpu-h5p-offline') {
          return;
        }
        if (data.type === 'ready') { resolve(frame.contentWindow); }
        else if (data.type === 'unsupported') { reject(new Error('unsupported')); }
        else if (waiting[data.id]) { waiting[data.id](data); delete waiting[data.id]; }
      });
      frame.src = script.dataset.helper;
      document.body.appendChild(frame);
    });
    return helper;
  }

  function ask(type, urls) {
    var mine = (urls || []).filter(function (url) { return String(url).indexOf(origin + '/') === 0; });
    if (!mine.length) { return Promise.resolve({saved: 0, bytes: 0, failed: []}); }
    return open().then(function (win) {
      return new Promise(function (resolve, reject) {
        var id = String(++next);
        waiting[id] = function (data) { (data.type === 'failed' ? reject : resolve)(data); };
        win.postMessage({source: 'corpu-h5p-offline', type: type, id: id, urls: mine}, origin);
      });
    });
  }

  function queue(url, body, id) {
    if (!window.corpuOutbox) { return Promise.reject(new Error('no outbox')); }
    return window.corpuOutbox.add({
      id: id, kind: 'xapi', url: url, method: 'POST', body: body,
      headers: {'Content-Type': 'application/json'}
    });
  }

  window.corpuH5P = {
    save: function (urls) { return ask('save', urls); },
    remove: function (urls) { return ask('remove', urls); },
    queue: queue
  };
})();

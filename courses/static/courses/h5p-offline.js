/* The site's side of offline H5P (docs/adr/0031-offline-h5p.md).
   - corpuH5P.save(urls) / corpuH5P.remove(urls): opens the content origin's helper page in a hidden frame and
     passes it the H5P URLs of a course being saved (or removed); resolves to {saved, bytes, failed}. Answers are
     taken only from the content origin and from that frame.
   - corpuH5P.queue(url, body, id): an xAPI statement the player could not send (offline) goes into the site's
     outbox (corpu/static/corpu/js/outbox.js), keyed by the statement id, and is sent once back online.
   - "Simpan untuk luring" on a course (corpu/js/offline.js, templates/includes/offline_save.html): once the
     learner confirms saving (the button inside the box's status line), the course's H5P URLs
     (/kursus/<id>/luring/h5p/) are saved too; its remove button drops them.
   The script tag carries data-origin (the content origin), data-helper (the helper page's URL), data-urls (the
   course URL list's address, "{id}" for the course) and data-failed (the message shown when saving fails). */
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
        else if (data.type === 'unsupported') { reject(new Error('unsupported: ' + (data.reason || ''))); }
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

  var KEPT = 'corpu-h5p:';  // localStorage: the URLs saved per course, to drop them offline too

  function saveCourse(box, id) {
    box.dataset.h5pOffline = 'saving';
    var old = box.querySelector('.h5p-offline-failed');
    if (old) { old.remove(); }
    fetch(script.dataset.urls.replace('{id}', id), {credentials: 'same-origin', headers: {Accept: 'application/json'}})
      .then(function (response) { return response.ok ? response.json() : {urls: []}; })
      .then(function (answer) {
        try { localStorage.setItem(KEPT + id, JSON.stringify(answer.urls)); } catch (error) { /* full: kept anyway */ }
        return ask('save', answer.urls);
      })
      .then(function (result) {
        if (result.failed && result.failed.length) { throw new Error('failed'); }
        box.dataset.h5pOffline = 'saved';
        box.dataset.h5pBytes = String(result.bytes || 0);
      })
      .catch(function () {
        box.dataset.h5pOffline = 'failed';
        var note = document.createElement('p');
        note.className = 'muted h5p-offline-failed';
        note.setAttribute('role', 'status');
        note.textContent = script.dataset.failed;
        box.appendChild(note);
      });
  }

  function forget(id) {
    var urls = [];
    try { urls = JSON.parse(localStorage.getItem(KEPT + id) || '[]'); localStorage.removeItem(KEPT + id); }
    catch (error) { urls = []; }
    return ask('remove', urls);
  }

  document.addEventListener('click', function (event) {
    var button = event.target.closest && event.target.closest('[data-offline-save] [data-offline-status] button');
    var box = button && button.closest('[data-offline-save]');
    if (!box || box.getAttribute('data-kind') !== 'course') { return; }
    if (button.classList.contains('link-button')) { forget(box.getAttribute('data-id')); }
    else { saveCourse(box, box.getAttribute('data-id')); }
  }, true);  // before offline.js's own handler, which replaces the status line (and the button with it)

  window.corpuH5P = {
    save: function (urls) { return ask('save', urls); },
    remove: function (urls) { return ask('remove', urls); },
    queue: queue
  };
})();

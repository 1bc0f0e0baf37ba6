/* The content origin's helper page (/kursus/h5p/luring/), opened by the site in a hidden frame: registers the
   H5P worker and passes it the URLs the site asks to save or drop. Messages are taken only from the site's
   origin the page was opened for (signed into its URL) and from the frame's parent. See
   docs/adr/0031-offline-h5p.md. */
(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('h5p-offline-config').textContent);

  function tell(message) {
    message.source = 'corpu-h5p-offline';
    window.parent.postMessage(message, config.siteOrigin);
  }

  if (!('serviceWorker' in navigator) || !window.caches) {
    tell({type: 'unsupported'});
    return;
  }
  var ready = navigator.serviceWorker.register(config.worker, {scope: config.scope}).then(function () {
    return navigator.serviceWorker.ready;
  });

  function ask(worker, message) {
    return new Promise(function (resolve) {
      var channel = new MessageChannel();
      channel.port1.onmessage = function (event) { resolve(event.data); };
      worker.postMessage(message, [channel.port2]);
    });
  }

  window.addEventListener('message', function (event) {
    var data = event.data || {};
    if (event.origin !== config.siteOrigin || event.source !== window.parent || data.source !== 'corpu-h5p-offline') {
      return;
    }
    if ((data.type !== 'save' && data.type !== 'remove') || !Array.isArray(data.urls)) { return; }
    var urls = data.urls.filter(function (url) {
      return typeof url === 'string' && new URL(url, location.href).origin === location.origin;
    });
    ready.then(function (registration) {
      return ask(registration.active, {type: 'corpu-h5p:' + data.type, urls: urls});
    }).then(function (answer) {
      tell(Object.assign({}, answer, {type: data.type === 'save' ? 'saved' : 'removed', id: data.id}));
    }, function () {
      tell({type: 'failed', id: data.id});
    });
  });
  ready.then(function () { tell({type: 'ready'}); }, function (error) {
    tell({type: 'unsupported', reason: String(error && error.message)});
  });
})();

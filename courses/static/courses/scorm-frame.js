/* The SCORM wrapper frame on the content origin (sandboxed, no site cookies). Waits for the lesson page's
   "start" with the values to resume from, puts scorm-again's API where a SCO looks for it (window.API for
   SCORM 1.2, window.API_1484_11 for 2004), opens the SCO in a child frame of the same origin, and passes every
   commit up to the lesson page with postMessage, to the site's origin only. scorm-again itself sends nothing. */
(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('scorm-config').textContent);
  var started = false;
  var sequence = 0;
  var hello;

  function send(message) {
    message.source = 'corpu-scorm';
    message.package = config.package;  // the lesson page checks both against the frame it gave them to
    message.attempt = config.attempt;
    window.parent.postMessage(message, config.parentOrigin);
  }

  /* scorm-again's HTTP service, replaced: a commit becomes a message to the lesson page, which posts it. */
  var relay = {
    processHttpRequest: function (url, params) {
      sequence += 1;
      send({type: 'commit', sequence: sequence, cmi: (params && params.cmi) || {}});
      return {result: 'true', errorCode: 0};
    },
    updateSettings: function () {}
  };

  function start(values) {
    var settings = {
      lmsCommitUrl: 'corpu:lesson-page', httpService: relay, dataCommitFormat: 'json', sendFullCommit: true,
      autocommit: true, autocommitSeconds: 15, logLevel: 4
    };
    var api;
    if (config.version === '1.2') {
      api = window.API = new window.Scorm12API(settings);
    } else {
      api = window.API_1484_11 = new window.Scorm2004API(settings);
    }
    api.loadFromJSON(values || {}, '');
    var frame = document.createElement('iframe');
    frame.title = document.title;
    frame.src = config.launch;
    document.body.appendChild(frame);
    send({type: 'ready'});
  }

  window.addEventListener('message', function (event) {
    if (event.source !== window.parent || event.origin !== config.parentOrigin) { return; }
    var data = event.data || {};
    if (data.source === 'corpu-scorm' && data.type === 'start' && !started) {
      started = true;
      clearInterval(hello);
      start(data.cmi);
    }
  });
  /* The lesson page may not listen yet when this frame loads: say hello until it answers. */
  hello = setInterval(function () { send({type: 'hello'}); }, 250);
  send({type: 'hello'});
})();

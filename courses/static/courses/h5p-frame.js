/* Runs inside the sandboxed H5P frame (opaque origin: no cookies, no storage, no access to the lesson page).
   Waits for the lesson page's "start" (with the saved state), plays the package with h5p-standalone, and
   passes xAPI statements and its height back to the lesson page with postMessage, to the site's origin only. */
(function () {
  'use strict';
  /* An opaque origin has no web storage: reading window.localStorage throws, and H5P core reads it. Libraries
     get a storage that lasts as long as the frame. */
  function memoryStorage() {
    var data = {};
    var storage = {
      getItem: function (key) { return Object.prototype.hasOwnProperty.call(data, key) ? data[key] : null; },
      setItem: function (key, value) { data[key] = String(value); },
      removeItem: function (key) { delete data[key]; },
      clear: function () { data = {}; },
      key: function (index) { return Object.keys(data)[index] || null; }
    };
    Object.defineProperty(storage, 'length', {get: function () { return Object.keys(data).length; }});
    return storage;
  }
  ['localStorage', 'sessionStorage'].forEach(function (name) {
    try { return window[name]; } catch (error) {
      Object.defineProperty(window, name, {value: memoryStorage(), configurable: true});
    }
  });

  var config = JSON.parse(document.getElementById('h5p-config').textContent);
  var parentOrigin = config.parentOrigin;
  var started = false;

  function send(message) {
    message.source = 'corpu-h5p';
    message.activity = config.activity;  // the lesson page checks both against the frame it gave them to
    message.attempt = config.attempt;
    window.parent.postMessage(message, parentOrigin);
  }

  function currentState() {
    var instances = (window.H5P && H5P.instances) || [];
    for (var i = 0; i < instances.length; i++) {
      if (String(instances[i].contentId) === config.activity && instances[i].getCurrentState) {
        return instances[i].getCurrentState();
      }
    }
    return null;
  }

  function reportHeight() {
    send({type: 'resize', height: Math.ceil(document.documentElement.scrollHeight)});
  }

  function onStatement(event) {
    var statement = event.data && event.data.statement;
    var completed = statement && statement.verb && statement.verb.id === 'http://adlnet.gov/expapi/verbs/completed';
    if (statement && (statement.result || completed)) {  // content without a score completes by its verb
      send({type: 'xapi', statement: statement, state: currentState()});
    }
  }

  /* H5P core creates its xAPI dispatcher when its scripts run, and a second copy of them (the frame bundle, a
     library bundling core) replaces it: listen on whichever dispatcher is current, from before the player starts. */
  function listenToEveryDispatcher() {
    var H5P = window.H5P = window.H5P || {};
    var current;
    var adopt = function (dispatcher) {
      current = dispatcher;
      if (dispatcher && dispatcher.on && !dispatcher.corpuListening) {
        dispatcher.corpuListening = true;
        dispatcher.on('xAPI', onStatement);
      }
    };
    adopt(H5P.externalDispatcher);
    Object.defineProperty(H5P, 'externalDispatcher', {
      configurable: true, enumerable: true, get: function () { return current; }, set: adopt
    });
  }

  function start(state) {
    var options = {
      id: config.activity, h5pJsonPath: config.files, frameJs: config.frameJs, frameCss: config.frameCss,
      xAPIObjectIRI: config.objectIri, assetsRequestFetchOptions: {credentials: 'omit'},
      embedType: 'div'  // this frame is the sandbox; a nested about:blank frame would get its own opaque origin
    };
    if (typeof state === 'string' && state) {
      options.contentUserData = [{dataType: 'state', previousState: state, subContentId: '*'}];
      options.saveFreq = false;
    }
    listenToEveryDispatcher();
    new H5PStandalone.H5P(document.getElementById('h5p-player'), options).then(function () {
      if (window.ResizeObserver) { new ResizeObserver(reportHeight).observe(document.body); }
      reportHeight();
      send({type: 'ready'});
    });
  }

  window.addEventListener('message', function (event) {
    if (event.source !== window.parent || event.origin !== parentOrigin) { return; }
    var data = event.data || {};
    if (data.source === 'corpu-h5p' && data.type === 'start' && !started) {
      started = true;
      clearInterval(hello);
      start(data.state);
    }
  });
  /* The lesson page may not listen yet when this frame loads: say hello until it answers. */
  var hello;
  document.addEventListener('DOMContentLoaded', function () {  // h5p-standalone (deferred after us) is loaded
    hello = setInterval(function () { send({type: 'hello'}); }, 250);
    send({type: 'hello'});
  });
})();

/* Runs inside the sandboxed H5P frame (an opaque origin, or the cookie-less content origin when H5P may play
   offline, docs/adr/0031-offline-h5p.md: no site cookies, no access to the lesson page).
   Waits for the lesson page's "start" (with the saved state), plays the package with h5p-standalone, and
   passes xAPI statements, the player's state and its height back to the lesson page with postMessage, to the
   site's origin only. */
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

  /* Resume: H5P core saves an instance's state with H5P.setUserData (every saveFreq seconds, 3 s after a
     "completed"/"progressed" statement, when the frame is left); without a `user` it keeps the state in memory
     only. Each save of this activity's state is passed to the lesson page, which stores it. */
  var lastState = null;
  function forwardState(contentId, dataType, data, extras) {
    var subContentId = (extras && extras.subContentId) || 0;
    if (String(contentId) !== config.activity || dataType !== 'state' || subContentId !== 0) { return; }
    var text;
    try { text = JSON.stringify(data); } catch (error) { return; }
    if (typeof text === 'string' && text !== 'null' && text !== lastState) {
      lastState = text;
      send({type: 'state', state: text});
    }
  }

  function instance() {
    var instances = (window.H5P && H5P.instances) || [];
    for (var i = 0; i < instances.length; i++) {
      if (String(instances[i].contentId) === config.activity) { return instances[i]; }
    }
    return null;
  }

  /* The learner's answers change the state between H5P's timed saves: save through H5P core right after each
     change (the lesson page gathers them into one request). */
  function saveNow() {
    var player = instance();
    if (player && typeof player.getCurrentState === 'function' && window.H5P.setUserData) {
      var state = player.getCurrentState();
      if (state !== undefined) { H5P.setUserData(player.contentId, 'state', state, {deleteOnChange: true}); }
    }
  }

  function saveAfterInteraction() {
    var timer;
    var later = function () { clearTimeout(timer); timer = setTimeout(saveNow, 50); };
    ['change', 'input', 'click', 'keyup', 'pointerup'].forEach(function (type) {
      document.addEventListener(type, later, true);
    });
  }

  function reportHeight() {
    send({type: 'resize', height: Math.ceil(document.documentElement.scrollHeight)});
  }

  function onStatement(event) {
    var statement = event.data && event.data.statement;
    var completed = statement && statement.verb && statement.verb.id === 'http://adlnet.gov/expapi/verbs/completed';
    if (statement && (statement.result || completed)) {  // content without a score completes by its verb
      send({type: 'xapi', statement: statement});
    }
  }

  /* H5P core creates its xAPI dispatcher and user-data functions when its scripts run, and a second copy of
     them (the frame bundle, a library bundling core) replaces them: follow whichever is current, from before
     the player starts. */
  function follow(H5P, name, adopt) {
    var current;
    var set = function (value) { current = adopt(value); };
    set(H5P[name]);
    Object.defineProperty(H5P, name, {
      configurable: true, enumerable: true, get: function () { return current; }, set: set
    });
  }

  function listenToCore() {
    var H5P = window.H5P = window.H5P || {};
    follow(H5P, 'externalDispatcher', function (dispatcher) {
      if (dispatcher && dispatcher.on && !dispatcher.corpuListening) {
        dispatcher.corpuListening = true;
        dispatcher.on('xAPI', onStatement);
      }
      return dispatcher;
    });
    follow(H5P, 'setUserData', function (save) {
      if (typeof save !== 'function' || save.corpuForwarding) { return save; }
      var forwarding = function (contentId, dataType, data, extras) {
        var result = save.apply(this, arguments);
        forwardState(contentId, dataType, data, extras);
        return result;
      };
      forwarding.corpuForwarding = true;
      return forwarding;
    });
  }

  /* A button that hides itself when pressed (H5P's "Check" once the answer is checked) takes the keyboard focus
     with it: move it to the next control of the content (e.g. "Retry"), else to the content itself. */
  var FOCUSABLE = 'button, [href], input, select, textarea, [tabindex], [role="button"]';
  function shown(el) {
    return el.isConnected && el.getClientRects().length > 0 && getComputedStyle(el).visibility !== 'hidden' &&
      !el.disabled && el.getAttribute('tabindex') !== '-1' && el.getAttribute('aria-hidden') !== 'true';
  }
  function focusAfter(button) {
    var all = Array.prototype.filter.call(document.querySelectorAll(FOCUSABLE), function (el) {
      return el === button || shown(el);
    });
    var index = all.indexOf(button);
    var target = all[index + 1] || all[index - 1];
    if (!target) {
      target = document.querySelector('.h5p-content') || document.getElementById('h5p-player');
      target.setAttribute('tabindex', '-1');
    }
    target.focus();
  }
  function keepFocus() {
    var check = function (event) {
      if (event.type === 'keydown' && event.key !== 'Enter' && event.key !== ' ') { return; }
      var button = event.target.closest && event.target.closest('button, [role="button"], input[type="button"]');
      if (!button) { return; }
      [0, 400].forEach(function (wait) {  // some content hides its buttons after a short transition
        setTimeout(function () {
          var active = document.activeElement;
          var lost = !active || active === document.body || active === button;
          if (lost && !shown(button)) { focusAfter(button); }
        }, wait);
      });
    };
    document.addEventListener('click', check, true);
    document.addEventListener('keydown', check, true);
  }

  function start(state) {
    var options = {
      id: config.activity, h5pJsonPath: config.files, frameJs: config.frameJs, frameCss: config.frameCss,
      xAPIObjectIRI: config.objectIri, assetsRequestFetchOptions: {credentials: 'omit'},
      embedType: 'div',  // this frame is the sandbox; a nested about:blank frame would get its own opaque origin
      translations: config.l10n,
      saveFreq: 15  // core hands a state to content (previousState) and saves it only with a save frequency
    };
    if (typeof state === 'string' && state) {
      lastState = state;
      options.contentUserData = [{state: state}];  // core reads contentUserData[subContentId 0].state
    }
    listenToCore();
    new H5PStandalone.H5P(document.getElementById('h5p-player'), options).then(function () {
      if (window.ResizeObserver) { new ResizeObserver(reportHeight).observe(document.body); }
      reportHeight();
      saveAfterInteraction();
      keepFocus();
      send({type: 'ready'});
    });
  }

  window.addEventListener('message', function (event) {
    if (event.source !== window.parent || event.origin !== parentOrigin) { return; }
    var data = event.data || {};
    if (data.source === 'corpu-h5p' && data.type === 'start' && !started) {
      started = true;
      if (typeof data.attempt === 'string') { config.attempt = data.attempt; }  // this lesson page's attempt
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

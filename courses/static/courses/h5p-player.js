/* Plays each lesson's H5P activities with h5p-standalone and posts their xAPI statements (with state) back. */
(function () {
  'use strict';
  var script = document.currentScript;
  var states = JSON.parse(document.getElementById('h5p-states').textContent || '{}');
  var status = document.getElementById('lesson-progress');
  var signedIn = script.dataset.signedIn === '1';
  var players = {};

  function uuid4() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  function currentState(contentId) {
    var instances = (window.H5P && H5P.instances) || [];
    for (var i = 0; i < instances.length; i++) {
      if (String(instances[i].contentId) === String(contentId) && instances[i].getCurrentState) {
        return instances[i].getCurrentState();
      }
    }
    return null;
  }

  function post(el, statement, contentId) {
    statement = Object.assign({id: uuid4()}, statement);
    var body = JSON.stringify({statement: statement, state: currentState(contentId), lesson: el.dataset.lesson});
    var send = function (attempt) {
      return fetch(el.dataset.xapi, {
        method: 'POST', credentials: 'same-origin', body: body,
        headers: {'Content-Type': 'application/json', 'X-CSRFToken': script.dataset.csrf}
      }).then(function (response) { return response.json(); }).then(function (data) {
        if (data.progress && status) { status.textContent = data.progress; }
        if (data.course_completed) { window.location.reload(); }
      }).catch(function () {
        if (attempt < 3) { setTimeout(function () { send(attempt + 1); }, 2000 * (attempt + 1)); }
      });
    };
    send(0);
  }

  function onStatement(event) {
    var statement = event.data.statement;
    if (!signedIn || !statement.result) { return; }
    var ext = (statement.object && statement.object.definition && statement.object.definition.extensions) || {};
    var contentId = ext['http://h5p.org/x-api/h5p-local-content-id'];
    var el = players[contentId];
    if (el) { post(el, statement, contentId); }
  }

  var listening = false;
  Array.prototype.forEach.call(document.querySelectorAll('.h5p-activity'), function (el) {
    var id = el.dataset.activity;
    players[id] = el;
    var options = {id: id, h5pJsonPath: el.dataset.src.replace(/\/$/, ''),
                   frameJs: script.dataset.frameJs, frameCss: script.dataset.frameCss};
    if (states[id]) {
      options.contentUserData = [{dataType: 'state', previousState: states[id], subContentId: '*'}];
      options.saveFreq = false;
    }
    new H5PStandalone.H5P(el, options).then(function () {
      el.dataset.ready = '1';
      if (!listening) { H5P.externalDispatcher.on('xAPI', onStatement); listening = true; }
    });
  });
})();

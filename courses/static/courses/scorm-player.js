/* The lesson page's side of the SCORM players: answers each wrapper frame's hello with the values to resume
   from, and posts the commits a frame passes up (with the attempt, the launch's session and CSRF) to the CMI API,
   one at a time and in order. Messages are taken only from the frame's own window at the content origin. */
(function () {
  'use strict';
  var script = document.currentScript;
  var status = document.getElementById('lesson-progress');
  var players = [];

  Array.prototype.forEach.call(document.querySelectorAll('.scorm-activity'), function (el) {
    var frame = el.querySelector('iframe.scorm-frame');
    if (!frame) { return; }
    frame.style.border = '0';
    var start = JSON.parse(el.querySelector('script[type="application/json"]').textContent);
    players.push({el: el, frame: frame, origin: new URL(frame.src).origin, start: start, started: false,
      queue: Promise.resolve()});
  });

  function playerOf(event) {
    for (var i = 0; i < players.length; i++) {
      if (players[i].frame.contentWindow === event.source && players[i].origin === event.origin) { return players[i]; }
    }
    return null;
  }

  function post(player, sequence, cmi) {
    if (!player.el.dataset.attempt) { return; }  // not enrolled: the package plays, nothing is recorded
    var body = JSON.stringify({attempt: player.el.dataset.attempt, session: player.el.dataset.session,
      sequence: sequence, cmi: cmi});
    var send = function (retry) {
      return fetch(player.el.dataset.cmi, {
        method: 'POST', credentials: 'same-origin', body: body, keepalive: body.length < 60000,
        headers: {'Content-Type': 'application/json', 'X-CSRFToken': script.dataset.csrf}
      }).then(function (response) {
        if (response.status >= 500) { throw new Error('server'); }
        return response.json();
      }).then(function (data) {
        if (data.progress && status) { status.textContent = data.progress; }
        if (data.error && status) { status.textContent = data.error; }
        if (data.lesson_completed) { player.el.dataset.completed = '1'; }
        player.el.dataset.committed = String(sequence);
      }).catch(function () {
        if (retry < 3) {
          return new Promise(function (resolve) { setTimeout(resolve, 2000 * (retry + 1)); }).then(function () {
            return send(retry + 1);
          });
        }
      });
    };
    player.queue = player.queue.then(function () { return send(0); });
  }

  window.addEventListener('message', function (event) {
    var player = playerOf(event);
    var data = event.data;
    if (!player || !data || data.source !== 'corpu-scorm') { return; }
    if (data.package !== player.el.dataset.package || (data.attempt || '') !== player.el.dataset.attempt) { return; }
    if (data.type === 'hello' && !player.started) {
      player.started = true;
      player.frame.contentWindow.postMessage({source: 'corpu-scorm', type: 'start', cmi: player.start.cmi},
        player.origin);
    } else if (data.type === 'ready') {
      player.el.dataset.ready = '1';
    } else if (data.type === 'commit' && player.started && typeof data.sequence === 'number' &&
               data.cmi && typeof data.cmi === 'object') {
      post(player, data.sequence, data.cmi);
    }
  });
})();

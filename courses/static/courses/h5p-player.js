/* The lesson page's side of the sandboxed H5P players: answers each frame's hello with the saved state, and
   posts the xAPI statements a frame passes up (with the server-issued attempt id and CSRF) to the site.
   Messages are taken only from the frame's own window; a sandboxed frame's origin is always "null". */
(function () {
  'use strict';
  var script = document.currentScript;
  var states = JSON.parse((document.getElementById('h5p-states') || {}).textContent || '{}');
  var status = document.getElementById('lesson-progress');
  var players = [];

  Array.prototype.forEach.call(document.querySelectorAll('.h5p-activity'), function (el) {
    var frame = el.querySelector('iframe.h5p-frame');
    if (frame) { frame.style.border = '0'; players.push({el: el, frame: frame, started: false}); }
  });

  function playerOf(event) {
    for (var i = 0; i < players.length; i++) {
      if (players[i].frame.contentWindow === event.source) { return players[i]; }
    }
    return null;
  }

  function tell(player, message) {
    message.source = 'corpu-h5p';
    player.frame.contentWindow.postMessage(message, '*');  // an opaque origin cannot be named
  }

  function post(player, statement, state) {
    if (!player.el.dataset.attempt) { return; }  // not enrolled: the content plays, nothing is recorded
    var body = JSON.stringify({statement: statement, state: state, attempt: player.el.dataset.attempt});
    var send = function (attempt) {
      return fetch(player.el.dataset.xapi, {
        method: 'POST', credentials: 'same-origin', body: body,
        headers: {'Content-Type': 'application/json', 'X-CSRFToken': script.dataset.csrf}
      }).then(function (response) {
        if (response.status >= 500) { throw new Error('server'); }
        return response.json();
      }).then(function (data) {
        if (data.progress && status) { status.textContent = data.progress; }
        if (data.error && status) { status.textContent = data.error; }
        if (data.course_completed) { window.location.reload(); }
      }).catch(function () {
        if (attempt < 3) { setTimeout(function () { send(attempt + 1); }, 2000 * (attempt + 1)); }
      });
    };
    send(0);
  }

  function uuid4() {
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join('');
    return h.slice(0, 8) + '-' + h.slice(8, 12) + '-' + h.slice(12, 16) + '-' + h.slice(16, 20) + '-' + h.slice(20);
  }

  window.addEventListener('message', function (event) {
    var player = playerOf(event);
    var data = event.data;
    if (!player || event.origin !== 'null' || !data || data.source !== 'corpu-h5p') { return; }
    if (data.activity !== player.el.dataset.activity || (data.attempt || '') !== player.el.dataset.attempt) { return; }
    if (data.type === 'hello' && !player.started) {
      player.started = true;
      tell(player, {type: 'start', state: states[player.el.dataset.activity] || ''});
    } else if (data.type === 'ready') {
      player.el.dataset.ready = '1';
    } else if (data.type === 'resize' && typeof data.height === 'number' && data.height > 0) {
      player.frame.style.height = Math.min(Math.ceil(data.height), 4000) + 'px';
    } else if (data.type === 'xapi' && data.statement && typeof data.statement === 'object' && player.started) {
      post(player, Object.assign({id: uuid4()}, data.statement), data.state === undefined ? null : data.state);
    }
  });
})();

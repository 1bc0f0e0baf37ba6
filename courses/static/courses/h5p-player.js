/* The lesson page's side of the sandboxed H5P players: answers each frame's hello with the saved state, posts
   the xAPI statements and player states a frame passes up (with the server-issued attempt id and CSRF) to the
   site, and shows the progress and the course's completion in place.
   Messages are taken only from the frame's own window and origin: "null" for a frame sandboxed to an opaque
   origin, the content origin when the frame may play offline (data-origin; docs/adr/0031-offline-h5p.md).
   A statement that cannot be sent while offline goes into the site's outbox (corpuH5P.queue, h5p-offline.js). */
(function () {
  'use strict';
  var script = document.currentScript;
  var states = JSON.parse((document.getElementById('h5p-states') || {}).textContent || '{}');
  var status = document.getElementById('lesson-progress');
  var completion = document.getElementById('course-completion');
  var players = [];
  var STATE_DELAY = 1000;  // ms: answers given in quick succession are saved together
  var KEEPALIVE_MAX = 60000;  // bytes a request sent while the page closes may carry

  Array.prototype.forEach.call(document.querySelectorAll('.h5p-activity'), function (el) {
    var frame = el.querySelector('iframe.h5p-frame');
    if (frame) {
      frame.style.border = '0';
      players.push({el: el, frame: frame, origin: frame.dataset.origin || 'null', started: false});
    }
  });

  function playerOf(event) {
    for (var i = 0; i < players.length; i++) {
      if (players[i].frame.contentWindow === event.source) { return players[i]; }
    }
    return null;
  }

  function tell(player, message) {
    message.source = 'corpu-h5p';
    player.frame.contentWindow.postMessage(message, player.origin === 'null' ? '*' : player.origin);  // opaque: no name
  }

  function request(url, body, keepalive) {
    return fetch(url, {
      method: 'POST', credentials: 'same-origin', body: body, keepalive: !!keepalive,
      headers: {'Content-Type': 'application/json', 'X-CSRFToken': script.dataset.csrf}
    });
  }

  function showCompletion(data) {
    if (!completion || completion.querySelector('.course-completed')) { return; }
    var card = document.createElement('p');
    card.className = 'card course-completed';
    var title = document.createElement('strong');
    title.textContent = completion.dataset.completed;
    card.appendChild(title);
    if (data.certificate_url) {
      var link = document.createElement('a');
      link.href = data.certificate_url;
      link.textContent = completion.dataset.certificate;
      card.appendChild(document.createTextNode(' '));
      card.appendChild(link);
    }
    completion.appendChild(card);
  }

  function showProgress(data) {
    if (data.progress && status) {
      status.textContent = data.progress + (data.lesson_completed ? ' ' + status.dataset.lessonDone : '');
    }
    if (data.error && status) { status.textContent = data.error; }
    if (data.course_completed) { showCompletion(data); }
  }

  function post(player, statement) {
    if (!player.el.dataset.attempt) { return; }  // not enrolled: the content plays, nothing is recorded
    var body = JSON.stringify({statement: statement, attempt: player.el.dataset.attempt});
    var later = function () {  // offline: the outbox sends it once the connection returns
      return window.corpuH5P ? window.corpuH5P.queue(player.el.dataset.xapi, body, statement.id) : Promise.reject();
    };
    var send = function (attempt) {
      if (!navigator.onLine && window.corpuH5P) { return later(); }
      return request(player.el.dataset.xapi, body).then(function (response) {
        if (response.status >= 500) { throw new Error('server'); }
        return response.json().then(showProgress);
      }).catch(function () {  // a server or network error: try again, then leave it to the outbox
        if (attempt < 3) { setTimeout(function () { send(attempt + 1); }, 2000 * (attempt + 1)); }
        else { later().catch(function () { return null; }); }
      });
    };
    send(0);
  }

  /* The latest state of each player is saved once the learner pauses, one request at a time, and any state
     not yet saved is sent when the page is left (a reload, another lesson). */
  function saveState(player, leaving) {
    clearTimeout(player.stateTimer);
    if (player.pendingState === undefined || (player.saving && !leaving)) { return; }
    var state = player.pendingState;
    var body = JSON.stringify({state: state, attempt: player.el.dataset.attempt});
    var failed = false;
    player.pendingState = undefined;
    player.saving = true;
    request(player.el.dataset.state, body, leaving && body.length < KEEPALIVE_MAX).then(function (response) {
      if (response.ok) { player.el.dataset.saved = String(Number(player.el.dataset.saved || 0) + 1); }
      if (response.status >= 500 || response.status === 429) { throw new Error('later'); }
    }).catch(function () {  // kept to go with the next change; a refused state (4xx) is not sent again
      failed = true;
      if (player.pendingState === undefined) { player.pendingState = state; }
    }).then(function () {
      player.saving = false;
      if (player.pendingState !== undefined && !failed) { queueState(player, player.pendingState); }
    });
  }

  function queueState(player, state) {
    if (!player.el.dataset.attempt) { return; }
    player.pendingState = state;
    clearTimeout(player.stateTimer);
    player.stateTimer = setTimeout(function () { saveState(player); }, STATE_DELAY);
  }

  window.addEventListener('pagehide', function () {
    players.forEach(function (player) { saveState(player, true); });
  });

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
    if (!player || event.origin !== player.origin || !data || data.source !== 'corpu-h5p') { return; }
    if (data.activity !== player.el.dataset.activity) { return; }
    if (data.type === 'hello' && !player.started) {  // a saved frame may name an older attempt: it takes this one
      player.started = true;
      tell(player, {
        type: 'start', state: states[player.el.dataset.activity] || '', attempt: player.el.dataset.attempt
      });
    } else if ((data.attempt || '') !== player.el.dataset.attempt) {
      return;
    } else if (data.type === 'ready') {
      player.el.dataset.ready = '1';
    } else if (data.type === 'resize' && typeof data.height === 'number' && data.height > 0) {
      player.frame.style.height = Math.min(Math.ceil(data.height), 4000) + 'px';
    } else if (data.type === 'xapi' && data.statement && typeof data.statement === 'object' && player.started) {
      post(player, Object.assign({id: uuid4()}, data.statement));
    } else if (data.type === 'state' && typeof data.state === 'string' && player.started) {
      queueState(player, data.state);
    }
  });
})();

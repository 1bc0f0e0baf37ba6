/* CorpU's sample SCO: finds the LMS's SCORM API the standard way (this window, then its parents and opener),
   shows a short lesson in two steps (location and suspend_data let a learner resume at step 2) and one
   question; the answer sets the score and the status, commits and finishes. Works for SCORM 1.2 and 2004. */
(function () {
  'use strict';
  var version = document.documentElement.getAttribute('data-scorm');
  var name = version === '1.2' ? 'API' : 'API_1484_11';

  function scan(win) {
    for (var depth = 0; win && depth < 10; depth++) {
      try { if (win[name]) { return win[name]; } } catch (error) { return null; }
      if (win.parent === win) { break; }
      win = win.parent;
    }
    return null;
  }
  var api = scan(window) || (window.opener ? scan(window.opener) : null);
  var calls = version === '1.2'
    ? {init: 'LMSInitialize', get: 'LMSGetValue', set: 'LMSSetValue', commit: 'LMSCommit', finish: 'LMSFinish',
       location: 'cmi.core.lesson_location', exit: 'cmi.core.exit', raw: 'cmi.core.score.raw'}
    : {init: 'Initialize', get: 'GetValue', set: 'SetValue', commit: 'Commit', finish: 'Terminate',
       location: 'cmi.location', exit: 'cmi.exit', raw: 'cmi.score.raw'};

  function call(method) {
    var args = Array.prototype.slice.call(arguments, 1);
    return api ? api[calls[method]].apply(api, args) : '';
  }
  function set(element, value) { call('set', element, String(value)); }

  var steps = document.querySelectorAll('[data-step]');
  var result = document.getElementById('result');
  function show(step) {
    Array.prototype.forEach.call(steps, function (el) { el.hidden = el.getAttribute('data-step') !== step; });
  }

  if (!api) { document.getElementById('no-api').hidden = false; }
  call('init', '');
  var resumed = call('get', calls.location) === '2' && call('get', 'cmi.suspend_data').indexOf('langkah=2') === 0;
  show(resumed ? '2' : '1');
  if (version === '1.2' && call('get', 'cmi.core.lesson_status') === 'not attempted') {
    set('cmi.core.lesson_status', 'incomplete');
  }

  document.getElementById('next').addEventListener('click', function () {
    set(calls.location, '2');
    set('cmi.suspend_data', 'langkah=2');
    set(calls.exit, 'suspend');
    call('commit', '');
    show('2');
    document.getElementById('question').focus();
  });

  document.getElementById('check').addEventListener('click', function () {
    var chosen = document.querySelector('input[name="answer"]:checked');
    if (!chosen) { result.textContent = 'Pilih satu jawaban terlebih dahulu.'; return; }
    var right = chosen.value === 'benar';
    set(calls.raw, right ? 100 : 0);
    set(version === '1.2' ? 'cmi.core.score.max' : 'cmi.score.max', 100);
    set(version === '1.2' ? 'cmi.core.score.min' : 'cmi.score.min', 0);
    if (version === '1.2') {
      set('cmi.core.lesson_status', right ? 'passed' : 'failed');
    } else {
      set('cmi.score.scaled', right ? 1 : 0);
      set('cmi.completion_status', 'completed');
      set('cmi.success_status', right ? 'passed' : 'failed');
    }
    set(calls.exit, right ? '' : 'suspend');
    call('commit', '');
    if (right) { call('finish', ''); }
    result.textContent = right ? 'Jawaban Anda benar. Pelajaran selesai.' : 'Jawaban Anda belum tepat. Coba lagi.';
  });
})();

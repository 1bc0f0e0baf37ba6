/* corpuOutbox: the learner's records (xAPI statements, lesson completions, quiz submissions) queued in IndexedDB
   while offline and sent once the connection returns (on `online`, on load, and by Background Sync in the
   service worker, which imports this file too). Each record carries its own id, sent as the Idempotency-Key, so
   the server accepts it once however often it is sent.

   record = {id, kind: "xapi" | "complete" | "quiz", url, method, headers, body}
   - accepted / duplicate: removed from the queue;
   - refused (the server's JSON `result: "refused"`): moved to the refused list with the server's `reason`;
   - 401 (signed out), 403 without JSON (CSRF), 5xx, network errors: kept, sent again later.
   See docs/adr/0030-offline-site.md. */
(function (scope) {
  "use strict";
  var DB_NAME = "corpu-outbox";
  var PENDING = "pending";
  var REFUSED = "refused";
  var SYNC_TAG = "corpu-outbox";
  var KINDS = ["xapi", "complete", "quiz"];
  var dbPromise = null;
  var flushing = null;

  function open() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var request = indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = function () {
          request.result.createObjectStore(PENDING, { keyPath: "id" });
          request.result.createObjectStore(REFUSED, { keyPath: "id" });
        };
        request.onsuccess = function () {
          var db = request.result;
          db.onversionchange = function () { db.close(); dbPromise = null; };  // Clear-Site-Data, another tab
          resolve(db);
        };
        request.onerror = function () { dbPromise = null; reject(request.error); };
      });
    }
    return dbPromise;
  }

  function run(storeName, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(storeName, mode);
        var result;
        var request = work(tx.objectStore(storeName));
        if (request) request.onsuccess = function () { result = request.result; };
        tx.oncomplete = function () { resolve(result); };
        tx.onerror = tx.onabort = function () { reject(tx.error); };
      });
    });
  }

  function uuid() {
    if (scope.crypto && scope.crypto.randomUUID) return scope.crypto.randomUUID();
    var bytes = scope.crypto.getRandomValues(new Uint8Array(16));
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" + hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function changed() {
    return counts().then(function (figures) {
      if (typeof scope.dispatchEvent === "function" && typeof CustomEvent === "function") {
        scope.dispatchEvent(new CustomEvent("corpu-outbox:change", { detail: figures }));
      }
      if (scope.clients && scope.clients.matchAll) {  // in the worker: tell the open pages
        scope.clients.matchAll({ type: "window" }).then(function (pages) {
          pages.forEach(function (page) { page.postMessage({ type: "corpu-outbox:change", detail: figures }); });
        });
      }
      return figures;
    });
  }

  function counts() {
    return Promise.all([
      run(PENDING, "readonly", function (store) { return store.count(); }),
      run(REFUSED, "readonly", function (store) { return store.count(); }),
    ]).then(function (n) { return { pending: n[0], refused: n[1] }; });
  }

  function requestSync() {
    var sw = scope.navigator && scope.navigator.serviceWorker;
    if (!sw || !scope.document) return Promise.resolve(false);
    return sw.ready.then(function (registration) {
      if (!registration.sync) return false;
      return registration.sync.register(SYNC_TAG).then(function () { return true; });
    }).catch(function () { return false; });
  }

  /* Queue one record; it is sent at once when online. Resolves to the stored record. */
  function add(record) {
    if (!record || KINDS.indexOf(record.kind) < 0) return Promise.reject(new TypeError("corpuOutbox: kind"));
    if (!record.url || new URL(record.url, scope.location.href).origin !== scope.location.origin) {
      return Promise.reject(new TypeError("corpuOutbox: url must be of this site"));
    }
    var stored = {
      id: String(record.id || uuid()),
      kind: record.kind,
      url: String(record.url),
      method: (record.method || "POST").toUpperCase(),
      headers: Object.assign({}, record.headers || {}),
      body: record.body == null ? "" : String(record.body),
      title: record.title || "",
      queuedAt: Date.now(),
    };
    return run(PENDING, "readwrite", function (store) { return store.put(stored); })
      .then(changed)
      .then(function () {
        requestSync();
        if (scope.navigator.onLine) flush();
        return stored;
      });
  }

  function csrfToken() {
    var doc = scope.document;
    var field = doc && doc.querySelector('input[name="csrfmiddlewaretoken"]');  // every page has one (footer)
    return field ? field.value : "";
  }

  function send(record) {
    var headers = Object.assign({ Accept: "application/json" }, record.headers);
    if (!headers["Idempotency-Key"] && record.kind !== "xapi") headers["Idempotency-Key"] = record.id;
    var token = csrfToken();  // the page's current token (the session may have changed since queuing)
    if (token) headers["X-CSRFToken"] = token;
    return fetch(record.url, {
      method: record.method,
      headers: headers,
      body: record.method === "GET" ? undefined : record.body,
      credentials: "same-origin",
      redirect: "manual",
    }).then(function (response) {
      var isJson = (response.headers.get("Content-Type") || "").indexOf("application/json") >= 0;
      return (isJson ? response.json().catch(function () { return {}; }) : Promise.resolve(null))
        .then(function (answer) { return { status: response.status, answer: answer }; });
    });
  }

  function settle(record, outcome) {
    var result = outcome.answer && outcome.answer.result;
    if (outcome.status >= 200 && outcome.status < 300 && (result === "accepted" || result === "duplicate")) {
      return run(PENDING, "readwrite", function (store) { return store.delete(record.id); }).then(function () { return "sent"; });
    }
    if (result === "refused") {
      var refused = Object.assign({}, record, {
        reason: outcome.answer.reason || outcome.answer.error || "",
        status: outcome.status,
        refusedAt: Date.now(),
      });
      return run(REFUSED, "readwrite", function (store) { return store.put(refused); })
        .then(function () { return run(PENDING, "readwrite", function (store) { return store.delete(record.id); }); })
        .then(function () { return "refused"; });
    }
    return Promise.resolve("kept");  // 401, CSRF, server error: try again later
  }

  /* Send every queued record once, in order; stops at the first one kept (offline, signed out). The pages and the
     worker (Background Sync) take turns through a Web Lock, so two of them never send the same record at once. */
  function flush() {
    if (flushing) return flushing;
    var locks = scope.navigator && scope.navigator.locks;
    flushing = (locks ? locks.request("corpu-outbox-flush", sendQueued) : sendQueued())
      .finally(function () { flushing = null; });
    return flushing;
  }

  function sendQueued() {
    return list().then(function (records) {
      var summary = { sent: 0, refused: 0, kept: 0 };
      var stop = false;
      return records.reduce(function (chain, record) {
        return chain.then(function () {
          if (stop) { summary.kept += 1; return; }
          return send(record).then(function (outcome) { return settle(record, outcome); }, function () { return "kept"; })
            .then(function (what) {
              summary[what] += 1;
              if (what === "kept") stop = true;
            });
        });
      }, Promise.resolve()).then(function () { return changed(); }).then(function () { return summary; });
    });
  }

  function list() {
    return run(PENDING, "readonly", function (store) { return store.getAll(); }).then(function (records) {
      return (records || []).sort(function (a, b) { return a.queuedAt - b.queuedAt; });
    });
  }

  function refused() {
    return run(REFUSED, "readonly", function (store) { return store.getAll(); }).then(function (r) { return r || []; });
  }

  function dismiss(id) {
    return run(REFUSED, "readwrite", function (store) { return store.delete(id); }).then(changed);
  }

  /* Drop every record (signing out: they must not be sent later under another account). */
  function clear() {
    return run(PENDING, "readwrite", function (store) { return store.clear(); })
      .then(function () { return run(REFUSED, "readwrite", function (store) { return store.clear(); }); })
      .then(changed);
  }

  scope.corpuOutbox = {
    add: add, flush: flush, list: list, refused: refused, dismiss: dismiss, counts: counts, clear: clear,
    uuid: uuid, SYNC_TAG: SYNC_TAG,
  };

  if (scope.document) {  // a page: send on load and whenever the connection returns
    scope.addEventListener("online", flush);
    if (scope.navigator.serviceWorker) {
      scope.navigator.serviceWorker.addEventListener("message", function (event) {
        if (event.data && event.data.type === "corpu-outbox:change") {
          scope.dispatchEvent(new CustomEvent("corpu-outbox:change", { detail: event.data.detail }));
        }
      });
    }
    if (scope.navigator.onLine) flush(); else changed();
  }
})(self);

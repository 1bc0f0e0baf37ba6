/* Offline learning in the page (docs/adr/0030-offline-site.md): registers the service worker, shows the offline
   banner and the records the server refused, "Simpan untuk luring" (course and asset manifests), the list of
   saved copies with their size, sends lesson forms through corpuOutbox while offline, refreshes a saved copy
   whose version changed, and removes restricted copies on sign-out. Without this script every form still posts. */
(function () {
  "use strict";
  var SAVED = "corpu-saved:";
  var META = "/luring/tersimpan/";
  var RECHECK_MS = 10 * 60 * 1000;
  var script = document.currentScript;
  var words = {};
  var supported = "caches" in window && "serviceWorker" in navigator && window.isSecureContext;

  function t(key, values) {
    return String(words[key] || key).replace(/\{(\w+)\}/g, function (_m, name) { return values && name in values ? values[name] : ""; });
  }

  function size(bytes) {
    if (bytes < 1024 * 1024) return Math.max(1, Math.round(bytes / 1024)) + " KB";
    return (bytes / 1024 / 1024).toFixed(1).replace(".", ",") + " MB";
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    if (text != null) node.textContent = text;
    return node;
  }

  /* ---- saved copies: one cache per course / asset, named corpu-saved:<r|p>:<kind>:<id>:<version> ---- */
  function parse(name) {
    var parts = name.split(":");
    return { name: name, restricted: parts[1] === "r", kind: parts[2], id: parts[3], version: parts[4] };
  }

  function savedCaches() {
    return caches.keys().then(function (names) {
      return names.filter(function (n) { return n.indexOf(SAVED) === 0; }).map(parse);
    });
  }

  function metaUrl(kind, id) { return META + kind + "/" + id + ".json"; }

  function savedList() {
    return savedCaches().then(function (found) {
      return Promise.all(found.map(function (entry) {
        return caches.open(entry.name).then(function (cache) { return cache.match(metaUrl(entry.kind, entry.id)); })
          .then(function (response) { return response ? response.json() : null; })
          .then(function (meta) { return meta && Object.assign(meta, { cache: entry.name }); });
      }));
    }).then(function (metas) { return metas.filter(Boolean); });
  }

  function removeSaved(kind, id, keep) {
    return savedCaches().then(function (found) {
      return Promise.all(found.filter(function (e) { return e.kind === kind && e.id === String(id) && e.name !== keep; })
        .map(function (e) { return caches.delete(e.name); }));
    });
  }

  function clearRestricted() {
    if (!("caches" in window)) return Promise.resolve();
    return savedCaches().then(function (found) {
      return Promise.all(found.filter(function (e) { return e.restricted; }).map(function (e) { return caches.delete(e.name); }));
    });
  }

  function save(manifest, manifestUrl) {
    var name = [SAVED.slice(0, -1), manifest.restricted ? "r" : "p", manifest.kind, manifest.id, manifest.version].join(":");
    var bytes = 0;
    return caches.delete(name).then(function () { return caches.open(name); }).then(function (cache) {
      return manifest.urls.reduce(function (chain, url) {  // one at a time: a slow link shares badly
        return chain.then(function () {
          return fetch(url, { credentials: "same-origin" }).then(function (response) {
            if (!response.ok || response.redirected) throw new Error("corpu offline: " + url + " " + response.status);
            return response.clone().blob().then(function (blob) { bytes += blob.size; return cache.put(url, response); });
          });
        });
      }, Promise.resolve()).then(function () {
        var meta = {
          kind: manifest.kind, id: manifest.id, title: manifest.title, version: manifest.version,
          start_url: manifest.start_url, bytes: bytes, restricted: manifest.restricted, content: manifest.content || [],
          manifest: manifestUrl, savedAt: Date.now(), checkedAt: Date.now(),
        };
        return cache.put(metaUrl(manifest.kind, manifest.id), new Response(JSON.stringify(meta), {
          headers: { "Content-Type": "application/json" },
        })).then(function () { return meta; });
      });
    }).then(function (meta) {
      return removeSaved(manifest.kind, manifest.id, name).then(function () { return meta; });
    }, function (error) {
      return caches.delete(name).then(function () { throw error; });
    });
  }

  function getManifest(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } }).then(function (response) {
      return response.json().catch(function () { return {}; }).then(function (body) {
        return { status: response.status, body: body };
      });
    });
  }

  /* A saved copy whose version moved is fetched again; one the learner may no longer see is removed. */
  function refreshSaved() {
    if (!navigator.onLine) return Promise.resolve();
    return savedList().then(function (metas) {
      return metas.filter(function (m) { return m.manifest && Date.now() - (m.checkedAt || 0) > RECHECK_MS; })
        .reduce(function (chain, meta) {
          return chain.then(function () {
            return getManifest(meta.manifest).then(function (answer) {
              if (answer.status === 403 || answer.status === 404) return removeSaved(meta.kind, meta.id);
              if (answer.status !== 200) return null;
              if (answer.body.version !== meta.version && answer.body.allowed) return save(answer.body, meta.manifest);
              meta.checkedAt = Date.now();
              return caches.open(meta.cache).then(function (cache) {
                return cache.put(metaUrl(meta.kind, meta.id), new Response(JSON.stringify(meta), {
                  headers: { "Content-Type": "application/json" },
                }));
              });
            }).catch(function () { return null; });
          });
        }, Promise.resolve());
    });
  }

  /* ---- "Simpan untuk luring" ---- */
  function setUpSave(box) {
    var url = box.getAttribute("data-offline-save");
    var button = box.querySelector("button");
    var status = box.querySelector("[data-offline-status]");
    var kind = box.getAttribute("data-kind");
    var id = box.getAttribute("data-id");
    box.hidden = false;

    function showSaved(meta) {
      status.textContent = t("saved", { size: size(meta.bytes) }) + " ";
      var remove = el("button", { type: "button", class: "link-button" }, t("remove"));
      remove.addEventListener("click", function () {
        removeSaved(kind, id).then(function () { status.textContent = t("removed"); button.hidden = false; });
      });
      status.appendChild(remove);
      button.hidden = true;
    }

    savedList().then(function (metas) {
      var meta = metas.find(function (m) { return m.kind === kind && String(m.id) === id; });
      if (meta) showSaved(meta);
    });

    button.addEventListener("click", function () {
      status.textContent = t("saving");
      getManifest(url).then(function (answer) {
        if (answer.status !== 200) { status.textContent = answer.body.error || t("failed"); return; }
        var manifest = answer.body;
        if (!manifest.allowed) { status.textContent = manifest.reason; return; }
        status.textContent = t("size", { size: size(manifest.bytes), budget: size(manifest.budget || manifest.bytes) }) + " ";
        var confirm = el("button", { type: "button", class: "button button--small" }, t("confirm"));
        confirm.addEventListener("click", function () {
          confirm.disabled = true;
          status.textContent = t("saving");
          save(manifest, url).then(showSaved, function () { status.textContent = t("failed"); });
        });
        status.appendChild(confirm);
        confirm.focus();
      }, function () { status.textContent = t("failed"); });
    });
  }

  /* ---- the saved list (the offline page) ---- */
  function renderList(list) {
    savedList().then(function (metas) {
      list.textContent = "";
      if (!metas.length) { list.appendChild(el("li", { class: "muted" }, t("none"))); return; }
      metas.sort(function (a, b) { return String(a.title).localeCompare(String(b.title)); }).forEach(function (meta) {
        var item = el("li", { class: "saved-list__item" });
        item.appendChild(el("a", { href: meta.start_url }, meta.title));
        item.appendChild(el("span", { class: "muted" }, " · " + size(meta.bytes) + " "));
        var remove = el("button", { type: "button", class: "link-button" }, t("remove"));
        remove.setAttribute("aria-label", t("remove") + ": " + meta.title);
        remove.addEventListener("click", function () {
          removeSaved(meta.kind, meta.id).then(function () { renderList(list); });
        });
        item.appendChild(remove);
        list.appendChild(item);
      });
    });
  }

  /* ---- the banner: offline, records waiting, records refused ---- */
  var banner = null;
  var bannerShown = 0;  // the latest call: an earlier one whose refused list arrives later draws nothing
  function showBanner(figures) {
    var outbox = window.corpuOutbox;
    if (!banner) {
      banner = el("div", { class: "offline-banner", role: "status", "aria-live": "polite" });
      var main = document.getElementById("main");
      main.insertBefore(banner, main.firstChild);
    }
    var shown = ++bannerShown;
    var pending = figures ? figures.pending : 0;
    var refused = outbox && figures && figures.refused ? outbox.refused() : Promise.resolve([]);
    refused.catch(function () { return []; }).then(function (records) {
      if (shown !== bannerShown) return;
      banner.textContent = "";
      if (!navigator.onLine) banner.appendChild(el("p", {}, t("offline", { n: pending })));
      else if (pending) banner.appendChild(el("p", {}, t("pending", { n: pending })));
      records.forEach(function (record) {
        var item = el("p", { class: "offline-banner__refused" }, t("refused") + ": " + (record.title || record.kind) + " — " + (record.reason || ""));
        var dismiss = el("button", { type: "button", class: "link-button" }, t("dismiss"));
        dismiss.addEventListener("click", function () { outbox.dismiss(record.id); });
        item.appendChild(document.createTextNode(" "));
        item.appendChild(dismiss);
        banner.appendChild(item);
      });
      banner.hidden = !banner.childNodes.length;
    });
  }

  function updateBanner() {
    var outbox = window.corpuOutbox;
    (outbox ? outbox.counts() : Promise.resolve({ pending: 0, refused: 0 })).then(showBanner, function () { showBanner(null); });
  }

  /* ---- lesson forms through the outbox while offline ---- */
  function queueForm(event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-outbox]") || navigator.onLine || !window.corpuOutbox) return;
    event.preventDefault();
    var data = new URLSearchParams(new FormData(form));
    var token = data.get("csrfmiddlewaretoken") || "";
    data.delete("csrfmiddlewaretoken");  // sent as a header, so the page's current token can replace it
    var kind = form.getAttribute("data-outbox");
    window.corpuOutbox.add({
      id: window.corpuOutbox.uuid(), kind: kind, url: form.action, method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", "X-CSRFToken": token },
      body: data.toString(), title: document.title.split(" · ")[0],
    }).then(function () {
      var note = el("p", { class: "message message--info", role: "status" }, t(kind === "complete" ? "queuedDone" : "queued"));
      form.replaceWith(note);
    });
  }

  /* ---- sign-out: restricted copies and unsent records go (the server's Clear-Site-Data does it too) ---- */
  function signOut(event) {
    var form = event.target;
    if (!form.matches || !form.matches('form[action$="/akun/logout/"]') || form.dataset.cleared) return;
    event.preventDefault();
    var outbox = window.corpuOutbox;
    (outbox ? outbox.counts() : Promise.resolve({ pending: 0 })).catch(function () { return { pending: 0 }; }).then(function (figures) {
      if (figures.pending && !window.confirm(t("signOutPending", { n: figures.pending }))) return;
      Promise.all([clearRestricted(), outbox ? outbox.clear() : null]).catch(function () { return null; }).then(function () {
        form.dataset.cleared = "1";
        form.submit();
      });
    });
  }

  function start() {
    var strings = document.getElementById("offline-strings");
    words = strings ? JSON.parse(strings.textContent) : {};
    document.addEventListener("submit", queueForm);
    document.addEventListener("submit", signOut);
    window.addEventListener("online", updateBanner);
    window.addEventListener("offline", updateBanner);
    window.addEventListener("corpu-outbox:change", function (event) { showBanner(event.detail); });
    updateBanner();
    if (!supported) return;
    navigator.serviceWorker.register(script.getAttribute("data-worker"), { scope: "/" }).catch(function () { return null; });
    if (document.body.getAttribute("data-auth") === "0") clearRestricted();  // signed out elsewhere, or expired
    Array.prototype.forEach.call(document.querySelectorAll("[data-offline-save]"), setUpSave);
    Array.prototype.forEach.call(document.querySelectorAll("[data-offline-list]"), renderList);
    if (document.body.getAttribute("data-auth") !== "0") refreshSaved();
  }

  window.corpuOffline = { save: save, savedList: savedList, removeSaved: removeSaved, clearRestricted: clearRestricted, refreshSaved: refreshSaved };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start); else start();
})();

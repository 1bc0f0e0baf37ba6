/* Record which result a searcher opened (click-through analytics) without delaying the navigation. */
(function () {
  'use strict';
  var token = document.querySelector('[name=csrfmiddlewaretoken]');
  document.addEventListener('click', function (event) {
    var link = event.target.closest('a[data-click]');
    if (!link || !link.dataset.click || !navigator.sendBeacon || !token) { return; }
    var data = new FormData();
    data.append('csrfmiddlewaretoken', token.value);
    data.append('position', link.dataset.position);
    navigator.sendBeacon(link.dataset.click, data);
  });
})();

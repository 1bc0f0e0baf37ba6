/* The H5P content origin's service worker (served by courses/h5p_offline.py; see docs/adr/0031-offline-h5p.md). */
var CORPU_H5P = {{ config|safe }};
importScripts(CORPU_H5P.workboxSw);
importScripts("{% load static %}{% static 'courses/h5p-sw.js' %}");

"""Filter content parameters by a library's `semantics.json`, as H5P core's H5PContentValidator does.

Every field is checked against its declared type; parameters the semantics do not declare are dropped;
HTML text keeps only the field's allowed `tags` (plus div, span, p, br) with nh3, without scripts, event
handlers, `javascript:`/`data:` URLs or styles other than the field's `font` options and text alignment;
plain text is HTML-escaped. `lookup("H5P.Text 1.1")` returns a sub-content library's semantics (or None).
"""

import math
import re

import nh3

URL_SCHEMES = {"http", "https", "ftp", "mailto"}
SUBCONTENT_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
MIME = re.compile(r"^[-\w.+]+/[-\w.+]+$")
FONT_STYLES = {
    "size": r"font-size: *[0-9.]+(em|px|%) *",
    "family": r'font-family: *[-a-z0-9," ]+',
    "color": r"color: *(#[a-f0-9]{3}[a-f0-9]{3}?|rgba?\([0-9, ]+\)) *",
    "background": r"background-color: *(#[a-f0-9]{3}[a-f0-9]{3}?|rgba?\([0-9, ]+\)) *",
    "spacing": r"letter-spacing: *[0-9.]+(em|px|%) *",
    "height": r"line-height: *[0-9.]+(em|px|%|) *",
}
ALIGN_STYLE = r"text-align: *(center|left|right)"
ATTRIBUTES = {
    "*": {"style", "title", "lang", "dir"},
    "a": {"href", "target"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start", "type"},
}
METADATA_TEXT = ("title", "license", "licenseVersion", "source", "contentType", "extraTitle", "defaultLanguage")
DROP = object()
BARE_AMPERSAND = re.compile(r"&(?!(#[0-9]+|#x[0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);)")


def escape(text):
    """HTML-escape plain text without encoding existing entities twice (PHP's htmlspecialchars, double_encode
    off), so text H5P's own editor already escaped stays as it was."""
    text = BARE_AMPERSAND.sub("&amp;", text)
    return text.replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;").replace("'", "&#039;")


def allowed_tags(semantics):
    """The tags an HTML text field allows, with the companions H5P adds (table rows, strong for b, ...)."""
    tags = {"div", "span", "p", "br", *semantics["tags"]}
    if "table" in tags:
        tags |= {"tr", "td", "th", "colgroup", "thead", "tbody", "tfoot"}
    if "b" in tags:
        tags.add("strong")
    if "i" in tags:
        tags.add("em")
    if tags & {"ul", "ol"}:
        tags.add("li")
    if tags & {"del", "strike"}:
        tags.add("s")
    return tags


def _style_filter(semantics):
    font = semantics.get("font") or {}
    patterns = [FONT_STYLES[key] for key in FONT_STYLES if font.get(key)] + [ALIGN_STYLE]
    style = re.compile(rf"^({'|'.join(patterns)});?$", re.IGNORECASE)

    def keep(tag, attribute, value):
        if attribute != "style":
            return value
        rules = [rule.strip() for rule in value.split(";") if rule.strip()]
        return "; ".join(rules) if rules and all(style.match(rule) for rule in rules) else None

    return keep


def clean_html(text, semantics):
    """Sanitise an HTML text field with nh3 and the field's allowed tags."""
    tags = allowed_tags(semantics)
    attributes = {tag: names for tag, names in ATTRIBUTES.items() if tag == "*" or tag in tags}
    return nh3.clean(
        text,
        tags=tags,
        attributes=attributes,
        attribute_filter=_style_filter(semantics),
        url_schemes=URL_SCHEMES,
    )


def _text(value, semantics):
    if not isinstance(value, str):
        return DROP
    value = clean_html(value, semantics) if semantics.get("tags") else escape(value)
    if semantics.get("maxLength"):
        value = value[: int(semantics["maxLength"])]
    if semantics.get("regexp"):
        pattern = semantics["regexp"]
        try:
            if not re.search(
                pattern.get("pattern", ""), value, re.IGNORECASE if "i" in pattern.get("modifiers", "") else 0
            ):
                return DROP
        except re.error:
            return DROP
    return value


def _number(value, semantics):
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        return DROP
    if "min" in semantics and value < semantics["min"]:
        value = semantics["min"]
    if "max" in semantics and value > semantics["max"]:
        value = semantics["max"]
    if "decimals" in semantics:
        value = round(value, int(semantics["decimals"]))
    elif isinstance(value, float) and value.is_integer():
        value = int(value)
    return value


def _boolean(value, semantics):
    return value if isinstance(value, bool) else DROP


def _select(value, semantics):
    options = {option.get("value") for option in semantics.get("options", [])}
    if semantics.get("multiple"):
        return [item for item in value if item in options] if isinstance(value, list) else DROP
    return value if isinstance(value, str | int) and value in options else DROP


def _list(value, semantics, lookup):
    if not isinstance(value, list):
        return DROP
    items = [item for item in (validate(v, semantics["field"], lookup) for v in value) if item is not DROP]
    if "max" in semantics:
        items = items[: int(semantics["max"])]
    return items


def _group(value, semantics, lookup):
    fields = semantics.get("fields", [])
    if len(fields) == 1 and not isinstance(value, dict):
        return validate(value, fields[0], lookup)  # H5P stores a one-field group as the bare value
    return validate_fields(value, fields, lookup)


def validate_fields(params, fields, lookup):
    """Keep only declared fields, each validated by its type."""
    if not isinstance(params, dict):
        return {}
    result = {}
    for semantics in fields:
        name = semantics.get("name")
        if name in params:
            value = validate(params[name], semantics, lookup)
            if value is not DROP:
                result[name] = value
    return result


def _library(value, semantics, lookup):
    if not isinstance(value, dict):
        return DROP
    options = {o if isinstance(o, str) else o.get("name") for o in semantics.get("options", [])}
    name = value.get("library")
    fields = lookup(name) if name in options else None
    if fields is None:
        return DROP
    result = {"library": name, "params": validate_fields(value.get("params"), fields, lookup)}
    if isinstance(value.get("subContentId"), str) and SUBCONTENT_ID.match(value["subContentId"]):
        result["subContentId"] = value["subContentId"]
    metadata = value.get("metadata")
    if isinstance(metadata, dict):
        result["metadata"] = {k: escape(metadata[k]) for k in METADATA_TEXT if isinstance(metadata.get(k), str)}
    return result


def _file(value, semantics, lookup=None):
    """One file of an image/file/video/audio field: a relative path or an http(s) URL, with optional details."""
    if not isinstance(value, dict) or not isinstance(value.get("path"), str):
        return DROP
    path = value["path"].strip()
    scheme = path.split(":", 1)[0].lower() if ":" in path.split("/", 1)[0] else None
    if (scheme and scheme not in {"http", "https"}) or ".." in path.split("/"):
        return DROP
    result = {"path": path}
    if isinstance(value.get("mime"), str) and MIME.match(value["mime"]):
        result["mime"] = value["mime"]
    for key in ("width", "height"):
        if isinstance(value.get(key), int) and not isinstance(value[key], bool):
            result[key] = value[key]
    if isinstance(value.get("copyright"), dict):
        result["copyright"] = {k: escape(v) for k, v in value["copyright"].items() if isinstance(v, str)}
    if isinstance(value.get("codecs"), str):
        result["codecs"] = escape(value["codecs"])
    if semantics.get("type") == "image" and isinstance(value.get("originalImage"), dict):
        original = _file(value["originalImage"], semantics)
        if original is not DROP:
            result["originalImage"] = original
    return result


def _files(value, semantics, lookup):
    if not isinstance(value, list):
        return DROP
    return [item for item in (_file(v, semantics) for v in value) if item is not DROP]


VALIDATORS = {
    "text": lambda value, semantics, lookup: _text(value, semantics),
    "number": lambda value, semantics, lookup: _number(value, semantics),
    "boolean": lambda value, semantics, lookup: _boolean(value, semantics),
    "select": lambda value, semantics, lookup: _select(value, semantics),
    "list": _list,
    "group": _group,
    "library": _library,
    "image": _file,
    "file": _file,
    "video": _files,
    "audio": _files,
}


def validate(value, semantics, lookup):
    """A value filtered by one field's semantics, or DROP when it has no valid form."""
    validator = VALIDATORS.get(semantics.get("type")) if isinstance(semantics, dict) else None
    return DROP if validator is None else validator(value, semantics, lookup)


def filter_params(params, semantics, lookup=lambda name: None):
    """The content parameters of a library whose `semantics.json` is `semantics` (a list of fields)."""
    return validate_fields(params, semantics if isinstance(semantics, list) else [], lookup)

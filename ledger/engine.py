"""Counting JP: a deterministic, pure function of a set of activities and a rulebook.

No database access here. `compute(activities, rulebook)` takes `Activity` values and a `RulebookSpec` (built from
the `Rulebook` model with `Rulebook.spec()` or straight from a rulebook JSON file with `RulebookSpec.from_dict`)
and returns one `Result` per activity, each with its counted JP and an Indonesian explanation, plus totals per
10/20/70 bucket. The steps follow ledger/rulebooks/README.md ("Field semantics"):

0. the rulebook in force on the activity's start date (`RulebookSpec.for_date`: this one, else an earlier one it
supersedes, else this one with a note); 1. rate (international when set, else national); 2. uplift for
international; 3. days (quantity for unit `hari`, else the inclusive calendar span), limited by
`max_days_per_activity`; 4. Kutai Barat override (stated JP replaces the conversion, no uplift, caps still apply);
5. base JP (programme JP — stated, or the entry's quantity when it is given in JP, whatever the rule's unit —
ceiling'd by the rate when one is set; with nothing but the length known, the editable `fallback_jp_per_day`
(flagged for review) or the maximum itself, said so; else rate × quantity); 6. caps per day × days and per
activity, before the uplift; 7. uplift, rounded to 0.01; 8. group caps per rulebook and form, by activity date: JP
per calendar day (the activity's capped base spread over its days, shared by all activities of the form on that
day), sessions per month, activities per year, JP per year.

Activities are sorted by a content key (dates, form, scope, certificate number, title, source reference, …)
before the group caps are applied, so insertion order never changes a figure.
"""

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext

FORMS = [
    "pendidikan",
    "pelatihan_struktural",
    "pelatihan_manajerial",
    "pelatihan_teknis",
    "pelatihan_fungsional",
    "pelatihan_sosial_kultural",
    "seminar",
    "workshop",
    "kursus",
    "penataran",
    "bimtek",
    "sosialisasi",
    "coaching",
    "mentoring",
    "e_learning",
    "pelatihan_jarak_jauh",
    "detasering",
    "outbound",
    "patok_banding",
    "pertukaran",
    "belajar_mandiri",
    "komunitas_belajar",
    "bimbingan_tempat_kerja",
    "magang",
]
FORM_NAMES = {
    "pendidikan": "pendidikan",
    "pelatihan_struktural": "pelatihan struktural",
    "pelatihan_manajerial": "pelatihan manajerial",
    "pelatihan_teknis": "pelatihan teknis",
    "pelatihan_fungsional": "pelatihan fungsional",
    "pelatihan_sosial_kultural": "pelatihan sosial kultural",
    "seminar": "seminar",
    "workshop": "workshop",
    "kursus": "kursus",
    "penataran": "penataran",
    "bimtek": "bimtek",
    "sosialisasi": "sosialisasi",
    "coaching": "coaching",
    "mentoring": "mentoring",
    "e_learning": "e-learning",
    "pelatihan_jarak_jauh": "pelatihan jarak jauh",
    "detasering": "detasering",
    "outbound": "outbound",
    "patok_banding": "patok banding",
    "pertukaran": "pertukaran ASN",
    "belajar_mandiri": "belajar mandiri",
    "komunitas_belajar": "komunitas belajar",
    "bimbingan_tempat_kerja": "bimbingan di tempat kerja",
    "magang": "magang",
}
UNITS = ["hari", "kegiatan", "jp", "semester"]
SCOPES = ["nasional", "internasional"]
BUCKETS = ["classical", "guidance", "workplace"]
INTERNATIONAL = "internasional"
OVERRIDE_MARKER = "[stated_jp_overrides: ya"

ZERO = Decimal("0")
CENT = Decimal("0.01")
HUNDRED = Decimal("100")


class Msg:
    """A translatable message rendered only when shown: `_("... %(x)s") % {"x": 1}` stays lazy and cheap."""

    __slots__ = ("msgid", "params")

    def __init__(self, msgid, params=None):
        self.msgid = msgid
        self.params = params

    def __mod__(self, params):
        return Msg(self.msgid, params)

    def __str__(self):
        text = gettext(self.msgid)
        if not self.params:
            return text
        return text % {key: _render(value) for key, value in self.params.items()}


class Concat:
    """Parts joined when shown."""

    __slots__ = ("parts",)

    def __init__(self, *parts):
        self.parts = parts

    def __str__(self):
        return "".join(_render(part) for part in self.parts)


def _render(value):
    if isinstance(value, Decimal):
        return fmt(value)
    return str(value)


_ = Msg  # msgids stay visible to makemessages as _("...")


def dec(value):
    """A Decimal from an int, float, str or Decimal (None stays None)."""
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    return Decimal(str(value))


def fmt(value):
    """A JP figure for people: "12", "4,8", "0,25" (Indonesian decimal comma)."""
    value = dec(value).quantize(CENT, rounding=ROUND_HALF_UP).normalize()
    if value == value.to_integral_value():
        return str(int(value))
    return format(value, "f").replace(".", ",")


def _opt_int(value):
    return None if value is None else int(value)


def _opt_date(value):
    if value is None or isinstance(value, datetime.date):
        return value
    return datetime.date.fromisoformat(value)


@dataclass(frozen=True)
class RuleSpec:
    form: str
    label: str
    available: bool
    bucket: str
    unit: str | None
    programme_jp: bool
    jp_per_unit_nasional: Decimal | None = None
    jp_per_unit_internasional: Decimal | None = None
    international_uplift_pct: Decimal = ZERO
    cap_jp_per_day: Decimal | None = None
    cap_jp_per_activity: Decimal | None = None
    cap_jp_per_year: Decimal | None = None
    max_sessions_per_month: int | None = None
    max_activities_per_year: int | None = None
    max_days_per_activity: int | None = None
    stated_jp_overrides: bool = False
    fallback_jp_per_day: Decimal | None = None

    @classmethod
    def from_dict(cls, data):
        return cls(
            form=data["form"],
            label=data.get("label") or data["form"],
            available=bool(data.get("available", True)),
            bucket=data.get("bucket") or "classical",
            unit=data.get("unit"),
            programme_jp=bool(data.get("programme_jp")),
            jp_per_unit_nasional=dec(data.get("jp_per_unit_nasional")),
            jp_per_unit_internasional=dec(data.get("jp_per_unit_internasional")),
            international_uplift_pct=dec(data.get("international_uplift_pct")) or ZERO,
            cap_jp_per_day=dec(data.get("cap_jp_per_day")),
            cap_jp_per_activity=dec(data.get("cap_jp_per_activity")),
            cap_jp_per_year=dec(data.get("cap_jp_per_year")),
            max_sessions_per_month=_opt_int(data.get("max_sessions_per_month")),
            max_activities_per_year=_opt_int(data.get("max_activities_per_year")),
            max_days_per_activity=_opt_int(data.get("max_days_per_activity")),
            fallback_jp_per_day=dec(data.get("fallback_jp_per_day")),
            stated_jp_overrides=bool(
                data.get("stated_jp_overrides", (data.get("interpretation") or "").startswith(OVERRIDE_MARKER))
            ),
        )


@dataclass(frozen=True)
class RulebookSpec:
    slug: str
    stated_jp_overrides: bool
    rules: dict
    target_jp_pns: Decimal = Decimal("20")
    target_jp_pppk: Decimal = Decimal("20")
    target_jp_pppk_is_ceiling: bool = False
    effective_from: datetime.date | None = None
    effective_until: datetime.date | None = None
    supersedes: "RulebookSpec | None" = None  # the same institution's earlier rulebook, if any

    @classmethod
    def from_dict(cls, data):
        return cls(
            slug=data["slug"],
            stated_jp_overrides=bool(data.get("stated_jp_overrides")),
            rules={rule["form"]: RuleSpec.from_dict(rule) for rule in data["rules"]},
            target_jp_pns=dec(data.get("target_jp_pns", 20)),
            target_jp_pppk=dec(data.get("target_jp_pppk", 20)),
            target_jp_pppk_is_ceiling=bool(data.get("target_jp_pppk_is_ceiling")),
            effective_from=_opt_date(data.get("effective_from")),
            effective_until=_opt_date(data.get("effective_until")),
        )

    def in_force(self, day):
        """Whether this rulebook is in force on `day` (open ends count as in force)."""
        return (self.effective_from is None or self.effective_from <= day) and (
            self.effective_until is None or day <= self.effective_until
        )

    def for_date(self, day):
        """(the rulebook that counts an activity dated `day`, a note or None): this one when in force, else the
        earlier rulebook of the same institution in force on that day, else this one with a note saying so."""
        if self.in_force(day):
            return self, None
        earlier = self.supersedes
        seen = {self.slug}
        while earlier is not None and earlier.slug not in seen:
            if earlier.in_force(day):
                return earlier, _("dihitung menurut %(slug)s, peraturan yang berlaku pada %(d)s") % {
                    "slug": earlier.slug,
                    "d": day.isoformat(),
                }
            seen.add(earlier.slug)
            earlier = earlier.supersedes
        return self, _(
            "tanggal kegiatan %(d)s di luar masa berlaku %(slug)s (%(f)s s.d. %(u)s) dan tidak ada "
            "peraturan lain yang berlaku pada tanggal itu: dihitung menurut %(slug)s"
        ) % {
            "d": day.isoformat(),
            "slug": self.slug,
            "f": self.effective_from.isoformat() if self.effective_from else "-",
            "u": self.effective_until.isoformat() if self.effective_until else "-",
        }


@dataclass(slots=True)
class Activity:
    """One verified learning activity, as the engine sees it."""

    form: str
    start_date: datetime.date
    end_date: datetime.date
    quantity: Decimal
    unit: str
    scope: str = "nasional"
    stated_jp: Decimal | None = None
    title: str = ""
    certificate_no: str = ""
    source_ref: str = ""
    ref: object = field(default=None, compare=False)  # e.g. the entry id; never used for ordering

    def sort_key(self):
        stated = dec(self.stated_jp)
        return (
            self.start_date,
            self.end_date,
            self.form,
            self.scope,
            self.certificate_no or "",
            self.title or "",
            self.source_ref or "",
            self.unit,
            dec(self.quantity),
            stated is None,
            stated or ZERO,
        )


@dataclass(slots=True)
class Result:
    activity: Activity
    jp: Decimal
    raw_jp: Decimal
    counted: bool
    bucket: str
    parts: list
    day_allocation: dict = field(default_factory=dict)  # calendar day -> JP (before uplift) under a per-day cap
    entry: object = None  # the ledger Entry, when the caller attaches it
    review: bool = False  # the figure rests on an editable fallback rate: the verifier should check it

    @property
    def explanation(self):
        """The Indonesian (or active language) explanation, rendered on demand."""
        return "; ".join(str(part) for part in self.parts)


@dataclass
class Summary:
    results: list
    total_jp: Decimal
    by_bucket: dict


def _round(value):
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def _days_span(activity):
    return max(1, (activity.end_date - activity.start_date).days + 1)


def _quantity_in_rule_unit(activity, rule):
    """The activity's quantity expressed in the rule's unit (None when it cannot be known)."""
    quantity = dec(activity.quantity) or ZERO
    if activity.unit == rule.unit or rule.unit is None:
        return quantity
    if rule.unit == "hari":
        return Decimal(_days_span(activity))
    if rule.unit == "kegiatan":
        return Decimal(1)
    if rule.unit == "semester":
        return Decimal(max(1, math.ceil(_days_span(activity) / 183)))
    return None  # unit jp: only a stated JP tells


def _label(rule, activity):
    name = FORM_NAMES.get(activity.form, activity.form)
    return Concat(name, " ", _("internasional")) if activity.scope == INTERNATIONAL else name


UNIT_WORDS = {"hari": _("hari"), "kegiatan": _("kegiatan"), "jp": _("JP"), "semester": _("semester")}


def _unit_word(unit):
    return UNIT_WORDS.get(unit, unit)


def given_jp(activity):
    """The JP the evidence or organiser states: `stated_jp`, else the quantity of an entry counted in JP."""
    stated = dec(activity.stated_jp)
    if stated is not None:
        return stated
    return dec(activity.quantity) if activity.unit == "jp" else None


def _activity_days(activity):
    """Days of the activity itself: the quantity of an entry counted in days, else its calendar span."""
    if activity.unit == "hari" and activity.quantity:
        return dec(activity.quantity)
    return Decimal(_days_span(activity))


def _programme_base(activity, rule, rate, quantity, unit_word):
    """Step 5 for a programme-JP rule: (base, separator, formula, notes, review) or None when it cannot count.

    The programme JP is the JP given (stated, or the quantity of an entry in JP), whatever unit the rule is shown
    in. A rate is a ceiling ("paling tinggi"): it is the value only when nothing but the length is known, and
    the explanation says so. A rule with `fallback_jp_per_day` (magang "disesuaikan dengan durasi") uses that
    editable rate instead, under the ceiling, and flags the result for the verifier.
    """
    programme = given_jp(activity)
    ceiling = rate * quantity if rate is not None and quantity is not None else None
    if programme is not None:
        if ceiling is not None and programme > ceiling:
            formula = _("%(p)s JP program, paling tinggi %(q)s %(u)s × %(r)s JP = %(jp)s JP") % {
                "p": programme,
                "q": quantity,
                "u": unit_word,
                "r": rate,
                "jp": ceiling,
            }
            return ceiling, ": ", formula, [], False
        return programme, ": ", _("JP program %(jp)s JP") % {"jp": programme}, [], False
    if rule.fallback_jp_per_day is not None:
        days = _activity_days(activity)
        base = rule.fallback_jp_per_day * days
        formula = _(
            "JP tidak tertera pada bukti dukung: %(d)s hari × %(r)s JP (tarif pengganti dalam peraturan konversi) "
            "= %(jp)s JP"
        ) % {"d": days, "r": rule.fallback_jp_per_day, "jp": base}
        notes = []
        if ceiling is not None and base > ceiling:
            base = ceiling
            notes.append(_("paling banyak %(jp)s JP per kegiatan") % {"jp": ceiling})
        notes.append(_("perlu diperiksa verifikator: JP menurut durasi, bukan JP tertera"))
        return base, ": ", formula, notes, True
    if ceiling is not None:
        formula = _("JP program tidak tertera, dipakai nilai paling tinggi %(q)s %(u)s × %(r)s JP = %(jp)s JP") % {
            "q": quantity,
            "u": unit_word,
            "r": rate,
            "jp": ceiling,
        }
        return ceiling, ": ", formula, [], False
    return None


def convert(activity, rule, rulebook):
    """Steps 1–7 for one activity: (jp, capped base before uplift, days, explanation, review)."""
    name = _label(rule, activity)
    if rule is None or not rule.available:
        return ZERO, ZERO, 0, [_("%(form)s: tidak diatur dalam peraturan ini, tidak dihitung") % {"form": name}], False
    international = activity.scope == INTERNATIONAL
    rate = rule.jp_per_unit_nasional
    if international and rule.jp_per_unit_internasional is not None:
        rate = rule.jp_per_unit_internasional
    uplift = rule.international_uplift_pct if international else ZERO
    quantity = _quantity_in_rule_unit(activity, rule)
    given = given_jp(activity)
    notes = []
    review = False
    days = quantity if rule.unit == "hari" and quantity is not None else Decimal(_days_span(activity))
    if rule.max_days_per_activity is not None and days > rule.max_days_per_activity:
        notes.append(_("dihitung paling lama %(n)s hari per kegiatan") % {"n": rule.max_days_per_activity})
        days = Decimal(rule.max_days_per_activity)
        if rule.unit == "hari":
            quantity = days
    unit_word = _unit_word(rule.unit)

    stated = dec(activity.stated_jp)
    if rulebook.stated_jp_overrides and rule.stated_jp_overrides and stated is not None:
        base = stated
        uplift = ZERO
        separator = " "
        formula = _("%(jp)s JP tertera pada bukti dukung") % {"jp": stated}
    elif rule.programme_jp:
        found = _programme_base(activity, rule, rate, quantity, unit_word)
        if found is None:
            why = _("%(form)s: JP program tidak tertera pada bukti dukung, tidak dapat dihitung") % {"form": name}
            return ZERO, ZERO, days, [why], False
        base, separator, formula, extra, review = found
        notes.extend(extra)
    else:
        if rate is None or quantity is None:
            why = _("%(form)s: tidak ada tarif konversi, tidak dihitung") % {"form": name}
            return ZERO, ZERO, days, [why], False
        base = rate * quantity
        separator = " "
        formula = _("%(q)s %(u)s × %(r)s JP = %(jp)s JP") % {
            "q": quantity,
            "u": unit_word,
            "r": rate,
            "jp": base,
        }
        if given is not None and given != base:
            notes.append(_("JP tertera %(jp)s tidak menggantikan konversi") % {"jp": given})

    if rule.cap_jp_per_day is not None:
        day_cap = rule.cap_jp_per_day * days
        if base > day_cap:
            notes.append(
                _("dibatasi %(c)s JP per hari × %(d)s hari = %(jp)s JP")
                % {"c": rule.cap_jp_per_day, "d": days, "jp": day_cap}
            )
            base = day_cap
    if rule.cap_jp_per_activity is not None and base > rule.cap_jp_per_activity:
        notes.append(_("dibatasi %(c)s JP per kegiatan") % {"c": rule.cap_jp_per_activity})
        base = rule.cap_jp_per_activity
    jp = _round(base * (1 + uplift / HUNDRED))
    if uplift:
        notes.append(_("+%(p)s%% internasional = %(jp)s JP") % {"p": uplift, "jp": jp})
    return jp, base, days, [Concat(name, separator, formula), *notes], review


def _calendar_days(activity, days):
    count = max(1, math.ceil(days)) if days else 1
    return [activity.start_date + datetime.timedelta(days=i) for i in range(count)]


def compute(activities, rulebook, cache=None):
    """Counted JP for a set of activities under a rulebook (order of the input never matters).

    `cache` (a dict the caller keeps for one rulebook) memoises steps 1–7, which depend only on the form, scope,
    unit, quantity, stated JP and length of an activity; a yearly report passes one cache for all employees.
    """
    ordered = sorted(activities, key=Activity.sort_key)
    results = []
    per_form = defaultdict(list)
    for activity in ordered:
        book, note = rulebook.for_date(activity.start_date)
        rule = book.rules.get(activity.form)
        if rule is None:
            rule = RuleSpec(activity.form, activity.form, False, "classical", None, False)
        if cache is None:
            jp, base, days, parts, review = convert(activity, rule, book)
        else:
            key = (
                book.slug,
                activity.form,
                activity.scope,
                activity.unit,
                activity.quantity,
                activity.stated_jp,
                (activity.end_date - activity.start_date).days,
            )
            converted = cache.get(key)
            if converted is None:
                converted = cache[key] = convert(activity, rule, book)
            jp, base, days, parts, review = converted
        parts = list(parts)
        if note is not None:
            parts.append(note)
        result = Result(activity, jp, jp, jp > 0, rule.bucket, parts, review=review)
        results.append(result)
        if rule.available:
            per_form[(book.slug, activity.form)].append((result, rule, base, days))

    for items in per_form.values():
        _apply_group_caps(items, rulebook)

    by_bucket = dict.fromkeys(BUCKETS, ZERO)
    for result in results:
        if result.counted:
            by_bucket[result.bucket] = by_bucket.get(result.bucket, ZERO) + result.jp
    total = sum(by_bucket.values(), ZERO)
    return Summary(results=results, total_jp=total, by_bucket=by_bucket)


def _not_counted(result, why):
    result.jp = ZERO
    result.counted = False
    result.parts.append(why)


def _apply_group_caps(items, rulebook):
    """Step 8: caps shared by all activities of one form, applied in activity-date order.

    Sessions per month and activities per year first (a record is one session), then the JP per calendar day
    shared by the activities of the form on that day, then JP per year.
    """
    rule = items[0][1]
    name = FORM_NAMES.get(rule.form, rule.form)
    if rule.max_sessions_per_month is not None:
        seen = defaultdict(int)
        for result, *_rest in items:
            if not result.counted:
                continue
            month = result.activity.start_date.strftime("%Y-%m")
            seen[month] += 1
            if seen[month] > rule.max_sessions_per_month:
                _not_counted(
                    result,
                    _("%(form)s: sesi ke-%(n)s pada %(m)s melebihi %(max)s sesi per bulan, tidak dihitung")
                    % {"form": name, "n": seen[month], "m": month, "max": rule.max_sessions_per_month},
                )
    if rule.max_activities_per_year is not None:
        seen = defaultdict(int)
        for result, *_rest in items:
            if not result.counted:
                continue
            year = result.activity.start_date.year
            seen[year] += 1
            if seen[year] > rule.max_activities_per_year:
                _not_counted(
                    result,
                    _(
                        "%(form)s: kegiatan ke-%(n)s pada tahun %(y)s melebihi %(max)s kegiatan per tahun, "
                        "tidak dihitung"
                    )
                    % {"form": name, "n": seen[year], "y": year, "max": rule.max_activities_per_year},
                )
    if rule.cap_jp_per_day is not None:
        _share_daily_cap(items, rule)
    if rule.cap_jp_per_year is not None:
        used = defaultdict(lambda: ZERO)
        for result, *_rest in items:
            if not result.counted:
                continue
            year = result.activity.start_date.year
            room = max(ZERO, rule.cap_jp_per_year - used[year])
            if result.jp > room:
                factor = room / result.jp
                result.day_allocation = {day: jp * factor for day, jp in result.day_allocation.items()}
                result.jp = _round(room)
                if result.jp <= 0:
                    result.day_allocation.clear()
                    _not_counted(
                        result,
                        _("batas %(c)s JP per tahun %(y)s sudah tercapai, tidak dihitung")
                        % {"c": rule.cap_jp_per_year, "y": year},
                    )
                    continue
                result.parts.append(
                    _("dibatasi %(c)s JP per tahun: %(jp)s JP") % {"c": rule.cap_jp_per_year, "jp": result.jp}
                )
            used[year] += result.jp


def _share_daily_cap(items, rule):
    """The per-day cap holds across activities: each activity's capped base is spread over its days, in order."""
    used = defaultdict(lambda: ZERO)
    for result, _rule, base, days in items:
        if not result.counted or base <= 0:
            continue
        spread = _calendar_days(result.activity, days)
        share = base / len(spread)
        allowed = ZERO
        for day in spread:
            take = min(share, max(ZERO, rule.cap_jp_per_day - used[day]))
            used[day] += take
            result.day_allocation[day] = take
            allowed += take
        if allowed < base:
            result.jp = _round(allowed * result.jp / base)
            if result.jp <= 0:
                result.day_allocation.clear()
                _not_counted(
                    result,
                    _("batas %(c)s JP per hari sudah terpakai kegiatan lain pada hari yang sama, tidak dihitung")
                    % {"c": rule.cap_jp_per_day},
                )
            else:
                result.parts.append(
                    _("batas %(c)s JP per hari dipakai bersama kegiatan lain pada hari yang sama: %(jp)s JP")
                    % {"c": rule.cap_jp_per_day, "jp": result.jp}
                )

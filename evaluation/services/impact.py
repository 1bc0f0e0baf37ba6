"""Level 4 – impact: link a programme to unit targets, record the indicator before and after, build its sheet."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from corpu.access import can_view_impact, evaluation_scope, headed_paths, may_record_evaluation

from ..models import Better, ImpactLink, IndicatorValue, Phase


def _require_clo(actor):
    if not may_record_evaluation(actor):
        raise PermissionDenied(_("Hanya CLO yang dapat mencatat evaluasi dampak."))


def link_target(actor, programme, target, indicator, unit_of_measure, better=Better.HIGHER):
    """Tie one indicator of a unit target to a programme (refused twice for the same indicator)."""
    _require_clo(actor)
    indicator, unit_of_measure = (indicator or "").strip(), (unit_of_measure or "").strip()
    errors = {}
    if not indicator:
        errors["indicator"] = _("Isi indikator kinerja yang diukur.")
    if not unit_of_measure:
        errors["unit_of_measure"] = _("Isi satuan indikator, mis. % atau km.")
    if better not in Better.values:
        errors["better"] = _("Pilih arah perbaikan indikator.")
    if target.direction.year not in (programme.year, programme.year - 1, programme.year + 1):
        errors["target"] = _("Sasaran harus dari arah pengembangan tahun program atau tahun sebelum/sesudahnya.")
    if ImpactLink.objects.filter(programme=programme, target=target, indicator=indicator).exists():
        errors["indicator"] = _("Indikator ini sudah ditautkan ke program.")
    if errors:
        raise ValidationError(errors)
    return ImpactLink.objects.create(
        programme=programme,
        target=target,
        indicator=indicator,
        unit_of_measure=unit_of_measure,
        better=better,
        added_by=actor,
    )


def record_value(actor, link, phase, value, measured_on, source, evidence=None):
    """Record (or replace) the before or after value of a linked indicator; a source is required and an after value
    must be measured later than the before value."""
    _require_clo(actor)
    source = (source or "").strip()
    errors = {}
    if phase not in Phase.values:
        errors["phase"] = _("Pilih saat pengukuran: sebelum atau sesudah program.")
    if value is None:
        errors["value"] = _("Isi nilai indikator.")
    if measured_on is None:
        errors["measured_on"] = _("Isi tanggal pengukuran.")
    if not source:
        errors["source"] = _("Sebutkan sumber data (dokumen atau sistem), mis. LKjIP atau e-Kinerja.")
    other = link.values.exclude(phase=phase).first()
    if measured_on and other and not errors:
        before, after = (measured_on, other.measured_on) if phase == Phase.BEFORE else (other.measured_on, measured_on)
        if after <= before:
            errors["measured_on"] = _("Pengukuran sesudah program harus lebih akhir daripada pengukuran sebelumnya.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        row, _created = IndicatorValue.objects.select_for_update().get_or_create(
            link=link,
            phase=phase,
            defaults={"value": value, "measured_on": measured_on, "source": source, "recorded_by": actor},
        )
        row.value, row.measured_on, row.source, row.recorded_by = value, measured_on, source, actor
        if evidence is not None:
            row.evidence = evidence
        row.full_clean(exclude=["link"])
        row.save()
    return row


@dataclass
class SheetRow:
    link: ImpactLink
    before: IndicatorValue | None
    after: IndicatorValue | None

    @property
    def change(self):
        if self.before is None or self.after is None:
            return None
        return self.after.value - self.before.value

    @property
    def change_pct(self):
        if self.change is None or not self.before.value:
            return None
        return (self.change * 100 / abs(self.before.value)).quantize(Decimal("0.1"))

    @property
    def improved(self):
        """True when the indicator moved the right way, False when the wrong way, None when unchanged/unknown."""
        if not self.change:
            return None
        return (self.change > 0) == (self.link.better == Better.HIGHER)


def target_paths(programme):
    """The tree paths of the units whose targets the programme is linked to (who may see its sheet)."""
    return list(programme.impact_links.values_list("target__unit__path", flat=True).distinct())


def may_view_sheet(user, programme):
    return can_view_impact(user, target_paths(programme))


def sheet_rows(links):
    """One SheetRow per ImpactLink of a queryset, its values prefetched: two queries whatever their number."""
    rows = []
    for link in links.prefetch_related("values"):
        values = {v.phase: v for v in link.values.all()}
        rows.append(SheetRow(link, values.get(Phase.BEFORE), values.get(Phase.AFTER)))
    return rows


def impact_sheet(programme):
    """The sheet's rows, one per linked indicator."""
    return sheet_rows(programme.impact_links.select_related("target__unit", "target__direction"))


def programmes_with_impact(user):
    """Programmes with at least one linked target this user may see (all for the CLO / Dewan Pengarah, those with a
    target of a unit they head, or below it, otherwise), with their link counts; one query."""
    from django.db.models import Count, Q

    from planning.models import LearningProgramme

    programmes = LearningProgramme.objects.filter(impact_links__isnull=False)
    if evaluation_scope(user) != "all":
        heads = headed_paths(user) if user.is_authenticated else ()
        if not heads:
            return []
        reach = Q(pk__in=[])
        for path in heads:
            reach |= Q(impact_links__target__unit__path__startswith=path)
        programmes = LearningProgramme.objects.filter(pk__in=programmes.filter(reach).values("pk"))
    else:
        programmes = LearningProgramme.objects.filter(pk__in=programmes.values("pk"))
    return list(programmes.annotate(links=Count("impact_links")).order_by("-year", "title", "id"))

"""Keep the stored year summaries (ledger.summaries) in step with the ledger and the rulebooks."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import Signal, receiver

from . import summaries
from .models import Entry, Rule, Rulebook

# Sent by ledger.services.record_activity once per new entry (never for the existing one an idempotent repost
# returns), inside the caller's transaction, with `entry` and `actor`. Other apps react to postings here (e.g.
# planning links a course completion to its IDP row) without the poster knowing them.
entry_recorded = Signal()


def _years(entry, using):
    years = {entry.start_date.year}
    if entry.amends_id:
        amended = Entry.objects.using(using).filter(pk=entry.amends_id).values_list("start_date", flat=True).first()
        if amended is not None:
            years.add(amended.year)
    return years


@receiver(post_save, sender=Entry, dispatch_uid="ledger_entry_saved_summaries")
@receiver(post_delete, sender=Entry, dispatch_uid="ledger_entry_deleted_summaries")
def entry_changed(sender, instance, using, raw=False, **kwargs):
    """Any saved entry (a new one, a status change, a corrected title) recomputes its employee's summaries for
    its year and the year of the entry it amends, in the same transaction as the write."""
    if raw:
        summaries.invalidate(using=using)
        return
    summaries.refresh(instance.employee_id, _years(instance, using), using=using)


@receiver(post_save, sender=Rule, dispatch_uid="ledger_rule_saved_summaries")
@receiver(post_delete, sender=Rule, dispatch_uid="ledger_rule_deleted_summaries")
def rule_changed(sender, instance, using, raw=False, **kwargs):
    summaries.invalidate(instance.rulebook_id, using=using)


@receiver(post_save, sender=Rulebook, dispatch_uid="ledger_rulebook_saved_summaries")
def rulebook_changed(sender, instance, using, created=False, raw=False, **kwargs):
    if not created:
        summaries.invalidate(instance.pk, using=using)

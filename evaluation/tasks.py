"""Background work of the evaluation app (django-tasks; the backend is the TASKS setting: immediate in development
and tests, django-tasks-db with `manage.py db_worker` in production)."""

from django_tasks import task


@task()
def build_yearly_report(report_id):
    """Build one queued yearly report (evaluation.services.report.run)."""
    from .services.report import run

    run(report_id)

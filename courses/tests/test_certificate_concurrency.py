"""Reissuing one certificate from many requests at once leaves one valid certificate and one chain (PostgreSQL)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from courses.models import Certificate, CertificateStatus
from courses.services import certificates as service
from courses.tests.certificate_helpers import catalog, complete, course
from courses.tests.test_completion_concurrency import run_together
from tests.factories import UserFactory

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL row locking and real concurrency"),
]


def test_parallel_reissues_of_one_certificate_make_exactly_one_successor(home):
    certificate = complete(UserFactory(), course(catalog(home)))
    clo = UserFactory()
    errors = run_together(lambda: service.reissue(Certificate.objects.get(pk=certificate.pk), clo), count=6)
    assert len(errors) == 5 and all(isinstance(error, ValidationError) for error in errors)
    assert Certificate.objects.filter(status=CertificateStatus.VALID).count() == 1
    certificate.refresh_from_db()
    assert certificate.status == CertificateStatus.REPLACED
    assert certificate.replaced_by.status == CertificateStatus.VALID


def test_a_revocation_racing_a_reissue_never_leaves_two_valid_certificates(home):
    certificate = complete(UserFactory(), course(catalog(home)))
    clo = UserFactory()
    fresh = lambda: Certificate.objects.get(pk=certificate.pk)  # noqa: E731
    actions = iter([lambda: service.revoke(fresh(), clo, "Keliru"), lambda: service.reissue(fresh(), clo)] * 3)
    errors = run_together(lambda: next(actions)(), count=6)
    assert all(isinstance(error, ValidationError) for error in errors)
    assert Certificate.objects.filter(status=CertificateStatus.VALID).count() == 1  # the one reissue that won
    assert Certificate.objects.filter(status=CertificateStatus.REPLACED).count() == 1

"""factory-boy factories shared by the test suites."""

import itertools

import factory

from people.models import JenisPegawai, Keanggotaan, KelompokKeahlian, RumpunKeahlian, UnitKerja, User

_nip_sequence = itertools.count(1)


def next_nip():
    """A valid NIP with a unique sequence part: born 1990-01-15, TMT 2015-03, male."""
    n = next(_nip_sequence)
    return f"19900115201503{1 + (n // 999) % 2}{1 + n % 999:03d}"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    nama = factory.Faker("name", locale="id_ID")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.go.id")
    jenis_pegawai = JenisPegawai.PNS
    nip = factory.LazyFunction(next_nip)
    password = factory.django.Password("rahasia-123")


class GuestFactory(UserFactory):
    jenis_pegawai = JenisPegawai.NON_ASN
    nip = None


def unit(path):
    """The unit at a "/" path, created if needed."""
    return UnitKerja.ensure_path(path)


class RumpunFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RumpunKeahlian

    nama = factory.Sequence(lambda n: f"Rumpun {n}")


class KelompokFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KelompokKeahlian

    nama = factory.Sequence(lambda n: f"Kelompok Keahlian {n}")
    rumpun = factory.SubFactory(RumpunFactory)


class KeanggotaanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Keanggotaan

    kelompok = factory.SubFactory(KelompokFactory)
    user = factory.SubFactory(UserFactory)

import datetime

import pytest
from django.core.exceptions import ValidationError

from people.nip import parse_nip

TODAY = datetime.date(2026, 11, 23)


def error_for(nip):
    with pytest.raises(ValidationError) as info:
        parse_nip(nip, today=TODAY)
    return info.value.messages[0], info.value.code


def test_valid_nip_is_decoded():
    nip = parse_nip("198503122010012003", today=TODAY)
    assert nip.tanggal_lahir == datetime.date(1985, 3, 12)
    assert nip.tmt == datetime.date(2010, 1, 1)
    assert nip.jenis_kelamin == "P"
    assert nip.nomor_urut == 3


def test_ni_pppk_carries_code_21_instead_of_the_month():
    nip = parse_nip("199207082023212001", today=TODAY)
    assert nip.is_pppk and nip.tmt == datetime.date(2023, 1, 1) and nip.jenis_kelamin == "P"
    assert not parse_nip("198503122010012003", today=TODAY).is_pppk


def test_spaces_in_nip_are_ignored():
    assert parse_nip("19850312 201001 1 003", today=TODAY).jenis_kelamin == "L"


@pytest.mark.parametrize(
    ("nip", "code", "fragment"),
    [
        ("19850312201001200", "nip_length", "18 digit"),
        ("1985031220100120AB", "nip_length", "18 digit"),
        ("198513122010012003", "nip_birth_date", "Tanggal lahir"),
        ("198502302010012003", "nip_birth_date", "19850230"),
        ("203001012050012003", "nip_birth_date", "rentang"),
        ("198503122010132003", "nip_tmt", "TMT"),
        ("198503121990012003", "nip_tmt", "199001"),
        ("198503122010013003", "nip_gender", "jenis kelamin"),
        ("198503122010012000", "nip_sequence", "Nomor urut"),
    ],
)
def test_malformed_nip_says_which_part_is_wrong(nip, code, fragment):
    message, error_code = error_for(nip)
    assert error_code == code
    assert fragment in message

"""Threads in the site search are exactly as visible as their community; hidden threads leave the index."""

import pytest

from communities import services
from corpu.access import AccessLevel
from search.query import SearchRequest, search


@pytest.mark.django_db
def test_internal_community_threads_are_found_only_by_those_who_may_read_them(institution, make_community):
    kelompok = institution["kelompok"]
    member = institution["visitors"]["kelompok_member"]
    moderator = institution["visitors"]["admin"]
    community = make_community("CoP Jalan", level=AccessLevel.INTERNAL, owner_kelompok=kelompok, moderators=[moderator])
    services.join(member, community)
    thread = services.create_thread(member, community, "Longsor di ruas jalan desa", "Bagaimana penanganan longsor?")
    query = SearchRequest("penanganan longsor")
    assert search(member, query).total == 1
    for outsider in ("anonymous", "asn_elsewhere", "staff"):
        assert search(institution["visitors"][outsider], query).total == 0
    services.add_reply(moderator, thread, "Pasang bronjong dan perbaiki drainase.")
    assert search(member, SearchRequest("bronjong")).total == 1
    services.hide_thread(moderator, thread, "Salah kategori")
    assert search(moderator, query).total == 0

import pytest

from communities.models import CommunityIndexPage, CommunityPage, JoinMode
from corpu.access import AccessLevel


@pytest.fixture
def community_index(home):
    index = CommunityIndexPage(title="Komunitas Belajar", slug="komunitas", show_in_menus=True)
    home.add_child(instance=index)
    index.save_revision().publish()
    return index


@pytest.fixture
def make_community(community_index):
    def make(
        title, level=AccessLevel.ASN, owner_kelompok=None, owner_unit=None, join_mode=JoinMode.OPEN, moderators=()
    ):
        page = CommunityPage(
            title=title,
            purpose=f"Berbagi praktik baik: {title}",
            access_level=level,
            owner_kelompok=owner_kelompok,
            owner_unit=owner_unit,
            join_mode=join_mode,
        )
        community_index.add_child(instance=page)
        page.moderators.set(list(moderators))
        page.save_revision().publish()
        page.refresh_from_db()
        return page

    return make

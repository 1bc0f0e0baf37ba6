"""The asset editor's form: the owning kelompok keahlian follows the author, so its review goes to that kelompok's
ketua (and the named experts) only."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from corpu.access import viewer_for
from people.models import KelompokKeahlian


class KnowledgeAssetForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.author_kelompok = []
        if "owner_kelompok" not in self.fields or self.instance.pk or self.for_user is None:
            return
        self.author_kelompok = list(KelompokKeahlian.objects.filter(keanggotaan__user=self.for_user).order_by("nama"))
        if len(self.author_kelompok) == 1 and not self.initial.get("owner_kelompok"):
            self.initial["owner_kelompok"] = self.author_kelompok[0].pk

    def clean(self):
        cleaned = super().clean()
        if self.author_kelompok and not cleaned.get("owner_kelompok"):
            if len(self.author_kelompok) == 1:
                cleaned["owner_kelompok"] = self.author_kelompok[0]
            elif not viewer_for(self.for_user).is_admin:
                names = ", ".join(k.nama for k in self.author_kelompok)
                self.add_error(
                    "owner_kelompok",
                    _("Pilih kelompok keahlian pemilik aset ini (Anda anggota %(names)s).") % {"names": names},
                )
        return cleaned

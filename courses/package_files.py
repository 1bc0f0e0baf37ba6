"""What H5P activities and SCORM packages share about their uploaded zip and its extracted folder."""

from functools import partial

from django.db import transaction

from .h5p.install import remove as remove_files


class PackageFiles:
    """For a model with a `package` file field and a `folder` of extracted files in private storage."""

    def _new_upload(self):
        return bool(self.package) and not self.package._committed

    def _drop_stored_package(self):
        if self.package._committed:
            self.package.storage.delete(self.package.name)

    def delete(self, *args, **kwargs):
        """Delete the row; its zip and folder go once the transaction commits."""
        files = (self.package.name, self.folder)
        result = super().delete(*args, **kwargs)
        transaction.on_commit(partial(remove_files, *files))
        return result

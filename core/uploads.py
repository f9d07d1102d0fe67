"""Uploads are refused by size before they are stored: from Content-Length when the client declares it, else
as soon as the bytes received pass the cap; the rest of the body is read and thrown away, never written to
memory or disk. Each upload page has its cap (UPLOAD_LIMITS, by URL name); any other page takes no file.

The page shows why: the refusal is left on the request (`upload_refusal(request)`) for the view's form.
"""

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.urls import Resolver404, resolve

MB = 1024 * 1024
# URL name -> the most a file uploaded there may be, in bytes (the views check the same numbers).
UPLOAD_LIMITS = {
    "tracker_import": 5 * MB,
    "sen2_import": 100 * MB,
    "demand_transitions_upload": 40 * MB,  # transitions.csv and population.csv, up to 20 MB each
}
OTHER_PAGES = 1 * MB


def upload_refusal(request) -> str:
    """Why the request's file was refused ('' if it was not), once request.FILES has been read."""
    return getattr(request, "_upload_refusal", "")


class CappedUploadHandler(FileUploadHandler):
    """First in FILE_UPLOAD_HANDLERS: passes each chunk on to the storing handlers until the cap."""

    def __init__(self, request=None):
        super().__init__(request)
        try:
            name = resolve(request.path_info).url_name if request is not None else None
        except Resolver404:
            name = None
        self.limit = UPLOAD_LIMITS.get(name, OTHER_PAGES)
        self.declared = None
        self.received = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        self.declared = content_length
        return None  # the usual parsing goes on

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        if self.declared is not None and self.declared > self.limit:
            self._refuse()

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self._refuse()
        return raw_data

    def file_complete(self, file_size):
        return None  # the storing handlers make the file

    def _refuse(self):
        name = self.file_name or "The file"
        self.request._upload_refusal = (
            f"{name} is larger than the {self.limit // MB} MB that may be uploaded here, so it was not read"
        )
        raise StopUpload(connection_reset=False)  # the rest of the body is read and discarded

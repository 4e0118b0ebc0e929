from django.core.files.storage import FileSystemStorage


class PrivateFileSystemStorage(FileSystemStorage):
    """Member-only files: served only through views that check who is asking, so
    asking for a URL is a bug (it would fall back to MEDIA_URL)."""

    def url(self, name):
        raise ValueError("Private files have no URL: link to the download view instead.")

"""Documents other apps publish into the knowledge bank (through kalc_portal.documents).

The resource is found by its slug, derived from the caller's key, so publishing again
adds a new file version (and the superseded notice to earlier downloaders) rather than
a second resource."""

from django.core.files.base import ContentFile
from django.db import transaction

from kalc_portal.documents import PublishedDocument
from knowledge_bank.models import Resource
from knowledge_bank.services.files import resource_url, resource_version_upload
from knowledge_bank.services.resources import resource_create, resource_update


@transaction.atomic
def published_document_save(
    *, key: str, kind: str, title: str, summary: str, filename: str, content: bytes, user, change_note: str
) -> PublishedDocument:
    resource = Resource.objects.select_for_update().filter(slug=key).first()
    if resource is None:
        resource = resource_create(
            title=title,
            slug=key,
            kind=kind,
            summary=summary,
            owner=user,
            audience=Resource.Audience.MEMBERS,
            status=Resource.Status.PUBLISHED,
        )
        change_note = ""
    else:
        resource = resource_update(resource=resource, title=title, summary=summary)
    version = resource_version_upload(
        resource=resource,
        uploaded_file=ContentFile(content, name=filename),
        uploaded_by=user,
        change_note=change_note,
    )
    return PublishedDocument(url=resource_url(resource), version=version.number)

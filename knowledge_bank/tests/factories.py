"""Knowledge bank test data, built through the real services."""

import factory

from knowledge_bank import services  # noqa: F401  (the package; modules below)
from knowledge_bank.models import Hub, Resource, Topic
from knowledge_bank.services import resources as resource_services
from members.tests.factories import as_request_user, staff_user


def office_author(**kwargs):
    """A member of staff who owns resources, with an authenticator app, as their own
    verified request would hand them to a service (sign_in them for pages)."""
    return as_request_user(staff_user(**kwargs))


class HubFactory(factory.Factory):
    class Meta:
        model = Hub

    name = factory.Sequence(lambda n: f"Hub {n}")
    slug = factory.Sequence(lambda n: f"hub-{n}")
    intro = "An introduction to the hub."
    review_interval_months = 12
    position = 100

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return resource_services.hub_save(**kwargs)

    _build = _create


class TopicFactory(factory.Factory):
    class Meta:
        model = Topic

    name = factory.Sequence(lambda n: f"Topic {n}")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return resource_services.topic_get_or_create(**kwargs)

    _build = _create


class ResourceFactory(factory.Factory):
    """A published members' guide unless told otherwise."""

    class Meta:
        model = Resource

    title = factory.Sequence(lambda n: f"Guide number {n}")
    kind = Resource.Kind.GUIDE
    summary = "A short summary of the guide."
    body = "Some **useful** advice for parish clerks."
    audience = Resource.Audience.MEMBERS
    status = Resource.Status.PUBLISHED
    owner = factory.LazyFunction(office_author)
    hubs = ()
    topics = ()

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        return resource_services.resource_create(**kwargs)

    _build = _create

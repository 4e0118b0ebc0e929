"""The hub, kind and topic filters on knowledge bank lists (GET), as a django-filter FilterSet.

Hubs and topics are short lists loaded once by the caller; the choices are built
from them, so checking and showing the filters costs no further queries. An
unknown value ("kind=spreadsheet", a hub that was renamed) is a form error with
a plain message, never a 500."""

from collections.abc import Sequence

import django_filters
from django.db.models import Exists, OuterRef, QuerySet

from knowledge_bank.models import Hub, HubItem, Resource, Topic


class ResourceFilter(django_filters.FilterSet):
    hub = django_filters.ChoiceFilter(label="Hub", empty_label="All hubs", method="filter_hub")
    kind = django_filters.ChoiceFilter(
        label="Kind of resource", empty_label="All kinds", choices=Resource.Kind.choices
    )
    topic = django_filters.ChoiceFilter(label="Topic", empty_label="All topics", method="filter_topic")

    class Meta:
        model = Resource
        fields = ["hub", "kind", "topic"]

    def __init__(self, data=None, queryset=None, *, hubs: Sequence[Hub], topics: Sequence[Topic], **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.hubs_by_slug = {hub.slug: hub for hub in hubs}
        self.topics_by_slug = {topic.slug: topic for topic in topics}
        self.filters["hub"].extra["choices"] = [(hub.slug, hub.name) for hub in hubs]
        self.filters["topic"].extra["choices"] = [(topic.slug, topic.name) for topic in topics]
        for name, noun in (("hub", "hub"), ("kind", "kind of resource"), ("topic", "topic")):
            self.filters[name].extra["error_messages"] = {"invalid_choice": f"Choose a {noun} from the list."}

    def filter_hub(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        hub = self.hubs_by_slug[value]
        return queryset.filter(Exists(HubItem.objects.filter(resource=OuterRef("pk"), hub_id=hub.pk)))

    def filter_topic(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        topic = self.topics_by_slug[value]
        links = Resource.topics.through.objects.filter(resource_id=OuterRef("pk"), topic_id=topic.pk)
        return queryset.filter(Exists(links))

    @property
    def is_filtered(self) -> bool:
        return self.is_valid() and any(self.form.cleaned_data.get(name) for name in self.filters)

    @property
    def selected_hub(self) -> Hub | None:
        if not self.is_valid():
            return None
        return self.hubs_by_slug.get(self.form.cleaned_data.get("hub") or "")

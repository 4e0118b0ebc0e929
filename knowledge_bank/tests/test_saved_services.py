"""Saving and removing saved items: once per person, never something they may not see."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from knowledge_bank.models import Resource, SavedItem
from knowledge_bank.services.saved import saved_item_add, saved_item_remove
from knowledge_bank.tests.factories import ResourceFactory

pytestmark = pytest.mark.django_db


def test_saving_twice_keeps_one_item(people):
    councillor = people["councillor_a"]
    resource = ResourceFactory()

    first = saved_item_add(user=councillor, resource=resource)
    second = saved_item_add(user=councillor, resource=resource)

    assert first.pk == second.pk
    assert SavedItem.objects.filter(user=councillor).count() == 1


def test_the_database_refuses_a_duplicate(people):
    resource = ResourceFactory()
    SavedItem.objects.create(user=people["clerk_a"], resource=resource)
    with pytest.raises(IntegrityError):
        SavedItem.objects.create(user=people["clerk_a"], resource=resource)


@pytest.mark.parametrize(
    "role, audience",
    [
        ("councillor_a", Resource.Audience.CLERKS),
        ("councillor_a", Resource.Audience.STAFF),
        ("clerk_a", Resource.Audience.STAFF),
    ],
)
def test_saving_something_you_may_not_see_is_refused(people, role, audience):
    resource = ResourceFactory(audience=audience)
    with pytest.raises(ValidationError):
        saved_item_add(user=people[role], resource=resource)
    assert not SavedItem.objects.exists()


@pytest.mark.parametrize("status", [Resource.Status.DRAFT, Resource.Status.ARCHIVED])
def test_unpublished_items_cannot_be_saved_even_by_staff(people, status):
    resource = ResourceFactory(status=status)
    with pytest.raises(ValidationError):
        saved_item_add(user=people["staff"], resource=resource)
    assert not SavedItem.objects.exists()


@pytest.mark.parametrize("role", ["no_position", "mediation_officer"])
def test_people_without_a_council_position_cannot_save(people, role):
    resource = ResourceFactory(audience=Resource.Audience.PUBLIC)
    with pytest.raises(ValidationError):
        saved_item_add(user=people[role], resource=resource)
    assert not SavedItem.objects.exists()


def test_removing_is_idempotent_and_touches_only_this_person(people):
    resource = ResourceFactory()
    saved_item_add(user=people["councillor_a"], resource=resource)
    saved_item_add(user=people["clerk_a"], resource=resource)

    assert saved_item_remove(user=people["councillor_a"], resource=resource) is True
    assert saved_item_remove(user=people["councillor_a"], resource=resource) is False
    assert list(SavedItem.objects.values_list("user", flat=True)) == [people["clerk_a"].pk]

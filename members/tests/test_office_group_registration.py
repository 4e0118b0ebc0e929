"""Apps give the office groups their admin permissions by registering them from
AppConfig.ready(), never by changing members.permissions' data."""

import pytest
from django.contrib.auth.models import Group

from members import permissions, services

pytestmark = pytest.mark.django_db

# What training registers for office staff and the Training officer group (training/apps.py).
TRAINING_MODELS = ["booking", "bookingplace", "event", "eventsession", "waitinglistentry"]
TRAINING_CODENAMES = {
    f"{action}_{model}" for action in ("add", "change", "delete", "view") for model in TRAINING_MODELS
}


@pytest.fixture
def training_officer_registration():
    """A later app registering for the Training officer group (knowledge bank topics stand in
    for its models); forgotten again afterwards."""
    permissions.register_office_group_permissions(permissions.TRAINING_OFFICER, "knowledge_bank", ["Topic"])
    yield
    permissions.unregister_office_group_permissions(permissions.TRAINING_OFFICER, "knowledge_bank")


def test_each_app_registers_its_own_models_for_the_office():
    office = dict(permissions.office_group_model_permissions(permissions.OFFICE_STAFF))
    assert set(office) == {"members", "knowledge_bank", "outbox", "training", "surveys"}
    assert office["surveys"] == [
        "answer",
        "choice",
        "question",
        "response",
        "section",
        "sectionedit",
        "statement",
        "survey",
        "surveynotice",
    ]
    assert office["outbox"] == ["outgoingmail"]
    assert office["knowledge_bank"] == ["fileversion", "hub", "hubitem", "resource", "topic"]
    assert "council" in office["members"]
    assert office["training"] == TRAINING_MODELS
    assert permissions.office_group_model_permissions(permissions.TRAINING_OFFICER) == [
        ("training", TRAINING_MODELS)
    ]
    assert permissions.office_group_model_permissions(permissions.MEDIATION_OFFICER) == [
        ("members", ["mediationcase", "mediationstatuschange"])
    ]
    # Nobody edits a shared map any more: the registry is reached only through the functions.
    assert not hasattr(permissions, "OFFICE_GROUP_MODEL_PERMISSIONS")


def test_a_registered_app_reaches_the_group(training_officer_registration):
    Group.objects.filter(name=permissions.TRAINING_OFFICER).delete()
    group = services.office_group(permissions.TRAINING_OFFICER)
    assert set(group.permissions.values_list("codename", flat=True)) == {
        "add_topic",
        "change_topic",
        "delete_topic",
        "view_topic",
        *TRAINING_CODENAMES,
    }


def test_registering_again_changes_nothing(training_officer_registration):
    before = permissions.office_group_model_permissions(permissions.TRAINING_OFFICER)
    permissions.register_office_group_permissions(permissions.TRAINING_OFFICER, "knowledge_bank", ["topic"])
    assert permissions.office_group_model_permissions(permissions.TRAINING_OFFICER) == before
    assert before == [("knowledge_bank", ["topic"]), ("training", TRAINING_MODELS)]


def test_unknown_groups_and_empty_registrations_are_refused():
    with pytest.raises(ValueError):
        permissions.register_office_group_permissions("Superhero", "knowledge_bank", ["topic"])
    with pytest.raises(ValueError):
        permissions.register_office_group_permissions(permissions.OFFICE_STAFF, "knowledge_bank", [])
    with pytest.raises(ValueError):
        permissions.office_group_model_permissions("Superhero")

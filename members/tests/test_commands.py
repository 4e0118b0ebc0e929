import pytest
from django.core.management import CommandError, call_command

from members.models import AreaCommittee, Council, Position, User

pytestmark = pytest.mark.django_db


def test_load_councils_loads_the_shipped_kent_file(capsys):
    call_command("load_councils")

    assert "326 created" in capsys.readouterr().out
    assert Council.objects.count() == 326
    call_command("load_councils")
    assert "0 created, 0 updated" in capsys.readouterr().out


def test_load_councils_stops_at_a_malformed_line_and_imports_nothing(tmp_path):
    bad = tmp_path / "councils.csv"
    bad.write_text("name,kind,district\nAsh,parish,Dover\nEastry,parish,Dover\nWorth,hamlet,Dover\n")

    with pytest.raises(CommandError) as error:
        call_command("load_councils", str(bad))

    assert "line 4" in str(error.value)
    assert "unknown kind 'hamlet'" in str(error.value)
    assert "Nothing was imported" in str(error.value)
    assert Council.objects.count() == 0
    assert AreaCommittee.objects.count() == 0


def test_load_councils_reports_an_unreadable_file(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("load_councils", str(tmp_path / "missing.csv"))


def test_seed_demo_refuses_when_debug_is_off(settings):
    settings.DEBUG = False
    call_command("load_councils")

    with pytest.raises(CommandError, match="DEBUG"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_seed_demo_creates_four_logins_on_real_councils_and_prints_passwords_once(settings, capsys):
    settings.DEBUG = True
    call_command("load_councils")
    capsys.readouterr()

    call_command("seed_demo")
    first = capsys.readouterr().out
    call_command("seed_demo")
    second = capsys.readouterr().out

    clerk = User.objects.get(email="clerk@example.org")
    assert clerk.emailaddress_set.get().verified
    assert set(clerk.positions.current().values_list("council__name", "role")) == {
        ("Sandwich", Position.Role.CLERK),
        ("Ash", Position.Role.CLERK),
    }
    office = User.objects.get(email="office@example.org")
    assert office.is_staff and office.groups.filter(name="Office staff").exists()
    assert User.objects.count() == 4
    password = next(line.split()[1] for line in first.splitlines() if "clerk@example.org" in line)
    assert clerk.check_password(password)
    assert "(unchanged)" in second and password not in second


def test_seed_demo_reset_passwords_issues_new_ones(settings, capsys):
    settings.DEBUG = True
    call_command("load_councils")
    call_command("seed_demo")
    capsys.readouterr()

    call_command("seed_demo", "--reset-passwords")
    out = capsys.readouterr().out
    password = next(line.split()[1] for line in out.splitlines() if "chair@example.org" in line)
    assert User.objects.get(email="chair@example.org").check_password(password)


def test_provision_demo_fills_an_empty_database_only(settings):
    settings.DEBUG = True
    call_command("provision_demo")
    assert Council.objects.count() == 326
    assert User.objects.count() == 4

    Council.objects.filter(name="Ash").update(contact_email="kept@example.org")
    call_command("provision_demo")
    assert Council.objects.get(name="Ash").contact_email == "kept@example.org"
    assert User.objects.count() == 4


def test_sync_office_groups_restores_missing_groups_and_permissions(capsys):
    from django.contrib.auth.models import Group

    Group.objects.all().delete()
    call_command("sync_office_groups")

    assert set(Group.objects.values_list("name", flat=True)) == {
        "Office staff",
        "Training officer",
        "Forum moderator",
        "Mediation officer",
    }
    assert Group.objects.get(name="Office staff").permissions.filter(codename="add_position").exists()
    from members.permissions import office_group_model_permissions

    model_count = sum(len(models) for _, models in office_group_model_permissions("Office staff"))
    # add, change, delete and view for each model
    assert f"Office staff: {4 * model_count} permissions" in capsys.readouterr().out

import pytest
from django.core.management import CommandError, call_command

from members.models import AreaCommittee, Council, Position, User

pytestmark = pytest.mark.django_db


def test_seed_scale_refuses_with_debug_off_unless_forced(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_scale", councils=10, people_per_council=2)
    assert not Council.objects.exists()

    call_command("seed_scale", councils=10, people_per_council=2, force=True)
    assert Council.objects.count() == 10


def test_seed_scale_builds_councils_people_and_valid_positions(settings, capsys):
    settings.DEBUG = True
    call_command("seed_scale", councils=120, people_per_council=6)

    assert Council.objects.count() == 120
    assert AreaCommittee.objects.count() == 4
    # One person per seat; other apps' seed_scale_<app> commands may add accounts of their own.
    assert User.objects.filter(email__endswith="@scale.example.org").count() == 720
    # Every council has exactly one current clerk (the DB constraint would refuse more).
    assert Position.objects.current().filter(role="clerk").count() == 120
    assert Position.objects.count() >= 720
    assert all(user.emailaddress_set.get().verified for user in User.objects.all()[:5])
    assert "Seeded 120 councils" in capsys.readouterr().out
    # A second batch adds to the first without colliding on slugs, emails or ids.
    call_command("seed_scale", councils=30, people_per_council=2)
    assert Council.objects.count() == 150
    new = Position.objects.create(user=User.objects.first(), council=Council.objects.last(), role="rfo")
    assert new.pk > 0


def test_seed_scale_rejects_nonsense_sizes(settings):
    settings.DEBUG = True
    with pytest.raises(CommandError):
        call_command("seed_scale", councils=0, people_per_council=2)

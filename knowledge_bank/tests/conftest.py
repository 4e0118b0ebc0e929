"""The members' role fixtures (people, login_as...) serve the knowledge bank's matrices too."""

from members.tests.conftest import ROLES, council_a, council_b, login_as, people  # noqa: F401

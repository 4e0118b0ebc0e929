"""Apps add sections to My KALC through members.my_kalc: shown in order, skipped when
their context is None (nothing waiting for this person)."""

import pytest

from members.my_kalc import MyKalcSection, register_my_kalc_section, unregister_my_kalc_section
from members.tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sections():
    template = "members/tests/my_kalc_section.html"
    register_my_kalc_section(MyKalcSection(key="zz_shown", template=template, context=lambda r: {"n": 2}))
    register_my_kalc_section(MyKalcSection(key="zz_hidden", template=template, context=lambda r: None))
    yield
    unregister_my_kalc_section("zz_shown")
    unregister_my_kalc_section("zz_hidden")


def test_a_section_shows_when_it_has_something_and_not_otherwise(client, sections, tmp_path, settings):
    template_dir = tmp_path / "members" / "tests"
    template_dir.mkdir(parents=True)
    (template_dir / "my_kalc_section.html").write_text("<p>Waiting: {{ n }}</p>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}]
    client.force_login(UserFactory())
    page = client.get("/my/").content.decode()
    assert 'id="my-kalc-zz_shown"' in page and "Waiting: 2" in page
    assert 'id="my-kalc-zz_hidden"' not in page

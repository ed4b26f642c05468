"""The Django admin works for a site admin on every model, and keeps published instruments frozen."""

import pytest
from django.contrib import admin
from django.urls import reverse

from assessment.models import Instrument

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_admin(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.com", "pw-for-tests-1")


def test_every_model_has_a_working_changelist(client, site_admin, campaign):
    from django.apps import apps

    client.force_login(site_admin)
    for model in apps.get_app_config("assessment").get_models():
        assert admin.site.is_registered(model), model
        url = reverse(f"admin:assessment_{model._meta.model_name}_changelist")
        assert client.get(url).status_code == 200, url


def test_published_instrument_is_read_only_and_new_version_comes_from_an_action(client, site_admin):
    client.force_login(site_admin)
    published = Instrument.objects.filter(status="published").order_by("-version").first()
    item = published.items.first()
    page = client.get(reverse("admin:assessment_item_change", args=[item.pk])).content.decode()
    assert 'name="text"' not in page  # shown, not editable
    client.post(
        reverse("admin:assessment_instrument_changelist"), {"action": "new_draft", "_selected_action": [published.pk]}
    )
    draft = Instrument.objects.get(status="draft")
    assert draft.version == published.version + 1
    assert draft.items.count() == published.items.count()
    client.post(
        reverse("admin:assessment_instrument_changelist"), {"action": "publish", "_selected_action": [draft.pk]}
    )
    draft.refresh_from_db()
    assert draft.is_published

"""Changing one's own password, and resetting it by email (Django's views, GOV.UK pages, validators on)."""

import re

from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client

from tests.factories import UserFactory

OLD = "pw-for-tests-1"


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_it_changes_a_password_and_refuses_a_weak_one(db):
    user = UserFactory(username="lcj")
    client = signed_in(user)
    page = client.get("/accounts/password_change/")
    assert page.status_code == 200 and "Change your password" in page.content.decode()
    url = "/accounts/password_change/"
    weak = client.post(url, {"old_password": OLD, "new_password1": "12345678", "new_password2": "12345678"})
    assert "There is a problem" in weak.content.decode() and "too common" in weak.content.decode()
    new = "Nurture-pilot-2027"
    done = client.post(url, {"old_password": OLD, "new_password1": new, "new_password2": new})
    assert done.status_code == 302 and done.url == "/accounts/password_change/done/"
    user.refresh_from_db()
    assert user.check_password("Nurture-pilot-2027")


def test_changing_needs_a_sign_in(client, db):
    assert client.get("/accounts/password_change/").status_code == 302


def test_it_resets_a_password_with_a_link_that_works_once(client, db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    user = UserFactory(username="hc", email="helen.carr@rutland.gov.uk")
    response = client.post("/accounts/password_reset/", {"email": "helen.carr@rutland.gov.uk"})
    assert response.status_code == 302 and response.url == "/accounts/password_reset/done/"
    assert len(mail.outbox) == 1 and mail.outbox[0].subject == "Reset your DSG Recovery Tracker password"
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body)[1]
    form = client.get(link, follow=True)
    assert "Set a new password" in form.content.decode()
    set_url = form.redirect_chain[-1][0]
    done = client.post(
        set_url, {"new_password1": "Nurture-pilot-2027", "new_password2": "Nurture-pilot-2027"}
    )
    assert done.status_code == 302 and done.url == "/accounts/reset/done/"
    assert get_user_model().objects.get(pk=user.pk).check_password("Nurture-pilot-2027")
    assert "This link has expired" in client.get(link, follow=True).content.decode()


def test_it_says_the_same_for_an_unknown_address(client, db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = client.post("/accounts/password_reset/", {"email": "nobody@example.org"}, follow=True)
    assert "Check your email" in response.content.decode() and mail.outbox == []

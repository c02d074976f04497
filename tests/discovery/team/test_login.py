import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _login(client, username, password):
    return client.post(reverse("login"), {"username": username, "password": password})


def test_a_consultant_signs_in_and_lands_on_the_queue(client, alice):
    response = _login(client, "alice", "correct horse battery")
    assert response.status_code == 302
    assert client.get(reverse("home")).url == reverse("queue")


def test_a_wrong_password_shows_the_form_again_with_an_error(client, alice):
    response = _login(client, "alice", "wrong")
    assert response.status_code == 200
    assert "correct email address (or username) and password" in response.content.decode()


def test_a_consultant_signs_in_with_their_email_address_in_any_case(client, alice):
    page = client.get(reverse("login")).content.decode()
    assert "Email or username" in page
    response = _login(client, "Alice@Discovery.example", "correct horse battery")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_failures_count_against_one_account_whether_its_email_or_username_is_typed(client, alice, settings):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "alice@discovery.example" if attempt % 2 else "alice", "wrong")
    for name in ("alice", "alice@discovery.example"):
        response = _login(client, name, "correct horse battery")
        assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_an_email_shared_by_two_accounts_signs_in_neither(client, alice, bob):
    bob.email = alice.email
    bob.save()
    response = _login(client, alice.email, "correct horse battery")
    assert response.status_code == 200 and "_auth_user_id" not in client.session


def test_repeated_failures_lock_the_account_even_for_the_right_password(client, alice, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "alice", "wrong")
    response = _login(client, "alice", "correct horse battery")
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_signed_in_user_without_a_role_is_told_so(client, charlie):
    client.force_login(charlie)
    response = client.get(reverse("home"))
    assert response.status_code == 403
    assert "no role" in response.content.decode()


def test_consultants_cannot_reach_the_django_admin(client, alice):
    client.force_login(alice)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]

"""Staff passwords: the app hashes new ones with the production argon2id parameters. The rest
of the suite hashes with cheap ones (``TEST_HASHER`` in tests/conftest.py); checking a
password reads the parameters from the stored hash, so either kind is checked alike."""

from __future__ import annotations

import subprocess
import sys

import pytest
from argon2 import extract_parameters
from argon2.profiles import RFC_9106_LOW_MEMORY

from desktop_app.db.models import StaffUser
from desktop_app.services.admin import accounts, sign_in
from tests.archive_fixture import Archive
from tests.conftest import TEST_HASHER

PASSWORD = "ward-pc-2026"
# A fresh interpreter, as the app starts (no test swaps the hasher there).
PRODUCTION_PROBE = """
from argon2 import extract_parameters
from desktop_app.services.admin import accounts
assert accounts.password_hasher is accounts.PRODUCTION_HASHER
print(repr(extract_parameters(accounts.password_hasher.hash("probe-password-1"))))
"""


def stored_hash(archive: Archive, user_id: int) -> str:
    with archive.uow() as u:
        user = u.session.get(StaffUser, user_id)
        assert user is not None and user.password_hash
        return user.password_hash


def test_the_app_hashes_new_passwords_with_the_production_parameters() -> None:
    assert extract_parameters(accounts.PRODUCTION_HASHER.hash(PASSWORD)) == RFC_9106_LOW_MEMORY
    result = subprocess.run([sys.executable, "-c", PRODUCTION_PROBE], capture_output=True, text=True,
                            check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == repr(RFC_9106_LOW_MEMORY)


def test_the_suite_hashes_cheaply() -> None:
    assert accounts.password_hasher is TEST_HASHER
    assert extract_parameters(TEST_HASHER.hash(PASSWORD)).memory_cost < RFC_9106_LOW_MEMORY.memory_cost


def test_a_production_hash_is_stored_and_checked(archive: Archive, monkeypatch: pytest.MonkeyPatch) -> None:
    with monkeypatch.context() as production:
        production.setattr(accounts, "password_hasher", accounts.PRODUCTION_HASHER)
        with archive.uow(archive.admin) as u:
            accounts.set_password(u, archive.therapist, PASSWORD)
    assert extract_parameters(stored_hash(archive, archive.therapist)) == RFC_9106_LOW_MEMORY
    with archive.uow() as u:  # checked under the test hasher: the parameters come from the hash
        assert accounts.check_password(u.session, archive.therapist, PASSWORD)
        assert not accounts.check_password(u.session, archive.therapist, "wrong-password")
        assert sign_in.sign_in(u, "pt", PASSWORD).user_id == archive.therapist


def test_a_cheap_hash_is_checked_by_its_own_parameters(archive: Archive,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    with archive.uow(archive.admin) as u:
        accounts.set_password(u, archive.physician, PASSWORD)
    assert extract_parameters(stored_hash(archive, archive.physician)).memory_cost == TEST_HASHER.memory_cost
    monkeypatch.setattr(accounts, "password_hasher", accounts.PRODUCTION_HASHER)
    with archive.uow() as u:
        assert accounts.check_password(u.session, archive.physician, PASSWORD)

"""The worlds of the admin and dashboard tests, for the security tests across rooms."""

from tests.admin.conftest import coordinator_client, family_version, world  # noqa: F401

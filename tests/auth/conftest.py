import pytest


@pytest.fixture
def client(english_client):
    return english_client()

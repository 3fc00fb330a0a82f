import pytest
from django.core.management import call_command


@pytest.fixture
def boston_directory(office):
    """The Boston demo directory (real seed resources and partner services)."""
    call_command("seed_demo", office="boston", only=["directory"], verbosity=0)


@pytest.fixture
def baltimore_directory(office):
    call_command("seed_demo", office="baltimore", only=["directory"], verbosity=0)


@pytest.fixture
def concepts(office):
    """The seeded search concepts (migration 0012), back if a transactional test flushed them."""
    from directory.models import SearchConcept
    from directory.search_concepts import search_concepts_seed

    search_concepts_seed(SearchConcept)

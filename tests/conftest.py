from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
CORPUS = DATA / "corpus"
EARLIER = "dev-044"  # the sources written for the project; the later ones are real texts and outside reports


@pytest.fixture(scope="session")
def corpus() -> Path:
    return CORPUS

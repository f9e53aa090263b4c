"""One conftest for the whole suite: offline PyThaiNLP, paths to the corpus and to ../shared."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ["PYTHAINLP_OFFLINE"] = "1"

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
SHARED = ROOT.parent / "shared"


def shared_path(*parts: str) -> Path:
    """A path under ../shared, or a clean skip where it is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} is not here")
    return path

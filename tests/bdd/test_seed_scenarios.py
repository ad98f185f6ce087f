"""The seed article, fact by fact: features/seed/*.feature, on the sentences the package ships."""

from __future__ import annotations

from pytest_bdd import scenarios

scenarios("seed")

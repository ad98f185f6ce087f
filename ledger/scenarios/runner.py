"""`ledger check`: run feature files against a ledger, read-only, through pytest and pytest-bdd.

Before anything runs, the features are read with pytest-bdd's own parser and every step (of every example
of an outline) is matched against the vocabulary: a step no sentence matches is a usage error naming its
line and the nearest sentences known. The scenarios then run in a pytest of their own (a child process, so
the caller is left as it was), from a generated test module in a temporary folder, with no configuration
of the caller's and no plugin but pytest-bdd, the vocabulary and the report.
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path

import ledger
from ledger.errors import LedgerError
from ledger.scenarios.vocabulary import VOCABULARY, Sentence, known, nearest

PASSED, FAILED, USAGE = 0, 1, 2
Echo = Callable[[str], None]


TITLES = {
    "moments": "Days and moments", "states": "Panels and regimes", "votes": "Votes on drafts",
    "statements": "Statements", "timeline": "The timeline", "provenance": "Sources, quotes and the audit",
    "history": "Corrections and history", "integrity": "Integrity: the hash chain and the commands",
    "whatifs": "What-ifs, tried on a copy of the ledger", "tampering": "Tampering, tried on the copy",
}


def vocabulary() -> list[Sentence]:
    from ledger.scenarios import plugin

    for module in plugin.STEPS:
        importlib.import_module(f"ledger.scenarios.{module}")
    return list(VOCABULARY)


def print_steps(echo: Echo) -> int:
    """Every sentence, by topic, with an example (and the table or doc string that goes with it)."""
    sentences = vocabulary()
    for topic, title in TITLES.items():
        echo(f"{title}:")
        for s in (s for s in sentences if s.topic == topic):
            echo(f"  {'/'.join(k.capitalize() for k in s.kinds)} {s.shown}")
            echo(f"      e.g. {s.kinds[0].capitalize()} {s.example}")
            for line in s.more.splitlines():
                echo(f"             {line}")
        echo("")
    echo(f"{len(sentences)} sentences. {{day}} is YYYY-MM-DD; a moment is an ISO date-time (UTC unless it says "
         "otherwise); names are a ledger's ids or what people call things (the DPRK Panel of Experts, "
         "resolution 1718's regime, draft S/2024/255, Matthew Miller's statement of 2024-03-28).")
    return PASSED


def feature_files(paths: Sequence[str]) -> list[Path]:
    found: list[Path] = []
    for path in map(Path, paths):
        if not path.exists():
            raise LedgerError(f"{path}: no such file or folder")
        found += [path] if path.is_file() else sorted(path.rglob("*.feature"))
    if not found:
        raise LedgerError(f"no .feature file in {', '.join(paths)}")
    return [f.resolve() for f in found]


def unknown_steps(files: Sequence[Path]) -> list[str]:
    """`FILE:LINE: no step matches "..."` for each step of the features that no sentence matches."""
    from pytest_bdd.parser import FeatureParser

    vocabulary()
    problems: dict[tuple[str, int, str], str] = {}
    for file in files:
        try:
            feature = FeatureParser(str(file.parent), file.name).parse()
        except Exception as e:  # pytest-bdd's and the Gherkin parser's own errors
            raise LedgerError(f"{_shown(file)}: cannot read it as a feature: {str(e).strip().splitlines()[0]}") from None
        for template in feature.scenarios.values():
            contexts = [c for examples in template.examples for c in examples.as_contexts()] or [{}]
            for context in contexts:
                for step in template.render(context).steps:
                    if not known(step.type, step.name):
                        key = (_shown(file), step.line_number, f"{step.keyword} {step.name}")
                        suggested = ", ".join(f'"{s}"' for s in nearest(step.type, step.name))
                        problems[key] = f'{key[0]}:{key[1]}: no step matches "{key[2]}"; nearest known: {suggested}'
    return list(problems.values())


def check(paths: Sequence[str], url: str, junit_xml: str | None, echo: Echo) -> int:
    """Run the features against the ledger at url; the exit code: 0 all passed, 1 one failed, 2 unusable."""
    try:
        files = feature_files(paths)
        unknown = unknown_steps(files)
        if unknown:
            for line in unknown:
                echo(line)
            echo(f"ledger: check: {len(unknown)} step{'s' if len(unknown) != 1 else ''} no sentence matches "
                 "(`ledger check --steps` lists them)")
            return USAGE
        _can_open(url)
    except LedgerError as e:
        echo(f"ledger: check: {e}")
        return USAGE
    with tempfile.TemporaryDirectory(prefix="ledger-check-") as folder:
        return _run(Path(folder), files, url, junit_xml, echo)


def _can_open(url: str) -> None:
    from ledger.service.application import Ledger

    Ledger.open(url, read_only=True).close()


def _run(folder: Path, files: Sequence[Path], url: str, junit_xml: str | None, echo: Echo) -> int:
    (folder / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    module = folder / "test_scenarios.py"
    module.write_text("from pytest_bdd import scenarios\n\nscenarios(" + ", ".join(repr(str(f)) for f in files) + ")\n",
                      encoding="utf-8")
    args = [sys.executable, "-m", "pytest", str(module), "--rootdir", str(folder), "-c", str(folder / "pytest.ini"),
            "-p", "pytest_bdd.plugin", "-p", "ledger.scenarios.plugin", "-p", "ledger.scenarios.report",
            "-p", "no:cacheprovider", "-p", "no:terminal", "--capture=no", "--basetemp", str(folder / "scenes"),
            "--ledger-db", url]
    if junit_xml:
        args += ["--junitxml", str(Path(junit_xml).resolve())]
    # The ledger this code is: the child imports it from the same place, installed or not.
    source = str(Path(ledger.__file__).resolve().parents[1])
    env = {**os.environ, "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
           "PYTHONPATH": os.pathsep.join(filter(None, [source, os.environ.get("PYTHONPATH")]))}
    with subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env) as child:
        assert child.stdout is not None and child.stderr is not None
        for line in child.stdout:
            echo(line.rstrip("\n"))
        said = child.stderr.read()
    if child.returncode in (PASSED, FAILED):
        return child.returncode
    echo(f"ledger: check: the scenarios could not run (pytest exit {child.returncode})"
         + (f": {said.strip().splitlines()[-1]}" if said.strip() else ""))
    return USAGE


def _shown(path: Path) -> str:
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative

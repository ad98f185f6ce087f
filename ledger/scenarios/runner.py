"""`ledger check`: run feature files against a ledger, read-only, through pytest and pytest-bdd.

Before anything runs, the features are read with the Gherkin parser pytest-bdd uses and every step (of every
example of an outline) is matched against the vocabulary: a file that is not Gherkin or holds no scenario, two
scenarios of one name in a feature (pytest-bdd would run only the last), a step no sentence matches (with the
nearest sentences known), a table not of the columns its sentence reads, or a table or doc string missing, is
a usage error naming its line. The scenarios then run in a pytest of their own (a child process, so
the caller is left as it was), from a generated test module in a temporary folder, with no configuration
of the caller's and no plugin but pytest-bdd, the vocabulary and the report.
"""

from __future__ import annotations

import importlib
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import ledger
from ledger.errors import LedgerError
from ledger.scenarios.vocabulary import VOCABULARY, Sentence, nearest
from ledger.scenarios.vocabulary import sentence as known_sentence

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
            if s.table is not None:
                echo(f"      its table's columns: {s.table.columns}")
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


# The Gherkin parser's names of what it expected, as a feature's writer reads them.
TOKENS = {"#EOF": "the end of the file", "#Language": "# language:", "#TagLine": "a @tag", "#FeatureLine": "Feature:",
          "#RuleLine": "Rule:", "#BackgroundLine": "Background:", "#ScenarioLine": "Scenario:",
          "#ExamplesLine": "Examples:", "#StepLine": "a step", "#DocStringSeparator": 'a doc string (""")',
          "#TableRow": "a table row", "#Comment": "a # comment", "#Empty": "an empty line", "#Other": "a description"}
_TOKEN = re.compile(r"#\w+")


def problems(files: Sequence[Path]) -> tuple[list[str], list[str], list[tuple[Path, str]]]:
    """What stops the features from running, found before anything runs: the files that cannot be read as
    features (each `FILE[:LINE]: what`), and the scenarios and steps that cannot run as written (each
    `FILE:LINE: what`): two scenarios of one name, a step no sentence matches, a table not of the columns its
    sentence reads, a table or doc string missing or not read. And the scenarios to run: file and name."""
    vocabulary()
    unreadable: list[str] = []
    found: dict[str, None] = {}  # in order, each once (a step of an outline is checked once an example)
    scenarios: list[tuple[Path, str]] = []
    for file in files:
        feature = _feature(file, unreadable, found)
        if feature is not None:
            found.update(dict.fromkeys(_step_problems(file, feature)))
            scenarios += [(file, name) for name in feature.scenarios]
    return unreadable, list(found), scenarios


def _feature(file: Path, unreadable: list[str], found: dict[str, None]) -> Any:
    """The file as pytest-bdd reads it in the run (`scenario(..., encoding="utf-8-sig")`: a byte-order mark is
    read past), or None, with why it cannot run in `unreadable`; the scenarios that share a name go in `found`
    (pytest-bdd keys a feature's scenarios by name: it would run the last of them only)."""
    from gherkin.errors import CompositeParserException, ParserError
    from gherkin.parser import Parser
    from pytest_bdd.exceptions import GherkinParseError
    from pytest_bdd.gherkin_parser import GherkinDocument
    from pytest_bdd.parser import FeatureParser

    shown = _shown(file)
    try:
        document = Parser().parse(file.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError) as e:
        unreadable.append(f"{shown}: cannot read it: {getattr(e, 'strerror', None) or e}")
        return None
    except ParserError as e:
        for error in e.errors if isinstance(e, CompositeParserException) else [e]:
            line = getattr(error, "location", {}).get("line")
            said = re.sub(r"^\(\d+:\d+\): ", "", str(error))
            said = _TOKEN.sub(lambda m: TOKENS.get(m[0], m[0].lstrip("#")), said.replace("expected: ", "expected one of: "))
            unreadable.append(f"{shown}{f':{line}' if line else ''}: not Gherkin: {said}")
        return None
    if not document.get("feature"):
        unreadable.append(f'{shown}: holds no feature (a feature file begins with "Feature:")')
        return None
    parsed = GherkinDocument.from_dict(dict(document))
    children = parsed.feature.children + [c for child in parsed.feature.children if child.rule for c in child.rule.children]
    scenarios = sorted((c.scenario for c in children if c.scenario), key=lambda s: s.location.line)
    if not scenarios:
        unreadable.append(f"{shown}: holds no scenario")
        return None
    first: dict[str, int] = {}
    for scenario in scenarios:
        if scenario.name in first:
            found[f'{shown}:{scenario.location.line}: the scenario "{scenario.name}" has the name of the one at '
                  f"{shown}:{first[scenario.name]}; names in a feature must differ (pytest-bdd would run only one)"] = None
        first.setdefault(scenario.name, scenario.location.line)

    class Parsed(FeatureParser):
        def _parse_feature_file(self) -> GherkinDocument:
            return parsed

    try:
        return Parsed(str(file.parent), file.name).parse()
    except GherkinParseError as e:
        unreadable.append(f"{shown}:{e.line}: {e.message}")
        return None


def _step_problems(file: Path, feature: Any) -> Iterator[str]:
    for template in feature.scenarios.values():
        contexts = [c for examples in template.examples for c in examples.as_contexts()] or [{}]
        for context in contexts:
            for step in template.render(context).steps:
                said, sentence = f"{step.keyword} {step.name}", known_sentence(step.type, step.name)
                if sentence is None:
                    suggested = ", ".join(f'"{s}"' for s in nearest(step.type, step.name))
                    yield f'{_shown(file)}:{step.line_number}: no step matches "{said}"; nearest known: {suggested}'
                    continue
                table = step.datatable.raw() if step.datatable is not None else None
                for problem in sentence.problems(table, step.docstring):
                    line = step.datatable.location.line if problem.startswith("the table") else step.line_number
                    yield f'{_shown(file)}:{line}: "{said}": {problem}'


def check(paths: Sequence[str], url: str, junit_xml: str | None, echo: Echo, error: Echo) -> int:
    """Run the features against the ledger at url; the exit code: 0 all passed, 1 one failed, 2 unusable.
    What passed and failed goes to echo; usage errors go to error (standard error, from the command)."""
    try:
        files = feature_files(paths)
        unreadable, wrong, scenarios = problems(files)
        for line in unreadable:
            error(f"ledger: check: {line}")
        for line in wrong:
            error(line)
        if wrong:
            error(f"ledger: check: {len(wrong)} problem{'s' if len(wrong) != 1 else ''} in the scenarios, nothing ran "
                  "(`ledger check --steps` lists the sentences, with their tables)")
        if unreadable or wrong:
            return USAGE
        if junit_xml:
            _can_write(Path(junit_xml))
        _can_open(url)
    except LedgerError as e:
        error(f"ledger: check: {e}")
        return USAGE
    with tempfile.TemporaryDirectory(prefix="ledger-check-") as folder:
        return _run(Path(folder), scenarios, url, junit_xml, echo, error)


def _can_write(path: Path) -> None:
    """The report can be written where asked, in a folder that exists (none is created), checked by trying."""
    if not path.parent.is_dir():
        raise LedgerError(f"cannot write {path}: no such folder {path.parent}")
    existed = path.exists()
    try:
        with open(path, "ab" if existed else "xb"):  # neither changes a file that is there
            pass
        if not existed:
            path.unlink()
    except OSError as e:
        raise LedgerError(f"cannot write {path}: {e.strerror or e}") from None


def _can_open(url: str) -> None:
    from ledger.service.application import Ledger

    Ledger.open(url, read_only=True).close()


def test_module(scenarios: Sequence[tuple[Path, str]]) -> str:
    """A test a scenario, named as pytest-bdd's `scenarios()` names them, each feature read as `utf-8-sig` (a
    feature a Windows editor saved with a byte-order mark reads as one without; `scenarios()` itself reads
    every feature as plain UTF-8, whatever its `encoding`)."""
    from pytest_bdd.scenario import get_python_name_generator

    code, taken = ["from pytest_bdd import scenario\n"], set()
    for file, name in scenarios:
        test = next(n for n in get_python_name_generator(name) if n not in taken)
        taken.add(test)
        code.append(f"\n@scenario({str(file)!r}, {name!r}, encoding='utf-8-sig')\ndef {test}() -> None:\n    pass\n")
    return "".join(code)


def _run(folder: Path, scenarios: Sequence[tuple[Path, str]], url: str, junit_xml: str | None, echo: Echo,
         error: Echo) -> int:
    (folder / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    module = folder / "test_scenarios.py"
    module.write_text(test_module(scenarios), encoding="utf-8")
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
    # The child's standard error to a file: a pipe left unread while its output is read could fill and stall it.
    with open(folder / "stderr.txt", "w+", encoding="utf-8") as stderr:
        with subprocess.Popen(args, stdout=subprocess.PIPE, stderr=stderr, text=True, env=env) as child:
            assert child.stdout is not None
            for line in child.stdout:
                echo(line.rstrip("\n"))
        stderr.seek(0)
        said = stderr.read()
    if child.returncode in (PASSED, FAILED):
        return child.returncode
    reported = [line for line in said.splitlines() if line.startswith("ledger: check: ")]  # what could not be collected
    for line in reported:
        error(line)
    error(f"ledger: check: the scenarios could not run (pytest exit {child.returncode})"
          + (f": {said.strip().splitlines()[-1]}" if said.strip() and not reported else ""))
    return USAGE


def _shown(path: Path) -> str:
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative

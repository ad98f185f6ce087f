"""`ledger check`: run feature files against a ledger, read-only, through pytest and pytest-bdd.

Before anything runs, the features are read with the Gherkin parser pytest-bdd uses and every step (of every
example of an outline) is matched against the vocabulary: a file that is not Gherkin or holds no scenario, two
scenarios of one name in a feature (pytest-bdd would run only the last), a step no sentence matches (with the
nearest sentences known), a value not of the form its sentence reads (a day, one of some words, JSON), a table
not of the columns its sentence reads, a table or doc string missing, an outline's Examples with no rows or
without a column its steps use, or a step that reads what no step before it in its scenario gave (a day looked
at, a moment noted: `needs` and `gives` of the sentences), is a usage error naming its line (each on a line
`ledger: check: FILE:LINE: what`, file by file and line by line, and a last line counting them). All are said in one pass: the other columns of Examples that lack one
are checked too, and a `--junit-xml` path that cannot be written is said with them. The scenarios then run in
a pytest of their own (a child process, so the caller is left as it was), from a generated test module in a
temporary folder, with no configuration of the caller's and no plugin but pytest-bdd, the vocabulary and the
report.
"""

from __future__ import annotations

import importlib
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ledger
from ledger.errors import LedgerError, Unreachable
from ledger.scenarios.vocabulary import A_DAY, DATE, DAY, VOCABULARY, Sentence, nearest
from ledger.scenarios.vocabulary import loosely as loose_sentence
from ledger.scenarios.vocabulary import sentence as known_sentence

PASSED, FAILED, USAGE = 0, 1, 2
Echo = Callable[[str], None]


TITLES = {
    "moments": "Days and moments", "states": "Panels and regimes", "votes": "Votes on drafts",
    "statements": "Statements", "timeline": "The timeline", "provenance": "Sources, quotes and the audit",
    "history": "Corrections and history", "integrity": "Integrity: the hash chain and the commands",
    "whatifs": "What-ifs, tried on a copy of the ledger", "tampering": "Tampering, tried on the copy",
    "comparisons": "Comparing two days, and what was said about a file", "vetoes": "The veto record since 1946",
}


def vocabulary() -> list[Sentence]:
    from ledger.scenarios import plugin

    for module in plugin.STEPS:
        importlib.import_module(f"ledger.scenarios.{module}")
    return list(VOCABULARY)


def print_steps(echo: Echo) -> int:
    """Every sentence, by topic, with an example (and the table or doc string that goes with it)."""
    sentences = vocabulary()
    # A topic with no title of its own yet is listed all the same, under its module's name.
    topics = {**TITLES, **{s.topic: s.topic.capitalize() for s in sentences if s.topic not in TITLES}}
    for topic, title in topics.items():
        echo(f"{title}:")
        for s in (s for s in sentences if s.topic == topic):
            echo(f"  {'/'.join(k.capitalize() for k in s.kinds)} {s.shown}")
            echo(f"      e.g. {s.kinds[0].capitalize()} {s.example}")
            for line in s.more.splitlines():
                echo(f"             {line}")
            if s.table is not None:
                echo(f"      its table's columns: {s.table.columns}")
        echo("")
    echo(f"{len(sentences)} sentences. {{day}} is YYYY-MM-DD; {{on}}, a fact's date, is written as its occurred_on "
         "is (2024-03-28, 2024-03, 1992, 2024-03-28/2024-03-29, ../2024-03-07, 1992-08-30?, 2024-03~), and so is "
         "the date of a statement named (Matthew Miller's statement of 2024-03-28?) and a date a table names a fact "
         "by (its day, its adopted on); a moment is an ISO date-time (UTC unless it says otherwise); names are a ledger's ids or what people call things (the DPRK Panel of Experts, "
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


@dataclass
class Lines:
    """Where things are in a feature that pytest-bdd's reading of it does not keep: each outline's Examples
    tables (by the outline's line) and the lines of their rows, and where each step's doc string opens."""

    examples: dict[int, list[int]] = field(default_factory=dict)  # an outline's line -> its Examples' lines
    rows: dict[int, list[int]] = field(default_factory=dict)  # an Examples' line -> the lines of its rows
    docstrings: dict[int, int] = field(default_factory=dict)  # a step's line -> the line its doc string opens on
    dropped: list[Any] = field(default_factory=list)  # scenarios pytest-bdd drops for another's name, as it would read them


def problems(files: Sequence[Path]) -> tuple[list[str], list[tuple[Path, str]]]:
    """What stops the features from running, found before anything runs, file by file in the order given: the
    files that cannot be read as features (each `FILE[:LINE]: what`), and the scenarios and steps that cannot
    run as written (each `FILE:LINE: what`): two scenarios of one name, a step no sentence matches, a value not of the form its
    sentence reads (a day, one of some words, JSON), a table not of the columns its sentence reads, a table or
    doc string missing or not read, an outline's Examples with no rows or without a column its steps use. And
    the scenarios to run: file and name."""
    vocabulary()
    found: dict[str, None] = {}  # in order, each once (a step of an outline is checked once an example)
    scenarios: list[tuple[Path, str]] = []
    for file in files:
        lines, unreadable, of_file = Lines(), list[str](), dict[str, None]()
        feature = _feature(file, unreadable, of_file, lines)
        of_file.update(dict.fromkeys(unreadable))
        if feature is not None:
            of_file.update(dict.fromkeys(_step_problems(file, feature, lines)))
            scenarios += [(file, name) for name in feature.scenarios]
        # By line in the file (as found, on one line), to be read from the top down.
        at = re.compile(re.escape(_shown(file)) + r":(\d+):")
        found.update(dict.fromkeys(sorted(of_file, key=lambda p: int(m[1]) if (m := at.match(p)) else 0)))
    return list(found), scenarios


def _feature(file: Path, unreadable: list[str], found: dict[str, None], lines: Lines) -> Any:
    """The file as pytest-bdd reads it in the run (`scenario(..., encoding="utf-8-sig")`: a byte-order mark is
    read past), or None, with why it cannot run in `unreadable`; the scenarios that share a name go in `found`
    (pytest-bdd keys a feature's scenarios by name: it would run the last of them only); where its Examples and
    doc strings are, in `lines`."""
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
    blocks: list[Any] = [*scenarios, *(c.background for c in children if c.background)]
    for block in blocks:
        for step in block.steps:
            if step.docstring is not None:
                lines.docstrings[step.location.line] = step.docstring.location.line
    for scenario in scenarios:
        lines.examples[scenario.location.line] = [examples.location.line for examples in scenario.examples]
        for examples in scenario.examples:
            lines.rows[examples.location.line] = [row.location.line for row in examples.table_body or []]
    if not scenarios:
        unreadable.append(f"{shown}: holds no scenario")
        return None
    first: dict[str, int] = {}
    for scenario in scenarios:
        if scenario.name in first:
            found[f'{shown}:{scenario.location.line}: the scenario "{scenario.name}" has the name of the one at '
                  f"{shown}:{first[scenario.name]}; names in a feature must differ (pytest-bdd would run only one)"] = None
        first.setdefault(scenario.name, scenario.location.line)

    try:  # read again by pytest-bdd's parser, as the run reads it (the text parsed above, by the same Gherkin parser)
        parser = FeatureParser(str(file.parent), file.name, encoding="utf-8-sig")
        feature = parser.parse()
    except GherkinParseError as e:
        unreadable.append(f"{shown}:{e.line}: {e.message}")
        return None
    # pytest-bdd keeps one scenario of a name: those it drops are read too, so their steps' problems are said
    # in the same pass as the name they share (not once the name is fixed).
    rules = {c.scenario.location.line: child.rule for child in parsed.feature.children if child.rule
             for c in child.rule.children if c.scenario}
    by_rule = {t.line_number: t.rule for t in feature.scenarios.values()}  # the scenarios kept, by line
    for scenario in scenarios:
        if scenario.location.line not in by_rule:
            rule = rules.get(scenario.location.line)
            sibling = next((by_rule[c.scenario.location.line] for c in rule.children
                            if c.scenario and c.scenario.location.line in by_rule), None) if rule else None
            lines.dropped.append(parser.parse_scenario(scenario, feature, sibling))
    return feature


_PARAMETER = re.compile(r"<([^<>]+)>")  # an outline's parameter, as pytest-bdd reads it


def _step_problems(file: Path, feature: Any, lines: Lines) -> Iterator[str]:
    shown = _shown(file)
    for template in sorted([*feature.scenarios.values(), *lines.dropped], key=lambda t: t.line_number):
        steps = template.steps  # the backgrounds' steps, then the scenario's own, as `render` lists them
        read = list(_contexts(shown, template, lines))
        yield from (problem for problem, _ in read if problem)
        examples = [example for _, example in read if example is not None]
        if not (template.examples or lines.examples.get(template.line_number)):
            examples = [(None, {}, frozenset())]
        elif not examples:
            continue  # no example to check its steps with: the Examples are said to be wrong
        for row, context, unknown in examples:
            given: set[str] = set()  # what the steps so far give those after them: a day looked at, moments noted
            for written, step in zip(steps, template.render(context).steps, strict=True):
                yield from _one_step(shown, written, step, row, lines.docstrings, unknown)
                yield from _unmet(shown, step, given)


def _unmet(shown: str, step: Any, given: set[str]) -> Iterator[str]:
    """What a step needs that no step before it in its scenario gave (a day to look at, a moment noted); what it
    gives is added to `given`. A step no sentence matches is said otherwise, and an Examples' value not known yet
    (`<name>` left in it) is not judged."""
    sentence = known_sentence(step.type, step.name)
    if sentence is None:
        return
    arguments = sentence.arguments(step.type, step.name) or {}
    said = f"{step.keyword} {step.name}"
    for need in sentence.wants(arguments, sentence.needs):
        if need in given or _PARAMETER.search(need):
            continue
        if need == A_DAY:
            yield (f'{shown}:{step.line_number}: "{said}": no day to look at: say "When I look at the ledger as of DAY" '
                   "before it, in its scenario or the Background")
        else:
            yield (f'{shown}:{step.line_number}: "{said}": no step before it notes the moment {need}: say '
                   f"\"When I note the time as {need}\" (or \"When I note the time the ledger recorded \"EVENT\" as "
                   f"{need}\") before it, in its scenario or the Background")
    given.update(sentence.wants(arguments, sentence.gives))


Example = tuple[int | None, dict[str, str], frozenset[str]]  # the line of its row, its values, the columns it lacks


def _contexts(shown: str, template: Any, lines: Lines) -> Iterator[tuple[str | None, Example | None]]:
    """Each example of an outline, with the line of its row and the columns its Examples lack; and what is wrong
    with an Examples table: no rows, or no column a step of the outline uses. The rows of Examples that lack a
    column are examples all the same, so that the values of their other columns are checked in the same pass."""
    read = {examples.line_number: examples for examples in template.examples}
    used: dict[str, int] = {}
    for step in template.steps[len(template.all_background_steps):]:  # its own steps: an outline's, not the backgrounds'
        # Its text and its table's cells (not a doc string: JSON may hold a < and a > of its own).
        texts = [step.name] + [c for row in (step.datatable.raw() if step.datatable else []) for c in row]
        for name in (n for text in texts for n in _PARAMETER.findall(text)):
            used.setdefault(name, step.line_number)
    for at in lines.examples.get(template.line_number, []):
        examples, rows = read.get(at), lines.rows.get(at, [])
        if examples is None or not examples.examples:
            yield f"{shown}:{at}: the Examples table has no rows (an outline runs once a row)", None
            continue
        missing = [name for name in used if name not in examples.example_params]
        for name in missing:
            yield (f"{shown}:{at}: the Examples table has no column {name}, which the step at {shown}:{used[name]} "
                   "uses"), None
        yield from ((None, (row, context, frozenset(missing)))
                    for row, context in zip(rows, examples.as_contexts(), strict=True))


def _one_step(shown: str, written: Any, step: Any, row: int | None, docstrings: dict[int, int],
              unknown: frozenset[str] = frozenset()) -> Iterator[str]:
    """What is wrong with a step (`written` as the feature writes it, `step` as an example of it reads, at the
    line `row` of its Examples, if an outline's). An example whose Examples lack a column (`unknown`) leaves
    that column's `<name>` in the step: what rests on it waits for the column (its lack is said), the rest is
    judged now."""
    said = f"{step.keyword} {step.name}"

    def pending(text: str | None) -> bool:
        return bool(unknown) and text is not None and any(n in unknown for n in _PARAMETER.findall(text))

    sentence = strict = known_sentence(step.type, step.name)
    arguments = strict.arguments(step.type, step.name) if strict is not None else None
    if strict is None:
        sentence, arguments = loose_sentence(step.type, step.name) or (None, None)
    columns = _columns(sentence, written.type, written.name) if sentence is not None else {}
    bad = sentence.argument_problems(arguments) if sentence is not None and arguments is not None else []
    given = [(name, problem) for name, problem in bad if not pending((arguments or {}).get(name))]
    # A step that is a sentence but for a value: a day or a date not of the calendar or of the ledger's forms, or a
    # value an Examples column gives. Any other word where a choice of words is wanted is another sentence, maybe:
    # the nearest are suggested.
    if sentence is None or (strict is None and (not bad or any(
            name not in columns and sentence.forms[name] not in (DAY, DATE) for name, _ in bad))):
        if not pending(step.name):
            suggested = ", ".join(f'"{s}"' for s in nearest(step.type, step.name))
            yield f'{shown}:{step.line_number}: no step matches "{said}"; nearest known: {suggested}'
        return
    for name, problem in given:
        if name in columns and row is not None:
            yield f"{shown}:{row}: the Examples' column {columns[name]}: {problem}"
        else:
            yield f'{shown}:{step.line_number}: "{said}": its {name}: {problem}'
    table = step.datatable.raw() if step.datatable is not None else None
    wrong = sentence.problems(table, step.docstring)
    for problem in wrong:
        line = step.datatable.location.line if problem.startswith("the table") else step.line_number
        yield f'{shown}:{line}: "{said}": {problem}'
    # The cells of the columns known are checked even when another column is wrong: every problem in one pass.
    if sentence.table is not None and table is not None and len(table) > 1:
        header, written_rows = table[0], written.datatable.raw()
        for at, column, problem in sentence.table.value_problems(header, table[1:]):
            if pending(table[at][header.index(column)]):
                continue
            line = step.datatable.rows[at].location.line
            parameter = _PARAMETER.fullmatch(written_rows[at][header.index(column)])
            if parameter is not None and row is not None:
                yield f"{shown}:{row}: the Examples' column {parameter[1]}: {problem}"
            else:
                yield f'{shown}:{line}: "{said}": the column {column}: {problem}'
    if sentence.json is not None and step.docstring is not None and not pending(step.docstring) and (
            json := sentence.json.problem(step.docstring)):
        opens = docstrings.get(step.line_number, step.line_number + 1)  # the line of its first """
        yield f'{shown}:{opens + json[0]}: "{said}": {json[1]}'


def _columns(sentence: Sentence, kind: str, written: str) -> dict[str, str]:
    """The slots of a step of an outline that an Examples column fills: slot -> column."""
    arguments = sentence.arguments(kind, written, loosely=True) or {}
    return {name: found[1] for name, value in arguments.items() if (found := _PARAMETER.fullmatch(value))}


def check(paths: Sequence[str], url: str, junit_xml: str | None, echo: Echo, error: Echo) -> int:
    """Run the features against the ledger at url; the exit code: 0 all passed, 1 one failed, 2 unusable.
    What passed and failed goes to echo; usage errors go to error (standard error, from the command)."""
    try:
        files = feature_files(paths)
        wrong, scenarios = problems(files)
        # A report that cannot be written is said with the features' problems, in the same pass, before them (it
        # is the command line's): one round of fixes for all. The ledger is opened only for features that can run.
        unwritable = _unwritable(Path(junit_xml)) if junit_xml else None
        if unwritable:
            error(f"ledger: check: {unwritable}")
        for line in wrong:
            error(f"ledger: check: {line}")
        if wrong:
            count = len(wrong)
            error(f"ledger: check: {count} problem{'s' if count != 1 else ''} in the features, nothing ran "
                  "(`ledger check --steps` lists the sentences, with their tables)")
        if wrong or unwritable:
            return USAGE
        _can_open(url)
    except Unreachable as e:  # said as every command says it
        error(f"ledger: {e.kind}: {e}")
        return USAGE
    except LedgerError as e:
        error(f"ledger: check: {e}")
        return USAGE
    with tempfile.TemporaryDirectory(prefix="ledger-check-") as folder:
        return _run(Path(folder), scenarios, url, junit_xml, echo, error)


def _unwritable(path: Path) -> str | None:
    """Why the report cannot be written where asked (None: it can), in a folder that exists (none is created),
    checked by trying."""
    if not path.parent.is_dir():
        return f"cannot write {path}: no such folder {path.parent}"
    existed = path.exists()
    try:
        with open(path, "ab" if existed else "xb"):  # neither changes a file that is there
            pass
        if not existed:
            path.unlink()
    except OSError as e:
        return f"cannot write {path}: {e.strerror or e}"
    return None


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

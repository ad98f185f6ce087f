"""What `ledger check` prints in place of pytest's own report: a line per scenario, passed or failed; for a
failure the step and what it expected against what the ledger holds; a summary line at the end. A JUnit XML
report (`--junitxml`) is rewritten in the same words once pytest has written it: each testcase's classname its
feature file, its name the scenario's (with its Examples row), a failure's text what the console said of it."""

from __future__ import annotations

import os
import sys
import xml.etree.ElementTree as ElementTree
from typing import Any

import pytest

# The row of an outline's Examples a scenario runs with: pytest-bdd (9.0) gives it to no hook, and keeps it
# only as this parameter of the test it generates, a private name with no public way to it. Read as it is;
# tests/e2e/test_check.py fails when an outline's row no longer shows (a pytest-bdd that renamed it).
EXAMPLE = "_pytest_bdd_example"


class Report:
    def __init__(self) -> None:
        self.passed = self.failed = 0
        self.scenarios: dict[str, dict[str, str]] = {}  # node id -> where it is, its failing step, what it said

    @pytest.hookimpl
    def pytest_bdd_before_scenario(self, request: pytest.FixtureRequest, feature: Any, scenario: Any) -> None:
        callspec = getattr(request.node, "callspec", None)
        example = dict(callspec.params.get(EXAMPLE, {})) if callspec else {}
        name = scenario.name
        if example:
            name += " [" + ", ".join(f"{k} {v}" for k, v in example.items()) + "]"
        shown = _shown(feature.filename)
        self.scenarios[request.node.nodeid] = {"where": f"{shown}:{scenario.line_number}: {name}", "feature": shown,
                                               "name": name}

    @pytest.hookimpl
    def pytest_bdd_step_error(self, request: pytest.FixtureRequest, step: Any, exception: BaseException) -> None:
        from ledger.errors import LedgerError
        from ledger.scenarios.expect import before_any_recording

        if isinstance(exception, AssertionError):
            said = str(exception).strip()
            if "scene" in request.fixturenames and (why := before_any_recording(request.getfixturevalue("scene"))):
                said += f" ({why})"  # what was expected was looked for before anything was known
        elif isinstance(exception, LedgerError):  # the ledger refused what the step asked: said in its words
            said = f"the ledger refused what the step asked ({exception.kind}): {exception}"
        else:
            said = f"{type(exception).__name__}: {exception}"
        known = self.scenarios.setdefault(request.node.nodeid, {"where": request.node.nodeid})
        known["step"] = f"line {step.line_number}: {step.keyword} {step.name}"
        known["said"] = said or type(exception).__name__

    @pytest.hookimpl
    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if not (report.when == "call" or report.failed):
            return
        known = self.scenarios.get(report.nodeid, {"where": report.nodeid})
        if report.passed:
            self.passed += 1
            print(f"passed  {known['where']}", flush=True)
            return
        self.failed += 1
        print(f"FAILED  {known['where']}")
        if "step" in known:
            known["told"] = f"{known['step']}\n{known['said']}"
        else:  # not a step that failed: the scenario could not be set up
            known["told"] = _last_line(report.longrepr)
        print("\n".join(f"        {line}" for line in known["told"].splitlines()), flush=True)

    @pytest.hookimpl
    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            print(f"ledger: check: cannot collect the scenarios: {_last_line(report.longrepr)}", file=sys.stderr, flush=True)

    @pytest.hookimpl
    def pytest_sessionfinish(self) -> None:
        total = self.passed + self.failed
        print(f"{total} scenario{'s' if total != 1 else ''}: {self.passed} passed, {self.failed} failed", flush=True)


    @pytest.hookimpl
    def pytest_unconfigure(self, config: pytest.Config) -> None:
        path = getattr(config.option, "xmlpath", None)  # written by pytest's junitxml at the session's end
        if path and os.path.exists(path):
            self.rewrite_junit(path)

    def rewrite_junit(self, path: str) -> None:
        """The JUnit XML report in the console's words: CI names a failing scenario by its feature and its name,
        and shows the step and what it said, not pytest's traceback. A testcase is found by the test's name, the
        last part of its node id as pytest writes it. Only the attributes pytest's JUnit family (xunit2) allows are
        set: no file or line (the feature's line is the console's to say)."""
        tree = ElementTree.parse(path)
        by_name = {nodeid.rsplit("::", 1)[-1]: known for nodeid, known in self.scenarios.items()}
        for case in tree.iter("testcase"):
            known = by_name.get(case.get("name", ""))
            if known is None or "feature" not in known:
                continue
            case.set("classname", known["feature"])
            case.set("name", known["name"])
            for failed in [*case.iter("failure"), *case.iter("error")]:
                if "told" in known:
                    failed.set("message", known["told"].splitlines()[-1])
                    failed.text = known["told"]
        tree.write(path, encoding="utf-8", xml_declaration=True)


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(Report(), "ledger-check-report")


def _shown(path: str) -> str:
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def _last_line(longrepr: Any) -> str:
    lines = [line for line in str(longrepr).strip().splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("E ")]
    return (errors[-1][1:].strip() if errors else lines[-1].strip()) if lines else "unknown error"

"""What `ledger check` prints in place of pytest's own report: a line per scenario, passed or failed; for a
failure the step and what it expected against what the ledger holds; a summary line at the end."""

from __future__ import annotations

import os
import sys
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
        where = f"{_shown(feature.filename)}:{scenario.line_number}: {scenario.name}"
        if example:
            where += " [" + ", ".join(f"{k} {v}" for k, v in example.items()) + "]"
        self.scenarios[request.node.nodeid] = {"where": where}

    @pytest.hookimpl
    def pytest_bdd_step_error(self, request: pytest.FixtureRequest, step: Any, exception: BaseException) -> None:
        from ledger.errors import LedgerError

        if isinstance(exception, AssertionError):
            said = str(exception).strip()
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
            print(f"        {known['step']}\n        {known['said']}", flush=True)
        else:  # not a step that failed: the scenario could not be set up
            print(f"        {_last_line(report.longrepr)}", flush=True)

    @pytest.hookimpl
    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            print(f"ledger: check: cannot collect the scenarios: {_last_line(report.longrepr)}", file=sys.stderr, flush=True)

    @pytest.hookimpl
    def pytest_sessionfinish(self) -> None:
        total = self.passed + self.failed
        print(f"{total} scenario{'s' if total != 1 else ''}: {self.passed} passed, {self.failed} failed", flush=True)


def pytest_configure(config: pytest.Config) -> None:
    config.pluginmanager.register(Report(), "ledger-check-report")


def _shown(path: str) -> str:
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def _last_line(longrepr: Any) -> str:
    lines = [line for line in str(longrepr).strip().splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("E ")]
    return (errors[-1][1:].strip() if errors else lines[-1].strip()) if lines else "unknown error"

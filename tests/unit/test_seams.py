"""Tests use the Ledger through its public API: none reaches for a private attribute.

A test that reads `lg._store` breaks when the inside moves, though nothing a user relies on changed. What
tests and tools need of storage is public on purpose (`Ledger.store`); this test keeps it that way.
"""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

TESTS = Path(__file__).resolve().parents[1]


def _is_ledger(annotation: ast.expr | None) -> bool:
    """`Ledger`, `Iterator[Ledger]`, `Ledger | None` and the like."""
    return annotation is not None and any(
        isinstance(node, ast.Name) and node.id == "Ledger" for node in ast.walk(annotation)
    )


def _opens_a_ledger(value: ast.expr | None) -> bool:
    """`Ledger.open(...)` or `Ledger(...)`."""
    if not isinstance(value, ast.Call):
        return False
    func = value.func
    return (isinstance(func, ast.Name) and func.id == "Ledger") or (
        isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "Ledger"
    )


def fixtures_of_ledgers(trees: list[ast.Module]) -> set[str]:
    """The names of functions that give a Ledger: pytest passes fixtures by name, from any file."""
    return {
        node.name for tree in trees for node in ast.walk(tree)
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and _is_ledger(node.returns)
    }


def ledger_names(tree: ast.Module, fixtures: set[str]) -> set[str]:
    """Every name that holds a Ledger in a module: a parameter annotated so, a fixture's name, a name
    bound by `with Ledger.open(...) as name` or `name = Ledger.open(...)`."""
    names = set(fixtures) | {"Ledger"}  # the class too: no private class attribute either
    for node in ast.walk(tree):
        if isinstance(node, ast.arg) and _is_ledger(node.annotation):
            names.add(node.arg)
        elif isinstance(node, ast.withitem) and _opens_a_ledger(node.context_expr):
            if isinstance(node.optional_vars, ast.Name):
                names.add(node.optional_vars.id)
        elif isinstance(node, ast.Assign | ast.AnnAssign) and (
            _opens_a_ledger(node.value) or (isinstance(node, ast.AnnAssign) and _is_ledger(node.annotation))
        ):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
    return names


def private_uses(source: str, fixtures: set[str]) -> list[tuple[int, str]]:
    """(line, text) of each private attribute of a Ledger read in some source: `lg._x`, `getattr(lg, "_x")`."""
    tree = ast.parse(source)
    names = ledger_names(tree, fixtures)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in names:
            attribute = node.attr
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("getattr", "setattr")
              and len(node.args) >= 2 and isinstance(node.args[0], ast.Name) and node.args[0].id in names
              and isinstance(node.args[1], ast.Constant) and isinstance(node.args[1].value, str)):
            attribute = node.args[1].value
        else:
            continue
        if attribute.startswith("_") and not (attribute.startswith("__") and attribute.endswith("__")):
            found.append((node.lineno, ast.get_source_segment(source, node) or attribute))
    for line, script in _scripts(tree):
        found.extend((line + offset - 1, text) for offset, text in private_uses(script, fixtures))
    return found


def _scripts(tree: ast.Module) -> list[tuple[int, str]]:
    """The Python scripts that tests write out as strings and run (an f-string's fields read as `0`)."""
    scripts = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            text = "".join(v.value if isinstance(v, ast.Constant) else "0" for v in node.values)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str):
            text = node.value
        else:
            continue
        if "Ledger" not in text:
            continue
        try:
            ast.parse(textwrap.dedent(text))
        except SyntaxError:
            continue  # prose, not a script
        scripts.append((node.lineno, textwrap.dedent(text)))
    return scripts


def test_no_test_reads_a_private_attribute_of_a_ledger() -> None:
    this = Path(__file__).resolve()  # its own examples of what is refused, below, are not uses
    sources = {path: path.read_text(encoding="utf-8") for path in sorted(TESTS.rglob("*.py")) if path != this}
    trees = [ast.parse(source) for source in sources.values()]
    fixtures = fixtures_of_ledgers(trees)
    assert {"ledger", "seeded", "lg", "written"} <= fixtures  # the scan knows the fixtures it must watch
    offences = [
        f"{path.relative_to(TESTS.parent)}:{line}: {text}"
        for path, source in sources.items()
        for line, text in private_uses(source, fixtures)
    ]
    assert not offences, "use the Ledger's public API (or Ledger.store) instead:\n" + "\n".join(offences)


def test_the_scan_finds_each_way_of_reaching_inside() -> None:
    source = '''
def a(seeded): seeded._store.engine
def b(mine: Ledger): mine._reading()
def c(url):
    with Ledger.open(url) as opened:
        opened._projector
    other = Ledger.open(url)
    getattr(other, "_noticed")
    Ledger._recordings
    run(f\'\'\'
        with Ledger.open({url!r}) as lg:
            lg._store.engine
    \'\'\')
'''
    found = [line for line, _ in private_uses(source, {"seeded"})]
    assert sorted(found) == [2, 3, 6, 8, 9, 12]


def test_the_scan_leaves_other_objects_and_public_names_alone() -> None:
    source = '''
def a(lg: Ledger, row):
    row._asdict(); lg.store.engine; lg.__class__; helper._process
    def _local(): ...
    _local()
'''
    assert private_uses(source, {"seeded"}) == []

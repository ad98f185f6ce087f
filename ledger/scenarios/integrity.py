"""Integrity: the hash chain verifies over every stored event, the log still extends a digest kept
elsewhere, and the `ledger verify` and `ledger audit` commands say so as a user runs them."""

from __future__ import annotations

import re
import subprocess
import sys

from ledger.domain.quotes import quote_is_in
from ledger.scenarios.expect import check
from ledger.scenarios.names import names
from ledger.scenarios.scene import Scene
from ledger.scenarios.tampering import place, stored_rows
from ledger.scenarios.timeline import article_text
from ledger.scenarios.vocabulary import step
from ledger.service.application import Ledger

HEX64 = re.compile(r"[0-9a-f]{64}")


def run(lg: Ledger, *args: str) -> subprocess.CompletedProcess[str]:
    """The `ledger` command, run as a user runs it, on the scenario's ledger."""
    return subprocess.run([sys.executable, "-m", "ledger.cli", "--db", lg.url, *args],
                          capture_output=True, text=True, timeout=300)


def _said(command: subprocess.CompletedProcess[str]) -> str:
    return (command.stdout[-1500:] + command.stderr[-1500:]).strip()


def _verification(scene: Scene) -> None:
    if scene.verification is None:
        raise AssertionError('the ledger was not verified: say "When I verify the ledger" first')


# -- the hash chain ------------------------------------------------------------------------------

@step("given", "I keep the ledger's digest", "I keep the ledger's digest")
def keep_digest(scene: Scene) -> None:
    lg = scene.ledger
    scene.digest = digest = lg.digest()
    check(digest.position == lg.head() == stored_rows(lg)[1] and str(digest) == f"{digest.position}:{digest.link}"
          and HEX64.fullmatch(digest.link) is not None, "a digest of the whole log", str(digest))


@step("when", "I verify the ledger", "I verify the ledger")
def verify(scene: Scene) -> None:
    scene.verification = scene.ledger.verify()


@step("when", "I verify the ledger against the digest I kept", "I verify the ledger against the digest I kept")
def verify_against_digest(scene: Scene) -> None:
    if scene.digest is None:
        raise AssertionError('no digest was kept: say "Given I keep the ledger\'s digest" first')
    scene.verification = scene.ledger.verify(str(scene.digest))


@step("then", "the ledger verifies, having checked every event the database holds, up to the last",
      "the ledger verifies, having checked every event the database holds, up to the last")
def verifies(scene: Scene) -> None:
    lg, result = scene.ledger, scene.verification
    _verification(scene)
    assert result is not None
    count, last = stored_rows(lg)
    check(result.ok and result.broken is None, "the hash chain, and the tables derived from the log, to verify", str(result))
    check(result.checked == count and result.head.position == last == lg.head() and result.head == lg.digest()
          and HEX64.fullmatch(result.head.link) is not None, f"{count} events checked, up to position {last}",
          f"{result.checked} checked, up to {result.head}")


@step("then", "the ledger's hash chain verifies", "the ledger's hash chain verifies")
def chain_verifies(scene: Scene) -> None:
    verify(scene)
    verifies(scene)


@step("then", "the ledger's log extends the digest {digest:digest}", "the ledger's log extends the digest 100:5d2f0b3c8e1a4f6d9b7c2e0a1f3d5b7c9e1a3c5e7f9b1d3f5a7c9e1b3d5f7a9c")
def extends_digest(scene: Scene, digest: str) -> None:
    # A sentence about the log and its chain: the tables derived from it have sentences of their own
    result = scene.ledger.verify(digest, log_only=True)
    check(result.ok and result.broken is None and result.extends is True, f"the log to extend {digest}", str(result))


@step("then", "the ledger verifies, and its log still extends the digest I kept",
      "the ledger verifies, and its log still extends the digest I kept")
def verifies_and_extends(scene: Scene) -> None:
    _verification(scene)
    result, kept, lg = scene.verification, scene.digest, scene.ledger
    assert result is not None and kept is not None
    check(result.ok and result.broken is None and result.extends is True, f"the log to verify and extend {kept}", str(result))
    # A log that is still the one kept extends it too: nothing was added, nothing rewritten.
    same = result.head == kept
    check(result.against == kept and result.head.position == lg.head() >= kept.position
          and (same or (result.head.position > kept.position and result.head.link != kept.link))
          and result.checked == stored_rows(lg)[0], f"the log to extend {kept}", f"{result.head}, {result.checked} checked")


@step("then", "the ledger's log has grown since the digest I kept", "the ledger's log has grown since the digest I kept")
def grown_since(scene: Scene) -> None:
    kept, lg = scene.digest, scene.ledger
    check(kept is not None, "a digest kept before (\"Given I keep the ledger's digest\")", "none kept")
    assert kept is not None
    head = lg.digest()
    check(head.position > kept.position and lg.verify(kept).extends is True, f"a log grown since {kept}", f"{head}")


@step("then", "the verification finds {fact} {kind:edited|deleted|reordered}, at its place in the log",
      "the verification finds Vasily Nebenzia's statement of 2024-03-28 edited, at its place in the log")
def finds_at_place(scene: Scene, fact: str, kind: str) -> None:
    _verification(scene)
    result = scene.verification
    assert result is not None
    check(scene.tampered == fact and fact in scene.places, f"{fact} to be the one tampered with", f"{scene.tampered}")
    _, position = scene.places[fact]
    check(not result.ok and result.broken is not None, f"a break at {position}", "the chain verifying")
    assert result.broken is not None
    check((result.broken.position, result.broken.kind) == (position, kind) and f"position {position}" in result.broken.reason,
          f"the chain broken at {position} ({kind})", f"it broken at {result.broken.position} ({result.broken.kind}): "
          f"{result.broken.reason}")


@step("then", "it says that what stands there now was recorded at the place of {other}",
      "it says that what stands there now was recorded at the place of Matthew Miller's statement of 2024-03-28")
def recorded_elsewhere(scene: Scene, other: str) -> None:
    _, position = scene.places[other]
    broken = scene.verification.broken if scene.verification is not None else None
    reason = broken.reason if broken is not None else "no break"
    check(f"recorded at position {position}" in reason, f"the break to name position {position}", reason)


@step("then", "every event before it checks out", "every event before it checks out")
def before_checks_out(scene: Scene) -> None:
    result = scene.verification
    _, position = scene.places[scene.tampered or ""]
    check(result is not None and result.checked == position - 1 and result.head.position == position - 1,
          f"{position - 1} events checked", str(result))


# -- the commands -------------------------------------------------------------------------------

@step("then", "the verify command succeeds, saying how many events it verified and giving the head of the chain",
      "the verify command succeeds, saying how many events it verified and giving the head of the chain")
def verify_command_succeeds(scene: Scene) -> None:
    lg = scene.ledger
    command = run(lg, "verify")
    wanted = f"verified {stored_rows(lg)[0]} events; head {lg.digest()}"
    check(command.returncode == 0 and wanted in command.stdout, f"`ledger verify` to say {wanted!r}", _said(command))


@step("then", "the verify command, given the digest I kept, succeeds and says the log extends it",
      "the verify command, given the digest I kept, succeeds and says the log extends it")
def verify_command_extends(scene: Scene) -> None:
    command = run(scene.ledger, "verify", "--digest", str(scene.digest))
    check(command.returncode == 0 and f"extends digest {scene.digest}" in command.stdout,
          "`ledger verify --digest` to succeed, saying the log extends it", _said(command))


def _verify_fails(scene: Scene, kind: str, *args: str) -> None:
    command = run(scene.ledger, "verify", *args)
    _, position = scene.places[scene.tampered or ""]
    check(command.returncode == 1 and f"the log was altered at position {position} ({kind})" in command.stderr
          and f"{position - 1} events before it check out" in command.stderr,
          f"`ledger verify` to exit 1, naming position {position} ({kind})", f"exit {command.returncode}: {_said(command)}")


@step("then", "the verify command fails, naming that place in the log as {kind:edited|deleted|reordered}",
      "the verify command fails, naming that place in the log as edited")
def verify_command_fails(scene: Scene, kind: str) -> None:
    _verify_fails(scene, kind)


@step("then", "the verify command, given the digest I kept, fails, naming that place in the log as {kind:edited|deleted|reordered}",
      "the verify command, given the digest I kept, fails, naming that place in the log as edited")
def verify_command_fails_with_digest(scene: Scene, kind: str) -> None:
    _verify_fails(scene, kind, "--digest", str(scene.digest))


@step("when", "I run the audit command", "I run the audit command")
def audit_command(scene: Scene) -> None:
    scene.command = run(scene.ledger, "audit")


def _command(scene: Scene) -> subprocess.CompletedProcess[str]:
    if scene.command is None:
        raise AssertionError('no command was run: say "When I run the audit command" first')
    return scene.command


@step("then", "the command succeeds", "the command succeeds")
def command_succeeds(scene: Scene) -> None:
    command = _command(scene)
    check(command.returncode == 0, "the command to succeed", f"exit {command.returncode}: {_said(command)}")


@step("then", "the command fails with exit code {code:int}", "the command fails with exit code 1")
def command_fails(scene: Scene, code: str) -> None:
    command = _command(scene)
    check(command.returncode == int(code) and "Traceback" not in command.stderr, f"the command to exit {code}",
          f"exit {command.returncode}: {_said(command)}")


@step("then", "it lists every fact the ledger holds, each with its place in the log",
      "it lists every fact the ledger holds, each with its place in the log")
def command_lists_every_fact(scene: Scene) -> None:
    count, last = stored_rows(scene.ledger)
    headers = re.findall(r"^#(\d+) (\S+) \(", _command(scene).stdout, flags=re.M)
    check(len(headers) == count and [int(p) for p, _ in headers] == list(range(1, last + 1)),
          f"{count} facts listed, at positions 1 to {last}", f"{len(headers)} listed")
    for fact in ("Vasily Nebenzia's statement of 2024-03-28", "the vote on S/2024/255", "Russia's veto of S/2024/255"):
        event, position = place(scene, fact)
        check((str(position), event) in headers, f"{event} listed at {position}", "it not there")


@step("then", "it counts the quotes it checked against the article, and flags nothing",
      "it counts the quotes it checked against the article, and flags nothing")
def command_counts(scene: Scene) -> None:
    out, (article, _) = _command(scene).stdout, article_text(scene)
    # Every quote, first source or second, taken from a source whose text the ledger holds (the article's,
    # the veto list's) is checked: the other sources are registered without their text.
    texts = {s: d["text"] for s, d in names(scene.ledger).sources.items() if d.get("text")}
    cited: list[tuple[str | None, str | None]] = []
    for entry in scene.ledger.audit():
        cited += [(entry.source, entry.quote), *((c.source, c.quote) for c in entry.also_cited)]
    quoted = sum(1 for source, quote in cited if source in texts and quote and quote_is_in(quote, texts[source]))
    from_article = sum(1 for source, _ in cited if source == article)
    wanted = f"{stored_rows(scene.ledger)[0]} facts: {quoted} quotes checked against their source's text, 0 flagged"
    check(from_article > 0 and wanted in out and "FLAGGED" not in out, f"`ledger audit` to say {wanted!r}", out[-500:])


@step("then", "it flags one fact only: the forged statement, shown with its quote",
      "it flags one fact only: the forged statement, shown with its quote")
def command_flags_the_forgery(scene: Scene) -> None:
    out, forged, lg = _command(scene).stdout, scene.forged, scene.ledger
    assert forged is not None
    check(out.count("FLAGGED") == 1 and out.rstrip().endswith("1 flagged"), "one fact flagged", out[-500:])
    start = out.index(f"#{lg.head()} {forged['id']} (StatementIssued")
    block = out[start:].split("\n#")[0]
    article = article_text(scene)[0]
    check(forged["source"]["quote"] in block and "FLAGGED:" in block and f"not in the text of source {article!r}" in block,
          "the forged statement flagged with its quote", block)

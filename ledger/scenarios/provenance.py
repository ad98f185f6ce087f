"""Where facts came from: the sources a ledger holds, the documents it was loaded from, every quote found in
its source, and the audit (`Ledger.audit()`) that checks each quote again over the log as stored."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ledger.documents import fingerprint
from ledger.documents.files import read_paths
from ledger.documents.parse import parse_documents
from ledger.domain.quotes import normalise, quote_is_in
from ledger.scenarios.citations import citations
from ledger.scenarios.expect import check, fail, listed, looking
from ledger.scenarios.names import event_id, names
from ledger.scenarios.scene import Scene
from ledger.scenarios.timeline import article_text
from ledger.scenarios.vocabulary import A_DAY, step

SEED_ARTICLE = "article-2024-03-29"  # the article this package's seed is built on (seeds/ in its repository)
REGISTRATIONS = ("SourceRegistered", "ActorRegistered")


def holds_source(scene: Scene, source: str) -> None:
    """The ledger holds a source with its text, and facts that quote it, every quote found in that text."""
    registered = names(scene.ledger).sources.get(source)
    check(registered is not None and bool(registered.get("text")), f"the source {source!r} registered with its text",
          "no such source" if registered is None else "it registered without its text")
    citing = [p for p in scene.ledger.audit() if p.source == source]
    check(bool(citing), f"facts citing {source!r}", "none")
    flagged = [f"{p.event_id}: {p.problem}" for p in citing if p.flagged or not p.checked]
    check(not flagged, f"every quote of the {len(citing)} facts citing {source!r} found in its text", listed(flagged))


def the_entry(scene: Scene, event: str) -> Any:
    found = [p for p in scene.found if p.event_id == event]
    check(len(found) == 1, f"the audit to list {event} once", f"it listed {len(found)} times")
    return found[0]


@step(("given", "then"), "the ledger holds the seed article", "the ledger holds the seed article")
def the_seed_article(scene: Scene) -> None:
    holds_source(scene, SEED_ARTICLE)


@step(("given", "then"), 'the ledger holds the source "{source:text}" with its text, and facts that quote it',
      'the ledger holds the source "article-2024-03-29" with its text, and facts that quote it')
def the_source(scene: Scene, source: str) -> None:
    holds_source(scene, names(scene.ledger).source(source))


@step(("given", "then"), 'the ledger holds every document of "{path:text}"', 'the ledger holds every document of "seeds/"')
def every_document_of(scene: Scene, path: str) -> None:
    """Each document of the files (as `ledger load` reads them) is held as it is written there. The path is
    taken from the current folder, else from the feature's folder or one above it."""
    found = Path(path)
    if not found.exists() and scene.feature is not None:
        found = next((d / path for d in scene.feature.parents if (d / path).exists()), found)
    documents = parse_documents(list(read_paths([found])))
    held = {f.event_id: f for f in scene.ledger.facts()}
    missing = [d["id"] for d in documents if d["id"] not in held]
    changed = [d["id"] for d in documents if d["id"] in held and fingerprint(held[d["id"]].document) != fingerprint(d)]
    check(not missing and not changed, f"every one of the {len(documents)} documents of {path} as written there",
          f"{len(missing)} of them not at all ({listed(missing[:5])}), {len(changed)} otherwise ({listed(changed[:5])})")
    scene.documents = documents


def documents(scene: Scene) -> list[dict[str, Any]]:
    if scene.documents is None:
        raise AssertionError('no documents were named: say "Given the ledger holds every document of "PATH"" first')
    return scene.documents


@step("then", "the ledger holds nothing beyond those documents but the vetoes it counted from their votes",
      "the ledger holds nothing beyond those documents but the vetoes it counted from their votes")
def nothing_beyond(scene: Scene) -> None:
    named = {d["id"] for d in documents(scene)}
    extra = sorted({(f.event_id, f.type) for f in scene.ledger.facts() if f.event_id not in named})
    check(bool(extra) and {kind for _, kind in extra} == {"VetoCast"}, "vetoes, and only vetoes, beyond the documents",
          listed(f"{e} ({k})" for e, k in extra))


@step("when", "I audit the ledger", "I audit the ledger")
def audit(scene: Scene) -> None:
    scene.found = scene.ledger.audit()


@step("then", "the audit lists every fact the ledger holds, in the order and at the moment they were recorded",
      "the audit lists every fact the ledger holds, in the order and at the moment they were recorded")
def lists_every_fact(scene: Scene) -> None:
    """Checked against the log's length, and against the timeline's and the histories' own record of each fact."""
    lg, found = scene.ledger, scene.found
    check([p.position for p in found] == list(range(1, lg.head() + 1)), f"the audit to list positions 1 to {lg.head()}",
          f"{len(found)} entries")
    check(len({p.event_id for p in found}) == len(found), "each event listed once", "an event listed twice")
    rows = {r.event_id: r for r in lg.as_of("9999-12-31").timeline}
    stored = {f.event_id: f for f in lg.facts()}
    for p in found:
        row = rows.get(p.event_id)
        versions = [] if row is not None else [v for v in lg.history(p.event_id) if v.event_id == p.event_id]
        if row is not None:
            seen = (row.position, row.type, row.recorded_at)
        elif versions:  # a registration: its history says when it was recorded
            seen = (p.position, versions[0].type, versions[0].recorded_at)
        else:  # a fix, which is a version of the fact it fixes
            fact = stored[p.event_id]
            seen = (fact.position, fact.type, fact.recorded_at)
        check(seen == (p.position, p.type, p.recorded_at),
              f"{p.event_id} at {p.position}, a {p.type} recorded at {p.recorded_at.isoformat()}",
              f"{(seen[0], seen[1], seen[2].isoformat())}")
    check([p.recorded_at for p in found] == sorted(p.recorded_at for p in found), "recording times in log order",
          "a later position recorded earlier")


@step("then", "every fact but the registrations of sources and actors names the source it came from",
      "every fact but the registrations of sources and actors names the source it came from")
def every_fact_names_its_source(scene: Scene) -> None:
    registered = set(names(scene.ledger).sources)
    if scene.documents is not None:
        registered &= {d["source_id"] for d in scene.documents if d["type"] == "SourceRegistered"}
    for p in scene.found:
        if p.type in REGISTRATIONS:
            check(p.source is None and p.quote is None and not p.checked, f"{p.event_id} to cite nothing", repr(p))
        else:
            check(p.source in registered, f"{p.event_id} to cite a registered source", f"it citing {p.source!r}")


@step("then", "every fact the seed takes from the article quotes it as the seed does, in words found in the article",
      "every fact the seed takes from the article quotes it as the seed does, in words found in the article")
def article_quotes(scene: Scene) -> None:
    article, text = article_text(scene)
    taken = [d for d in documents(scene) if (d.get("source") or {}).get("document") == article]
    check(bool(taken), f"documents taken from {article}", "none")
    for document in taken:
        entry = the_entry(scene, document["id"])
        cited = (article, document["source"]["quote"], document["source"].get("locator"))
        check((entry.source, entry.quote, entry.locator) == cited, f"{entry.event_id} to cite {cited}",
              repr((entry.source, entry.quote, entry.locator)))
    citing = [p for p in scene.found if p.source == article]
    check(len(citing) > len(taken), f"the vetoes counted from votes citing {article} too", "no more facts citing it")
    for p in citing:
        check(bool(p.quote) and quote_is_in(p.quote or "", text) and p.checked and not p.flagged and p.problem is None,
              f"{p.event_id} to quote {article} in words found there, checked", f"{p.quote!r}: {p.problem}")


@step("then", "every fact the seed takes from a UN document whose text the ledger does not hold cites that document, unchecked",
      "every fact the seed takes from a UN document whose text the ledger does not hold cites that document, unchecked")
def un_documents_unchecked(scene: Scene) -> None:
    docs = documents(scene)
    textless = {d["source_id"] for d in docs if d["type"] == "SourceRegistered" and not d.get("text")}
    taken = [d for d in docs if (d.get("source") or {}).get("document") in textless]
    check(bool(taken), "documents taken from sources without their text", "none")
    for document in taken:
        entry = the_entry(scene, document["id"])
        check((entry.source, entry.locator) == (document["source"]["document"], document["source"].get("locator")),
              f"{entry.event_id} to cite {document['source']}", repr((entry.source, entry.locator)))
    for p in scene.found:
        if p.source in textless:
            check(not p.checked and not p.flagged, f"{p.event_id} unchecked and unflagged", repr(p))


@step("then", "nothing is flagged", "nothing is flagged")
def nothing_flagged(scene: Scene) -> None:
    check(bool(scene.found), "an audit of some facts", "none")
    flagged = [f"{p.event_id}: {p.problem}" for p in scene.found if p.flagged]
    check(not flagged, "no fact flagged", listed(flagged))


@step("then", "the audit flags nothing", "the audit flags nothing")
def audit_flags_nothing(scene: Scene) -> None:
    audit(scene)
    nothing_flagged(scene)


@step("then", 'the audit shows {fact} citing the article at "{locator:text}" in the words "{words:text}"',
      'the audit shows Matthew Miller\'s statement of 2024-03-28 citing the article at "para 4" in the words "What Russia did"')
def shows_fact(scene: Scene, fact: str, locator: str, words: str) -> None:
    article, text = article_text(scene)
    entry = the_entry(scene, event_id(scene.ledger, fact))
    check(entry.source == article and (entry.locator or "").startswith(f"{locator} ") and entry.quote is not None
          and normalise(words) in normalise(entry.quote) and quote_is_in(entry.quote, text) and entry.checked
          and not entry.flagged, f"{fact} citing {article} at {locator!r} in words with {words!r}",
          f"it citing {entry.source} at {entry.locator!r} in the words {entry.quote!r}", f"event {entry.event_id}")


@step("then", '{fact} cites the source {source:word}', "Russia's veto of S/2024/255 cites the source article-2024-03-29")
def fact_cites(scene: Scene, fact: str, source: str) -> None:
    event = event_id(scene.ledger, fact)
    [entry] = [p for p in scene.ledger.audit() if p.event_id == event]
    check(entry.source == source, f"{fact} ({event}) to cite {source}", f"it citing {entry.source} at {entry.locator!r}")


@step("then", "every fact behind {thing} cites its source, each quote found in it",
      "every fact behind the DPRK Panel of Experts cites its source, each quote found in it")
def every_fact_behind(scene: Scene, thing: str) -> None:
    view = scene.ledger.as_of("9999-12-31")
    known = names(scene.ledger)
    ident = known.thing(thing)
    item = view.panel(ident) or view.regime(ident) or view.draft(ident)
    if item is None:
        fail(f"{thing} to be a panel, regime or draft of the ledger", f"{ident} as none of them")
    audited = {p.event_id: p for p in scene.ledger.audit()}
    for entry in view.evidence(item):
        p = audited[entry.event_id]
        check(p.source is not None and not p.flagged, f"{p.event_id} to cite its source, its quote found in it",
              f"it citing {p.source!r}: {p.problem}")


@step("then", 'its quote, which includes "{words:text}", is found in the article',
      'its quote, which includes "Irresponsible Decision", is found in the article')
def quote_in_article(scene: Scene, words: str) -> None:
    """The fact quotes the article, as its source or as a second source (`also_cited`)."""
    article, text = article_text(scene)
    fact = scene.fact
    quotes = [c.get("quote") or "" for c in citations(scene, fact.event_id) if c.get("document") == article]
    check(any(quotes), f"{fact.event_id} to quote {article}",
          f"it citing {fact.source}" + ("" if fact.quote else ", quoting nothing"))
    quote = next((q for q in quotes if normalise(words) in normalise(q)), None)
    check(quote is not None, f"the quote of {fact.event_id} to include {words!r}", listed(repr(q) for q in quotes))
    check(quote_is_in(quote or "", text), f"the quote of {fact.event_id} to be found in {article}", "it not there")



@step("then", 'a fact on the ledger quotes the article\'s words "{words:text}"',
      'a fact on the ledger quotes the article\'s words "reinforced several times in 2016 and 2017"', needs=(A_DAY,))
def quotes_the_article(scene: Scene, words: str) -> None:
    _, text = article_text(scene)
    rows = [r for r in looking(scene).timeline if r.quote and normalise(words) in normalise(r.quote)]
    check(bool(rows), f"a fact quoting {words!r}", "none")
    check(all(quote_is_in(r.quote, text) for r in rows), "their quotes found in the article", "one not there")


@step("then", "that statement, and only it, is flagged: its quote is not in the text of the article",
      "that statement, and only it, is flagged: its quote is not in the text of the article")
def only_the_forgery_flagged(scene: Scene) -> None:
    forged, article = scene.forged, article_text(scene)[0]
    assert forged is not None
    flagged = [p for p in scene.found if p.flagged]
    check([p.event_id for p in flagged] == [forged["id"]], f"{forged['id']} alone flagged", listed(p.event_id for p in flagged))
    [entry] = flagged
    check(entry.position == scene.ledger.head() and entry.type == "StatementIssued" and entry.checked
          and (entry.source, entry.quote) == (article, forged["source"]["quote"])
          and f"not in the text of source {article!r}" in (entry.problem or ""),
          f"the forged statement, last in the log, its quote checked against {article}", repr(entry))


@step("then", "the audit still shows every other fact of the seed as it did before",
      "the audit still shows every other fact of the seed as it did before")
def the_rest_unchanged(scene: Scene) -> None:
    forged = scene.forged
    assert forged is not None and scene.before
    rest = [p.to_dict() for p in scene.found if p.event_id != forged["id"]]
    check(rest == [p.to_dict() for p in scene.before], "every other fact as the audit showed it before", "a changed entry")

"""Panels and regimes as the ledger holds them on a day: status, mandate, vetoes, reports, inquiries,
resolutions and relief sought."""

from __future__ import annotations

from typing import Any

from ledger.scenarios.expect import check, fail, grounds, listed, looking, panel_grounds, when
from ledger.scenarios.names import names, split
from ledger.scenarios.scene import Scene
from ledger.scenarios.timeline import one_row
from ledger.scenarios.vocabulary import A_DAY, DATE, DAY, Table, one_of, step

STATUS = "active|expired|terminated"
DAYS = Table(("day", "status"), ("mandate runs to",), forms={"day": DAY, "status": one_of(STATUS), "mandate runs to": DAY})
REINFORCEMENTS = Table(("resolution", "adopted on"), forms={"adopted on": DATE})  # names each fact by its date


def panel_in(scene: Scene, view: Any, name: str) -> Any:
    panel_id = names(scene.ledger).panel(name)
    panel = view.panel(panel_id)
    if panel is None:
        fail(f"{name} ({panel_id}) to be in the ledger {when(view)}", "no such panel on that day")
    scene.panel = panel
    return panel


def regime_in(scene: Scene, view: Any, name: str) -> Any:
    regime_id = names(scene.ledger).regime(name)
    regime = view.regime(regime_id)
    if regime is None:
        fail(f"{name} ({regime_id}) to be in the ledger {when(view)}", "no such regime on that day")
    scene.regime = regime
    return regime


def held_status(panel: Any) -> str:
    end = panel.mandate_ends_on
    return f"it {panel.status}" + {"active": f" until {end}", "expired": f" since its mandate ended on {end}"}.get(
        panel.status, "")


def _status(scene: Scene, view: Any, name: str, status: str) -> None:
    panel = panel_in(scene, view, name)
    check(panel.status == status, f"{name} to be {status} {when(view)}", held_status(panel), panel_grounds(view, panel))


# -- panels ------------------------------------------------------------------------------------

@step("then", f"{{panel:name}} is {{status:{STATUS}}}", "the DPRK Panel of Experts is expired", needs=(A_DAY,))
def panel_status(scene: Scene, panel: str, status: str) -> None:
    _status(scene, looking(scene), panel, status)


@step("then", f"as of {{day:day}} {{panel}} is {{status:{STATUS}}}", "as of 2024-05-01 the DPRK Panel of Experts is expired")
def panel_status_on(scene: Scene, day: str, panel: str, status: str) -> None:
    _status(scene, scene.ledger.as_of(day), panel, status)


@step("then", "on these days {panel} was:", "on these days the DPRK Panel of Experts was:",
      more='| day        | status  | mandate runs to |\n| 2024-04-30 | active  | 2024-04-30      |\n| 2024-05-01 | expired | 2024-04-30      |',
      table=DAYS)
def panel_on_days(scene: Scene, panel: str, datatable: list[list[str]]) -> None:
    """A table with a `day` column and a `status` column, and optionally `mandate runs to`."""
    rows = DAYS.rows(datatable)
    problems = []
    for wanted in rows:
        view = scene.ledger.as_of(wanted["day"])
        held = panel_in(scene, view, panel)
        if held.status != wanted["status"] or held.mandate_ends_on != wanted.get("mandate runs to", held.mandate_ends_on):
            problems.append(f"{wanted['day']}: expected {wanted['status']} to "
                            f"{wanted.get('mandate runs to', '')}, held {held_status(held)} "
                            f"({panel_grounds(view, held)})")
    if problems:
        raise AssertionError(f"{panel} on {len(problems)} of {len(rows)} days is not as listed: " + "; ".join(problems))


@step("then", "its mandate runs to {day:day}", "its mandate runs to 2024-04-30", needs=(A_DAY,))
def mandate_runs_to(scene: Scene, day: str) -> None:
    panel, view = scene.panel, looking(scene)
    check(panel.mandate_ends_on == day, f"the mandate of {panel.panel_id} to run to {day} {when(view)}",
          f"it running to {panel.mandate_ends_on}", panel_grounds(view, panel))


@step("then", "the mandate of {panel} as of {day:day} runs to {end:day}",
      "the mandate of the DPRK Panel of Experts as of 2024-03-01 runs to 2024-04-30")
def mandate_on(scene: Scene, panel: str, day: str, end: str) -> None:
    view = scene.ledger.as_of(day)
    held = panel_in(scene, view, panel)
    check(held.mandate_ends_on == end, f"the mandate of {panel} to run to {end} {when(view)}",
          f"it running to {held.mandate_ends_on}", panel_grounds(view, held))


@step("then", "its vetoes list {vetoes}", "its vetoes list Russia's veto of S/2024/255", needs=(A_DAY,))
def panel_vetoes(scene: Scene, vetoes: str) -> None:
    known, view, panel = names(scene.ledger), looking(scene), scene.panel
    expected = []
    for veto in split(vetoes):
        who, _, draft = veto.partition("'s veto of ")
        if not draft:
            raise AssertionError(f"cannot read {veto!r}: write \"MEMBER's veto of DRAFT\"")
        expected.append((known.actor(who), known.draft(draft)))
    held = [(v.member, v.draft_id) for v in panel.vetoes]
    check(held == expected, f"the vetoes of {panel.panel_id} {when(view)} to be {listed(f'{m} of {d}' for m, d in expected)}",
          listed(f"{m} of {d}" for m, d in held), panel_grounds(view, panel))
    for veto in panel.vetoes:
        draft = view.draft(veto.draft_id)
        check(draft is not None and veto.on == draft.voted_on, f"the veto of {veto.draft_id} to fall on its vote",
              f"it on {veto.on}, the vote on {draft.voted_on if draft else 'no day'}")


@step("then", "{panel:name} has released the report {report:word}", "the DPRK Panel of Experts has released the report S/2024/215", needs=(A_DAY,))
def released_report(scene: Scene, panel: str, report: str) -> None:
    view = looking(scene)
    held = panel_in(scene, view, panel)
    check(report in held.reports, f"{panel} to have released {report} {when(view)}", f"its reports {listed(held.reports)}")
    one_row(scene, "ReportReleased", f"panel {held.panel_id} releases report {report}:")


@step("then", "as of {day:day} {panel} had released no report", "as of 2024-03-06 the DPRK Panel of Experts had released no report")
def no_report_yet(scene: Scene, day: str, panel: str) -> None:
    view = scene.ledger.as_of(day)
    held = panel_in(scene, view, panel)
    check(held.reports == [], f"no report of {panel} {when(view)}", f"the reports {listed(held.reports)}")


@step("then", '{panel:name} has opened an inquiry into "{words:text}"',
      'the DPRK Panel of Experts has opened an inquiry into "conventional arms and ammunition"', needs=(A_DAY,))
def inquiry_into(scene: Scene, panel: str, words: str) -> None:
    view = looking(scene)
    held = panel_in(scene, view, panel)
    check(any(words.lower() in i.lower() for i in held.inquiries), f"an inquiry of {panel} into {words!r} {when(view)}",
          f"its inquiries {listed(held.inquiries)}")
    one_row(scene, "InquiryOpened", f"panel {held.panel_id} opens an inquiry")


@step("then", "as of {day:day} {panel} had opened no inquiry", "as of 2024-02-29 the DPRK Panel of Experts had opened no inquiry")
def no_inquiry_yet(scene: Scene, day: str, panel: str) -> None:
    view = scene.ledger.as_of(day)
    held = panel_in(scene, view, panel)
    check(held.inquiries == [], f"no inquiry of {panel} {when(view)}", f"the inquiries {listed(held.inquiries)}")


# -- regimes -----------------------------------------------------------------------------------

@step("then", "{regime:name} is in force and {monitored:monitored|not monitored}",
      "the DPRK sanctions regime is in force and not monitored", needs=(A_DAY,))
def regime_in_force(scene: Scene, regime: str, monitored: str) -> None:
    view = looking(scene)
    held = regime_in(scene, view, regime)
    panels = [p for p in (view.panel(pid) for pid in held.panels) if p is not None]
    holds = f"it {held.status.replace('_', ' ')}, {'monitored' if held.monitored else 'not monitored'}" + (
        ": " + "; ".join(f"its panel {p.panel_id} {held_status(p)[3:]}" for p in panels) if panels else ", with no panel")
    check(held.status == "in_force" and held.terminated_on is None and held.monitored is (monitored == "monitored"),
          f"{regime} to be in force and {monitored} {when(view)}", holds,
          "; ".join(panel_grounds(view, p) for p in panels) or grounds(view.evidence(held)[:1]))


@step("then", "{regime:name} is terminated since {day:day}", "the Mali sanctions regime is terminated since 2023-09-01", needs=(A_DAY,))
def regime_terminated(scene: Scene, regime: str, day: str) -> None:
    view = looking(scene)
    held = regime_in(scene, view, regime)
    check(held.status == "terminated" and held.terminated_on == day and held.monitored is False,
          f"{regime} to be terminated since {day} {when(view)}",
          f"it {held.status.replace('_', ' ')}" + (f" since {held.terminated_on}" if held.terminated_on else ""),
          grounds(view.evidence(held)[-1:]))


@step("then", "{regime:name} was established on {day:day} by resolution {resolution} against {target}",
      "the DPRK sanctions regime was established on 2006-10-14 by resolution 1718 (2006) against North Korea", needs=(A_DAY,))
def regime_established(scene: Scene, regime: str, day: str, resolution: str, target: str) -> None:
    view = looking(scene)
    held = regime_in(scene, view, regime)
    state = names(scene.ledger).actor(target)
    check((held.established_on, held.resolutions[0], held.target, held.status) == (day, resolution, state, "in_force"),
          f"{regime} established on {day} by {resolution} against {state}, in force {when(view)}",
          f"it established on {held.established_on} by {held.resolutions[0]} against {held.target}, {held.status}",
          grounds(view.evidence(held)[:1]))


@step("then", "it was reinforced by these resolutions:", "it was reinforced by these resolutions:",
      more='| resolution  | adopted on |\n| 2270 (2016) | 2016-03-02 |', table=REINFORCEMENTS, needs=(A_DAY,))
def reinforced_by(scene: Scene, datatable: list[list[str]]) -> None:
    """A table of `resolution` and `adopted on`, about the regime named last."""
    regime, view = scene.regime, looking(scene)
    rows = [(row["resolution"], row["adopted on"]) for row in REINFORCEMENTS.rows(datatable)]
    scene.earlier = [resolution for resolution, _ in rows]
    for resolution, adopted_on in rows:
        check(resolution in regime.resolutions, f"{regime.regime_id} reinforced by {resolution} {when(view)}",
              f"its resolutions {listed(regime.resolutions)}")
        one_row(scene, "SanctionsReinforced", f"regime {regime.regime_id} reinforced by {resolution}", on=adopted_on)


@step("then", "as of {day:day} none of these reinforcements had been adopted",
      "as of 2015-12-31 none of these reinforcements had been adopted")
def not_yet_reinforced(scene: Scene, day: str) -> None:
    held = scene.ledger.as_of(day).regime(scene.regime.regime_id)
    early = sorted(set(scene.earlier) & set(held.resolutions if held else []))
    check(not early, f"none of {listed(scene.earlier)} adopted as of {day}", f"{listed(early)} adopted by then")


@step("then", "relief from {regime} is sought by {seekers}", "relief from the DPRK sanctions regime is sought by Russia and China", needs=(A_DAY,))
def relief_sought_by(scene: Scene, regime: str, seekers: str) -> None:
    view = looking(scene)
    held = regime_in(scene, view, regime)
    wanted = names(scene.ledger).actors_of(seekers)
    check(list(held.relief_sought_by) == wanted, f"relief from {regime} sought by {listed(wanted)} {when(view)}",
          f"it sought by {listed(held.relief_sought_by)}")

"""The editorial steps of section G as a table: which status may follow which, and who may take each step.

`collected -> selected -> narrated -> corrected -> approved -> published`, one step at
a time forward; a reviewer may send a `corrected` or `approved` draft back to
`narrated` with a reason; a published post taken down (`unpublished`) goes back to
`narrated` too.

This is the one home of the rules that both the checks (`rule_history`) and the
state machine (`workflow`) apply, so neither imports the other for them. It depends
on the settings only.
"""

from __future__ import annotations

from typing import Iterable

from .config import Role, Settings, Step
from .i18n import _

UNPUBLISHED = "unpublished"
# The only actor that is not a person: the publish job in CI, after an approving review.
SYSTEM_ACTOR = "pipeline"

# One step forward at a time.
FORWARD: dict[Step, Step] = {
    Step.COLLECTED: Step.SELECTED,
    Step.SELECTED: Step.NARRATED,
    Step.NARRATED: Step.CORRECTED,
    Step.CORRECTED: Step.APPROVED,
    Step.APPROVED: Step.PUBLISHED,
}
# A reviewer sends a draft back, with a reason.
RETURNS: dict[Step, Step] = {Step.CORRECTED: Step.NARRATED, Step.APPROVED: Step.NARRATED}
# The whole table: status -> statuses it may go to (published -> narrated is a take-down).
TRANSITIONS: dict[Step, frozenset[Step]] = {
    step: frozenset(({FORWARD[step]} if step in FORWARD else set())
                    | ({RETURNS[step]} if step in RETURNS else set())
                    | ({Step.NARRATED} if step is Step.PUBLISHED else set()))
    for step in Step
}
# Steps that `pipeline advance` takes; approval and publishing have their own commands.
ADVANCE_STEPS = (Step.SELECTED, Step.NARRATED, Step.CORRECTED)


def next_step(status: Step) -> Step | None:
    """The step being worked on while a draft is at `status` (None once published)."""
    return FORWARD.get(status)


def allowed(old: Step | None, step: str, *, reason: str | None = None) -> bool:
    """Whether a history entry `step` may follow status `old` (None: the first entry)."""
    if old is None:
        return step == Step.COLLECTED.value
    if step == UNPUBLISHED:
        return old is Step.PUBLISHED
    try:
        new = Step(step)
    except ValueError:
        return False
    if FORWARD.get(old) is new:
        return True
    return new is Step.NARRATED and old in RETURNS and bool(reason)


def status_after(step: str) -> Step:
    """The status a history entry leaves the draft in."""
    return Step.NARRATED if step == UNPUBLISHED else Step(step)


def approving_roles(settings: Settings) -> set[Role]:
    """The roles whose review approves coverage (the `approved` step's, i.e. the Kasubag PTIP)."""
    return set(settings.steps[Step.APPROVED].roles)


def return_roles(settings: Settings) -> set[Role]:
    """Who may send a draft back: the reviewers, i.e. those of the `corrected` and `approved` steps."""
    return set(settings.steps[Step.CORRECTED].roles) | approving_roles(settings)


def unpublish_roles(settings: Settings) -> set[Role]:
    """Who may take a post down at once: the reviewers and whoever publishes."""
    return return_roles(settings) | set(settings.steps[Step.PUBLISHED].roles)


def roles_for(settings: Settings, step: str, *, returning: bool = False) -> set[Role]:
    """The roles that may record history entry `step`."""
    if step == UNPUBLISHED:
        return unpublish_roles(settings)
    if returning:
        return return_roles(settings)
    return set(settings.steps[Step(step)].roles)


def role_problem(settings: Settings, person_id: str, roles: Iterable[Role], what: str) -> str | None:
    """Why `person_id` may not do `what`, or None when they may."""
    roles = sorted({r.value for r in roles})
    person = settings.person(person_id)
    if person is None:
        known = ", ".join(p.id for p in settings.people)
        return _("{person!r} is not a person in site_config/pipeline.yml (people: {known})").format(
            person=person_id, known=known)
    if person.role.value not in roles:
        return _("{person} has the role {role}; {what} needs the role {roles}").format(
            person=person.id, role=person.role.value, what=what, roles=_(" or ").join(roles))
    return None

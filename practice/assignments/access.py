"""Scoped loaders for the counselor's side of assignments: anything not theirs is a 404."""

from __future__ import annotations

from ..audit.record import refuse
from ..audit.who import Who
from ..couples.access import counselor_owns
from ..extensions import db
from .models import AnswerFlag, Assignment, Response


def assignment_for(who: Who, assignment_id: int) -> Assignment:
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None or not counselor_owns(who, assignment.couple):
        refuse("Assignment", assignment_id, who=who)
    return assignment


def response_of_counselor(who: Who, response_id: int) -> Response:
    response = db.session.get(Response, response_id)
    if response is None or not counselor_owns(who, response.assignment.couple):
        refuse("Response", response_id, who=who)
    return response


def flag_for(who: Who, flag_id: int) -> AnswerFlag:
    flag = db.session.get(AnswerFlag, flag_id)
    if flag is None or not counselor_owns(who, flag.couple):
        refuse("AnswerFlag", flag_id, who=who)
    return flag

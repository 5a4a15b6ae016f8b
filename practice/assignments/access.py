"""Scoped loaders for the counselor's side of assignments: anything not theirs is a 404."""

from __future__ import annotations

from ..audit.record import refuse
from ..auth.models import User
from ..couples.access import counselor_owns
from ..extensions import db
from .models import AnswerFlag, Assignment, Response


def assignment_for(user: User, assignment_id: int) -> Assignment:
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None or not counselor_owns(user, assignment.couple):
        refuse("Assignment", assignment_id)
    return assignment


def response_of_counselor(user: User, response_id: int) -> Response:
    response = db.session.get(Response, response_id)
    if response is None or not counselor_owns(user, response.assignment.couple):
        refuse("Response", response_id)
    return response


def flag_for(user: User, flag_id: int) -> AnswerFlag:
    flag = db.session.get(AnswerFlag, flag_id)
    if flag is None or not counselor_owns(user, flag.couple):
        refuse("AnswerFlag", flag_id)
    return flag

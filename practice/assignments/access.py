"""Scoped loaders for the counselor's side of assignments: anything not theirs is a 404."""

from __future__ import annotations

from flask import abort

from ..auth.models import User
from ..extensions import db
from .models import AnswerFlag, Assignment, Response


def _owns(user: User, couple) -> bool:
    return user.is_counselor and couple.counselor_id == user.id


def assignment_for(user: User, assignment_id: int) -> Assignment:
    assignment = db.session.get(Assignment, assignment_id)
    if assignment is None or not _owns(user, assignment.couple):
        abort(404)
    return assignment


def response_of_counselor(user: User, response_id: int) -> Response:
    response = db.session.get(Response, response_id)
    if response is None or not _owns(user, response.assignment.couple):
        abort(404)
    return response


def flag_for(user: User, flag_id: int) -> AnswerFlag:
    flag = db.session.get(AnswerFlag, flag_id)
    if flag is None or not _owns(user, flag.couple):
        abort(404)
    return flag

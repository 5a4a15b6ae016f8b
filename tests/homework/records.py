"""Homework records owned by one counselor, for the isolation matrix."""

from __future__ import annotations

from practice.assignments.models import AnswerFlag, Assignment, Response, ResponseStatus
from practice.assignments.services import assign
from practice.audit.who import system
from practice.clock import practice_today
from practice.couples.models import Couple
from practice.extensions import db
from practice.library.loader import get_library

# The actor of the rows these tests write without a request.
TESTS = system("tests")

SECRET_ANSWER = "Confidential answer: the message on the second phone"


def owned_homework(app, couple: Couple) -> dict[str, int]:
    with app.app_context():
        live = db.session.get(Couple, couple.id)
        worksheet = get_library().get("emotional-strain-and-safety-check-in")
        assignment: Assignment = assign(
            live,
            worksheet,
            by=live.counselor,
            recipients="each",
            for_client=None,
            due_date=practice_today(),
            instructions="",
            share=False,
            who=TESTS,
        )
        first: Response = assignment.responses[0]
        first.answers = {"hardest_time": SECRET_ANSWER, "unsafe_at_home": "yes"}
        first.status = ResponseStatus.SUBMITTED
        flag = AnswerFlag(
            response=first, couple_id=live.id, prompt_id="unsafe_at_home", message="Unsafe."
        )
        db.session.add(flag)
        db.session.commit()
        return {
            "assignment_id": assignment.id,
            "response_id": first.id,
            "answer_flag_id": flag.id,
            "client_id": live.partners[0].id,
        }

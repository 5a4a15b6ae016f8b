from flask import Blueprint

bp = Blueprint("handouts", __name__, url_prefix="/handouts")

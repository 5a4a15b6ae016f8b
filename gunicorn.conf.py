"""gunicorn settings for Trustwork in production; gunicorn reads this file from the folder it
starts in (README, "Running in production"). Each setting can be overridden on the command
line, and the numbers from the environment.

Threaded workers: a request that waits on the database or renders a PDF holds one thread,
not a whole process, so light pages keep being served beside it.
"""

import os

bind = os.environ.get("TRUSTWORK_BIND", "127.0.0.1:8000")
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
threads = int(os.environ.get("TRUSTWORK_THREADS", "8"))

# A worker silent for this long is killed and replaced: long enough for the slowest PDF
# (about a second now, more on a busy machine), short enough that a stuck one comes back.
timeout = 60
graceful_timeout = 30
keepalive = 5
# Recycle each worker now and then, staggered, so no slow leak can grow without bound.
max_requests = 2000
max_requests_jitter = 200

# The access log names the path, never the query string: a note search puts a counselor's
# words in the URL (?q=...), and those are clinical. Nor the referrer, for the same reason.
accesslog = "-"
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'
errorlog = "-"
loglevel = "info"

# Behind a reverse proxy on the same host (nginx terminating TLS).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

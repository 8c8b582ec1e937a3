"""gunicorn for production: `gunicorn -c python:trustmgmt.gunicorn_conf trustmgmt.wsgi` (README, "Production").

Threads, not only processes: a desk waiting on PostgreSQL should not hold up fifty residents reading the
disclosure. The access log leaves out query strings, which can carry what the desk searched for (a name).
"""

import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = 60
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-")
access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(B)s %(M)sms'

"""gunicorn settings, read from the working directory by every `gunicorn` the project ships
(Dockerfile, docker-compose, benchmarks).

No access log: gunicorn's would write every client's IP address, user agent, Referer and full
query string (a survey collector's code, what a resident searched for), enough to link an
anonymous survey answer to a person. The app already logs one JSON line per request, without
any of those (moia.middleware.RequestLogMiddleware, moia/log_redaction.py).
"""

accesslog = None
errorlog = "-"

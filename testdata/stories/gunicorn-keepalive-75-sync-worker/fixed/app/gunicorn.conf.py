# gunicorn settings for the web container. The default sync worker answers one request per
# connection and closes it (Connection: close), so keepalive has no effect with it.
import multiprocessing

bind = "0.0.0.0:8000"
workers = multiprocessing.cpu_count() * 2 + 1
keepalive = 75
timeout = 2 * 60

# gunicorn settings for the web container.
import multiprocessing

bind = "0.0.0.0:8000"
workers = multiprocessing.cpu_count() * 2 + 1
worker_class = "gthread"
threads = 4
keepalive = 75
timeout = 2 * 60

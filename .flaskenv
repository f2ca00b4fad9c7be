# Read by the flask command (python-dotenv): the app factory, not wsgi.py (which is for production).
FLASK_APP=app

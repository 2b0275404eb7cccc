"""Cross-cutting pieces: settings, database, auth, audit, notifications, Celery."""

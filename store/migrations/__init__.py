"""Alembic's schema revisions (versions/), run by store.db.init_db at `manage.py init` and at app start."""

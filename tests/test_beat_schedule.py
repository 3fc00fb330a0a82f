"""Every job beat schedules is a task a worker knows, and it runs on an empty database without error:
a renamed task or a job that crashes before there is any data would otherwise fail only in production."""

import pytest

from moia.celery import app

pytestmark = pytest.mark.django_db


def _schedule():
    app.loader.import_default_modules()
    app.finalize()
    return app.conf.beat_schedule


def test_beat_schedules_the_nightly_purges_and_the_outbox():
    tasks = {entry["task"] for entry in _schedule().values()}
    assert {
        "programs.tasks.purge_expired_pii_task",
        "posters.tasks.purge_fulfilled_addresses_task",
        "moia.tasks.outbox_flush_task",
    } <= tasks


@pytest.mark.parametrize("name", sorted(_schedule()))
def test_each_scheduled_job_is_a_registered_task_that_runs_on_an_empty_database(name, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path  # a job that writes a file (the report draft) writes it here
    entry = _schedule()[name]
    assert entry["task"] in app.tasks, f"{name} schedules {entry['task']}, which no worker knows"
    result = app.tasks[entry["task"]].apply(args=entry.get("args", ()), kwargs=entry.get("kwargs", {}))
    assert result.successful(), result.traceback

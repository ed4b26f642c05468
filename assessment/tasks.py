"""The only tasks module Celery discovers (autodiscover_tasks looks for assessment.tasks): it imports each
package's tasks, which register themselves by their explicit names."""

from .invitations import tasks as invitations_tasks
from .results import tasks as results_tasks

__all__ = ["invitations_tasks", "results_tasks"]

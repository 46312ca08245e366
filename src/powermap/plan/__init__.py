"""What to do next: "what if" one change, the team's own relationships, and the ranked action plan."""

from powermap.plan.actions import *  # noqa: F403  (its public names, listed once there)
from powermap.plan.actions import __all__ as __all__

"""What to do next: "what if" one change, the team's own relationships, and the ranked action plan."""

from powermap.plan.actions import ACTION_FIELDS, KINDS, Costs, plan, plan_actions

__all__ = ["plan", "plan_actions", "Costs", "KINDS", "ACTION_FIELDS"]

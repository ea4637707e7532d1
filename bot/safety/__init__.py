"""Duty of care: the people responsible for each person (group leaders, buddies), "are you
safe?" checks with escalation of silence, and SOS alerts (issue 15)."""

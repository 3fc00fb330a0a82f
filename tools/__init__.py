"""Self-help tools residents use without leaving data behind: the Family Emergency Preparedness
Plan (built from the request, never stored) and printable Know Your Rights cards."""

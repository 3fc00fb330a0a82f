"""Demonstration data: every office's demo content and the code that loads it (`seed_demo`).

Product apps hold product code only. The content lives in `demo/data/<office>/<app>.json`
(`shared/` for what every office gets), one loader per app in `demo/<app>.py`, loaded in the
order of moia/portal_apps.py. How a demo row is marked and found is in `demo/marks.py`.
"""

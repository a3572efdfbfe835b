"""``newsbot doctor``: what is wrong with this deployment, and how to fix it.

Each check module returns ``Check`` results and never raises for what it examines: a wrong
token, an unreachable database or a broken sources file is a finding, not a crash. Checks only
read: the doctor never migrates the database, creates files or posts to Slack.
"""

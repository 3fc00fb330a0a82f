"""Grants to nonprofits: funding cycles, organizations' applicant profiles and members, applications
and documents, reviews with conflict declarations, decisions, awards, payments and grantee reports,
and the 360Giving open-data export. Applicant data stays inside this app."""

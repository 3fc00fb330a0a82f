"""Open Referral HSDS 3.0 open data: the read-only JSON API and the tabular datapackage.

The mapping between the directory's models and HSDS, and the extensions the portal adds
(translations in every language), are documented in directory/HSDS.md.
"""

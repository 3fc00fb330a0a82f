"""The resource directory: services, organizations and locations modelled on Open Referral HSDS 3.0,
their translations and review status, multilingual search, the public pages and the HSDS API and
tabular data package (`hsds/`). Owns what residents find; knows nothing of intakes or grants."""

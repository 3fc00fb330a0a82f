"""Date, time and number formats Django does not ship (FORMAT_MODULE_PATH).

Django has no locale data for Haitian Creole, Cabo Verdean Creole or Somali, so their pages fell
back to English ("March 1, 2027", "6:59 a.m."). English keeps Django's dates but writes times as
"6:59 AM": "a.m." at the end of a sentence became "a.m.." in the portal's messages.
"""

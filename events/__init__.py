"""Events, sessions and bookable time slots the office runs, and residents' registrations for them:
capacity and waitlist, reminders, check-in at the door and attendance for the programme metrics.
Owns registrants' contact details and their retention."""

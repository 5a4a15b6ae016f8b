"""Sessions in the counselor's and the partners' own calendars: a private iCalendar feed
and single-session .ics files, with initials only and never a note."""

"""Pure rules and value objects: identifiers, calendar, case state machine, numbering, service catalogue."""

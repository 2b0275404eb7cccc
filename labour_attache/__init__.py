"""The labour attachés' work: each attaché's queue of open cases and caseload, read from
the disputes routed to them (missions and settlement bodies themselves are `missions`)."""

"""opportunities: short-term work, found across public job boards, kept in one clean database."""

"""Service functions: every write to the database happens here, and only here commits."""

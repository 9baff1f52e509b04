"""Publishing pipeline for a court's public website (section F and G of the court's IT procedure)."""

__version__ = "0.1.0"

"""Bringing timelines made with other tools into a sitegen site (`sitegen import`)."""

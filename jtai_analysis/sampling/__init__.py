"""Choosing children: nomination checks, the 20 and the 6, dip samples."""

"""Keeping children unidentifiable where a pack is shared: keyed pseudonyms and small-number suppression."""

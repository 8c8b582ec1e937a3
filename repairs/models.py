"""Contractors, contracts with their price lists, work orders and patrols (issue 4)."""

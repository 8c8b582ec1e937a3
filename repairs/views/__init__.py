"""Repairs pages: work orders (orders.py), patrols (patrols.py), contracts (contracts.py), the overview."""

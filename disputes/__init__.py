"""Dispute intake, routing, the case lifecycle and outcomes."""

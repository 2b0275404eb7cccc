"""Missions in receiving countries, their attachés, and dispute settlement bodies."""

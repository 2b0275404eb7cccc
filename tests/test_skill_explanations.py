"""Which of a job's skills a result says the person has."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.unit


def test_a_word_typed_is_no_skill_of_a_profile() -> None:
    """`welder` typed on a concrete worker's matches listed «MIG/MAG welding» among the
    skills matching: the person's skills are the profile's; typed words stand in only for
    a seeker whose skills are not known."""
    from matching.searching import Seeker, _explain_skills

    job = ["MIG/MAG welding", "formwork"]
    assert _explain_skills(job, Seeker(skills=["formwork"]), "welder") == ["formwork"]
    assert _explain_skills(job, Seeker(), "welding") == ["MIG/MAG welding"]

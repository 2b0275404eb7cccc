"""Agency ratings from each agency's record, and the regulator's review queue."""

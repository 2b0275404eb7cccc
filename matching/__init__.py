"""Migrant resource centres, migrant profiles, vacancies, search and referrals."""

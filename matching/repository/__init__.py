"""The matching domain's SQL, one module per record it keeps: centres, migrants,
referrals and the centres' referral requests, vacancies, sign-in codes and notices."""

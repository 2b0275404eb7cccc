"""Recruitment agencies, their licences, the public licence lookup and the barred-persons list."""

"""The HR API: company data as JSON for other systems, behind per-company bearer tokens."""

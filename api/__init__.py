"""The HTTP face of Vetted: FastAPI routers per domain, auth, problem+json errors."""

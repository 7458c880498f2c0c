"""Knowledge base and graph built from extracted reports (see issue "Knowledge base")."""

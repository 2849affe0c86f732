"""Contract tests: schemathesis against openapi.yaml."""

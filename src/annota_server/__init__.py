"""annota_server: the reference server for the annota API, built from openapi.yaml."""

"""Operation handlers: one module per tag of openapi.yaml, one function per operationId.

Each handler takes a :class:`annota_server.context.Ctx` first and then the parameters connexion
validated; :func:`annota_server.context.bind` supplies the context and commits.
"""

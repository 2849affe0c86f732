"""Request validators for connexion that report EVERY offending field, not just the first."""

from __future__ import annotations

import json
import re
from collections import deque
from collections.abc import AsyncGenerator, Iterable, Iterator
from typing import Any

from connexion.exceptions import BadRequestProblem
from connexion.json_schema import Draft4RequestValidator, Draft4ResponseValidator, allow_nullable
from connexion.validators import JSONResponseBodyValidator, ParameterValidator
from jsonschema import (  # type: ignore[import-untyped, unused-ignore]
    Draft4Validator,
    ValidationError,
)
from jsonschema.validators import extend  # type: ignore[import-untyped, unused-ignore]
from jsonschema_rs import Draft4Validator as CompiledDraft4Validator
from starlette.types import Receive, Scope

from annota_server.problems import FieldError
from annota_server.upstream import JSONBodyValidator

BODY_KEY = "annota.body"
"""Scope key under which the JSON body validator leaves the parsed (and valid) document."""


class RequestValidationProblem(BadRequestProblem):  # type: ignore[misc]
    """A 400 that carries one ``FieldError`` per violation."""

    def __init__(self, errors: list[FieldError]) -> None:
        summary = "; ".join(f"{e.field}: {e.message}" for e in errors[:5])
        if len(errors) > 5:
            summary += f"; and {len(errors) - 5} more"
        super().__init__(detail=f"The request breaks the API contract: {summary}")
        self.errors = errors


def _dotted(path: Iterable[Any]) -> str:
    return ".".join(str(p) for p in path)


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


def schema_errors(validator: Draft4Validator, instance: Any) -> list[FieldError]:
    """Flatten jsonschema errors into field errors, naming missing and unexpected keys."""
    found: list[FieldError] = []
    for error in validator.iter_errors(instance):
        found.extend(_explain(error))
    # Stable order makes answers reproducible and tests simple.
    unique = {(e.field, e.message): e for e in found}
    return sorted(unique.values(), key=lambda e: (e.field, e.message))


# What openapi.yaml declares on request strings: the server refuses NUL (no database stores it).
NO_NUL_PATTERN = "^[^\\u0000]*$"
NO_NUL_MESSAGE = "must not contain NUL characters"


def _message(error: ValidationError) -> str:
    if error.validator == "pattern" and error.validator_value == NO_NUL_PATTERN:
        return NO_NUL_MESSAGE
    if isinstance(error.schema, dict) and error.schema.get("writeOnly"):
        # A secret (a bucket's key): say which rule it breaks, never echo the value.
        return _SECRET_RULES.get(str(error.validator), "is not valid").format(error.validator_value)
    return str(error.message)


_SECRET_RULES = {
    "maxLength": "must be at most {} characters",
    "minLength": "must be at least {} characters",
    "type": "must be a {}",
    "pattern": "holds characters it may not",
}


def _explain(error: ValidationError) -> Iterator[FieldError]:
    where = _dotted(error.absolute_path)
    if error.validator == "required" and isinstance(error.instance, dict):
        for name in error.validator_value:
            if name not in error.instance:
                yield FieldError(_join(where, name), "is required")
        return
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        known = set(error.schema.get("properties", {}))
        for name in sorted(k for k in error.instance if k not in known):
            yield FieldError(_join(where, str(name)), "is not a known field")
        return
    yield FieldError(where or "body", _message(error))


def unsafe_strings(value: Any, path: deque[str | int] | None = None) -> list[FieldError]:
    """Find strings no database can store: NUL characters and lone surrogates."""
    path = path if path is not None else deque()
    found: list[FieldError] = []
    if isinstance(value, str):
        if "\x00" in value:
            found.append(FieldError(_dotted(path) or "body", NO_NUL_MESSAGE))
        else:
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                found.append(FieldError(_dotted(path) or "body", "is not valid Unicode text"))
    elif isinstance(value, dict):
        for key, item in value.items():
            path.append(key)
            found.extend(unsafe_strings(item, path))
            path.pop()
    elif isinstance(value, list):
        for index, item in enumerate(value):
            path.append(index)
            found.extend(unsafe_strings(item, path))
            path.pop()
    return found


_CHECKERS: dict[tuple[int, Any], tuple[dict[str, Any], Draft4Validator]] = {}


def _checker(schema: dict[str, Any], kind: Any) -> Draft4Validator:
    # connexion builds a validator per request or response but hands over the same schema
    # object each time, so the compiled checker is kept per schema (with the schema itself,
    # since ids of dead objects get reused).
    key = (id(schema), kind)
    cached = _CHECKERS.get(key)
    if cached is None or cached[0] is not schema:
        checker = kind(schema, format_checker=Draft4Validator.FORMAT_CHECKER)
        cached = _CHECKERS[key] = (schema, checker)
    return cached[1]


class _Cyclic(Exception):
    """The schema refers to itself (a resolved recursive ``$ref``): it cannot be copied."""


def _compiled_schema(node: Any, path: frozenset[int] = frozenset()) -> Any:
    """``node`` for the compiled validator: OpenAPI's ``nullable`` spelled as JSON Schema.

    connexion's request validator lets null through a ``type`` or ``enum`` beside
    ``nullable: true``; Draft 4 has no such keyword, so null joins the type and the enum.
    """
    if not isinstance(node, (list, dict)):
        return node
    if id(node) in path:
        raise _Cyclic
    path = path | {id(node)}
    if isinstance(node, list):
        return [_compiled_schema(item, path) for item in node]
    out = {key: _compiled_schema(value, path) for key, value in node.items()}
    if node.get("nullable") is True or node.get("x-nullable") is True:
        kind = out.get("type")
        if isinstance(kind, str):
            out["type"] = [kind, "null"]
        if isinstance(out.get("enum"), list) and None not in out["enum"]:
            out["enum"] = [*out["enum"], None]
    return out


_COMPILED: dict[int, tuple[dict[str, Any], CompiledDraft4Validator | None]] = {}


def conforms(schema: dict[str, Any], instance: Any) -> bool:
    """Whether ``instance`` passes ``schema``, by a validator compiled once per schema.

    The fast path of request validation: ``True`` only when the compiled validator accepts the
    instance, which is never more lenient than the all-errors validator (its patterns anchor
    ``$`` at the very end; it refuses what it cannot represent, such as lone surrogates). On
    ``False`` the caller runs the all-errors validator, which alone words the answer.
    """
    key = id(schema)
    cached = _COMPILED.get(key)
    if cached is None or cached[0] is not schema:
        try:
            compiled = CompiledDraft4Validator(_compiled_schema(schema), validate_formats=True)
        except _Cyclic:
            compiled = None  # a recursive schema: the all-errors validator checks it alone
        cached = _COMPILED[key] = (schema, compiled)
    if cached[1] is None:
        return False
    try:
        return bool(cached[1].is_valid(instance))
    except Exception:  # a value it cannot convert (a lone surrogate): the full check decides
        return False


# A NUL or a surrogate can reach a parsed string only through a ``\u`` escape (raw NULs and
# encoded surrogates are not valid JSON in UTF-8), so a UTF-8 body without one needs no walk.
_MAYBE_UNSAFE_ESCAPE = re.compile(rb"\\u(?:0000|[dD][89abcdefABCDEF])")


class AllErrorsBodyValidator(JSONBodyValidator):
    """JSON body validator: malformed JSON and each schema violation become field errors."""

    def __init__(self, *, schema: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(schema=schema, **kwargs)
        self._raw = b""
        self._document: Any = None

    async def parse_body(self, stream: AsyncGenerator[bytes, None], scope: Scope) -> Any:
        """The body as JSON; a body that is not JSON is a field error, not connexion's 400."""
        raw = self._raw = b"".join([chunk async for chunk in stream])
        if not raw.strip():
            return None
        try:
            self._document = json.loads(raw.decode(self.encoding))
            return self._document
        except LookupError:
            raise RequestValidationProblem(
                [FieldError("Content-Type", f"unknown charset {self.encoding!r}")]
            ) from None
        except UnicodeDecodeError as exc:
            raise RequestValidationProblem(
                [FieldError("body", f"is not valid {self.encoding}: {exc.reason}")]
            ) from None
        except json.JSONDecodeError as exc:
            raise RequestValidationProblem(
                [FieldError("body", f"is not valid JSON: {exc}")]
            ) from None
        except ValueError as exc:  # e.g. an integer with more digits than Python converts
            raise RequestValidationProblem(
                [FieldError("body", f"is not usable JSON: {exc}")]
            ) from None
        except RecursionError:
            raise RequestValidationProblem([FieldError("body", "is nested too deeply")]) from None

    def validate_body(self, body: Any) -> None:
        """Raise one field error per violation of the schema (and per NUL in a string)."""
        if body is None:
            raise RequestValidationProblem([FieldError("body", "is required")])
        if conforms(self._schema, body) and not self._may_hold_unsafe_strings(body):
            return
        # The spec's pattern and the check of every string may both find a NUL: say it once.
        checker = _checker(self._schema, Draft4RequestValidator)
        errors = list(dict.fromkeys(schema_errors(checker, body) + unsafe_strings(body)))
        if errors:
            raise RequestValidationProblem(errors)

    def _may_hold_unsafe_strings(self, body: Any) -> bool:
        utf8 = self.encoding.lower().replace("-", "") in ("utf8", "ascii", "usascii")
        if utf8 and not _MAYBE_UNSAFE_ESCAPE.search(self._raw):
            return False
        return bool(unsafe_strings(body))

    async def wrap_receive(self, receive: Receive, *, scope: Scope) -> tuple[Receive, Scope]:
        """Validate the body, turning connexion's own 'body is required' into a field error.

        The parsed document goes on in the scope (:data:`BODY_KEY`), so the handler gets it
        without parsing the body a second time.
        """
        try:
            receive, scope = await super().wrap_receive(receive, scope=scope)
        except RequestValidationProblem:
            raise
        except BadRequestProblem as exc:
            raise RequestValidationProblem([FieldError("body", str(exc.detail))]) from None
        return receive, {**scope, BODY_KEY: self._document}


class AllErrorsParameterValidator(ParameterValidator):  # type: ignore[misc]
    """Validates query, path and header parameters and reports each bad one by name."""

    @staticmethod
    def validate_parameter(
        parameter_type: str, value: Any, param: dict[str, Any], param_name: str | None = None
    ) -> str | None:
        """Return why ``value`` is refused, or ``None``."""
        if value is None:
            if param.get("required"):
                return "is required"
            return None
        schema = param.get("schema", param)
        if not conforms(schema, value):
            error = next(iter(_checker(schema, Draft4Validator).iter_errors(value)), None)
            if error is not None:
                return _message(error)
        texts = value if isinstance(value, list) else [value]
        if any(isinstance(t, str) and "\x00" in t for t in texts):
            return NO_NUL_MESSAGE
        return None

    def validate_request(self, request: Any) -> None:
        """Collect every parameter error, then raise them together."""
        errors: list[FieldError] = []
        if self.strict_validation:
            extra = self.validate_query_parameter_list(
                request, security_params=self.security_query_params
            )
            errors += [FieldError(name, "is not a known query parameter") for name in sorted(extra)]
        checks = (
            ("query", self.validate_query_parameter),
            ("path", self.validate_path_parameter),
            ("header", self.validate_header_parameter),
        )
        for location, check in checks:
            for param in self.parameters.get(location, []):
                message = check(param, request)
                if message:
                    errors.append(FieldError(param["name"], message))
        if errors:
            # connexion lists path-level parameters once per operation it merges them into.
            raise RequestValidationProblem(list(dict.fromkeys(errors)))


# openapi.yaml writes optional references as ``nullable: true`` next to ``allOf: [$ref]`` (the
# OpenAPI 3.0 idiom); connexion honours ``nullable`` only beside ``type``, so null is allowed here
# too. Only responses need it: no request schema uses the idiom.
_NullableAllOfResponseValidator = extend(
    Draft4ResponseValidator, {"allOf": allow_nullable(Draft4Validator.VALIDATORS["allOf"])}
)


class ResponseBodyValidator(JSONResponseBodyValidator):  # type: ignore[misc]
    """connexion's JSON response validator, accepting null where ``nullable`` wraps an allOf."""

    @property
    def validator(self) -> Draft4Validator:
        """Return the (cached) schema validator for this response."""
        return _checker(self._schema, _NullableAllOfResponseValidator)


def template_pattern(template: str) -> re.Pattern[str]:
    """``/api/tasks/{id}`` -> a regex matching its paths, each parameter a named group."""
    pattern = re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>[^/]+)", re.escape(template))
    return re.compile(f"^{pattern}$")


_HTTP_METHODS = frozenset({"get", "put", "post", "delete", "options", "head", "patch", "trace"})


class AllowedMethods:
    """The ``Allow`` header of a path: the methods openapi.yaml gives it (HEAD wherever GET).

    The router's own 405 lists only the methods of the first route that matched the path, so
    ``OPTIONS /api/users`` claimed ``GET, HEAD``; the spec knows every method of the path.
    """

    def __init__(self, spec: dict[str, Any]) -> None:
        self._routes: list[tuple[re.Pattern[str], str]] = []
        # Literal paths first: /api/users/self is not /api/users/{id}.
        paths = sorted(spec.get("paths", {}).items(), key=lambda entry: entry[0].count("{"))
        for template, item in paths:
            methods = {m.upper() for m in item if m in _HTTP_METHODS}
            if "GET" in methods:
                methods.add("HEAD")
            self._routes.append((template_pattern(template), ", ".join(sorted(methods))))

    def __call__(self, path: str) -> str | None:
        """The ``Allow`` value of ``path``, or ``None`` when no path of the spec matches it."""
        for pattern, allowed in self._routes:
            if pattern.match(path):
                return allowed
        return None


class PathParameterTypes:
    """Tells why a path that matched no route would match one but for a non-integer id.

    connexion routes ``{id}`` with an integer converter, so ``/api/projects/abc`` reaches no
    operation and would be a bare 404; this turns it into the 400 naming ``id`` it deserves.
    """

    _INTEGER = re.compile(r"[+-]?[0-9]+")

    def __init__(self, spec: dict[str, Any]) -> None:
        self._routes: list[tuple[re.Pattern[str], set[str]]] = []
        for template, item in spec.get("paths", {}).items():
            integers = self._integer_parameters(spec, item)
            if not integers:
                continue
            self._routes.append((template_pattern(template), integers))

    @staticmethod
    def _integer_parameters(spec: dict[str, Any], item: dict[str, Any]) -> set[str]:
        found: set[str] = set()
        candidates = list(item.get("parameters", []))
        for operation in item.values():
            if isinstance(operation, dict):
                candidates += operation.get("parameters", [])
        for parameter in candidates:
            if "$ref" in parameter:
                parameter = spec["components"]["parameters"][parameter["$ref"].rsplit("/", 1)[1]]
            if (
                parameter.get("in") == "path"
                and parameter.get("schema", {}).get("type") == "integer"
            ):
                found.add(parameter["name"])
        return found

    def explain(self, path: str) -> list[FieldError]:
        """Return one error per integer path parameter of ``path`` that is not an integer."""
        for pattern, integers in self._routes:
            match = pattern.match(path)
            if match is None:
                continue
            errors = [
                FieldError(name, f"{value!r} is not of type 'integer'")
                for name, value in match.groupdict().items()
                if name in integers and not self._INTEGER.fullmatch(value)
            ]
            if errors:
                return errors
        return []

"""Validates RFTSim's HTTP responses against the official OpenAPI document (reduced: data/openapi/).

`SpecValidator.errors(method, target, status, body)` finds the operation of a request (`GET /v1/files?limit=2`),
picks the schema the document declares for the status (for an error status it does not declare: the
`ErrorResponse` schema, the platform's error body) and returns the validation errors that are not one of the
documented platform-vs-spec differences (`PLATFORM_DIFFERENCES`, listed with their evidence in docs/PROVIDER.md,
"Spec validation"). Routes outside the document (`/_rftsim/...`) give None: nothing to check.

The document is OpenAPI 3.1 (JSON Schema 2020-12) with a few 3.0 forms left in: `nullable: true` is read as
"or null" and a boolean `exclusiveMinimum` as 3.1's numeric one before validating.
"""
import copy
import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from jsonschema import Draft202012Validator

REPO = Path(__file__).resolve().parents[2]
SPEC_PATH = REPO / "data" / "openapi" / "openai-openapi.reduced.json"


@dataclass(frozen=True)
class PlatformDifference:
    """A documented place where the platform answers differently from the spec, so RFTSim does too.

    An error is excused when the failing field's path ends with `field`, the failing keyword is `keyword`
    and `allows(value)` holds for the value found there.
    """

    name: str
    field: tuple
    keyword: str
    allows: object


def _is_grader_map(value):
    return isinstance(value, dict) and value and all(isinstance(grader, dict) and "type" in grader for grader in value.values())


# Each entry: docs/PROVIDER.md, "Spec validation", has the evidence.
PLATFORM_DIFFERENCES = (
    PlatformDifference("paused status", ("status",), "enum", lambda value: value == "paused"),
    PlatformDifference("multi graders as a map", ("graders",), "$ref", _is_grader_map),
    PlatformDifference("multi graders as a map", ("graders",), "type", _is_grader_map),
    PlatformDifference("multi graders as a map", ("graders",), "oneOf", _is_grader_map),
    PlatformDifference("multi graders as a map", ("graders",), "anyOf", _is_grader_map),
    PlatformDifference("null expires_at", ("expires_at",), "type", lambda value: value is None),
    PlatformDifference("null status_details", ("status_details",), "type", lambda value: value is None),
    PlatformDifference("null error of an eval run or sample", ("error",), "type", lambda value: value is None),
    PlatformDifference("null user of a response", ("user",), "type", lambda value: value is None),
    PlatformDifference("null usage of a response in progress", ("response", "usage"), "type", lambda value: value is None),
    PlatformDifference("null first_id/last_id of an empty list", ("first_id",), "type", lambda value: value is None),
    PlatformDifference("null first_id/last_id of an empty list", ("last_id",), "type", lambda value: value is None),
)


def _nullable_as_null(node):
    """Rewrites OpenAPI 3.0 `nullable: true` into JSON Schema: `type: [t, "null"]` or `anyOf: [.., null]`."""
    if isinstance(node, list):
        return [_nullable_as_null(item) for item in node]
    if not isinstance(node, dict):
        return node
    rewritten = {key: _nullable_as_null(value) for key, value in node.items()}
    if rewritten.get("exclusiveMinimum") is True and "minimum" in rewritten:  # 3.0's boolean form
        rewritten["exclusiveMinimum"] = rewritten.pop("minimum")
    elif rewritten.get("exclusiveMinimum") is False:
        del rewritten["exclusiveMinimum"]
    if rewritten.pop("nullable", False) is True:
        kind = rewritten.get("type")
        if isinstance(kind, str):
            rewritten["type"] = [kind, "null"]
            if "enum" in rewritten:
                rewritten["enum"] = list(rewritten["enum"]) + [None]
        elif kind is None:
            return {"anyOf": [rewritten, {"type": "null"}]}
    return rewritten


class SpecValidator:
    """The reduced document's operations, each with its response schemas, ready to validate bodies."""

    def __init__(self, spec_path=SPEC_PATH):
        self.document = json.loads(Path(spec_path).read_text())
        self.components = _nullable_as_null(self.document["components"])
        self.commit = self.document["info"]["x-source"]["commit"]
        self._validators = {}
        routes = []
        for template in self.document["paths"]:
            pattern = "^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(template)) + "$"
            routes.append((template.count("{"), template, re.compile(pattern)))
        self.routes = sorted(routes)  # literal segments win: /responses/compact before /responses/{id}

    def operation(self, method, path):
        """The template and operation of `METHOD /v1/...`, or None when the document has no such route."""
        if not path.startswith("/v1/"):
            return None
        path = path[len("/v1"):]
        for _, template, pattern in self.routes:
            if pattern.match(path):
                operation = self.document["paths"][template].get(method.lower())
                return (template, operation) if operation else None
        return None

    def response_schema(self, operation, status, content_type="application/json"):
        """The schema of a response: an error status (4xx, 5xx) is the platform's error envelope
        (`ErrorResponse`, also where the spec declares a bare `Error`); a success status the spec does not
        declare takes the operation's declared success (the spec's 201 for creating evals and runs)."""
        if status >= 400:
            return {"$ref": "#/components/schemas/ErrorResponse"}
        responses = operation.get("responses", {})
        declared = responses.get(str(status))
        if declared is None and 200 <= status < 300:
            successes = [value for key, value in responses.items() if key.startswith("2")]
            declared = successes[0] if len(successes) == 1 else None
        if declared is None:
            return None
        if "$ref" in declared:
            declared = self.document["components"]["responses"][declared["$ref"].rsplit("/", 1)[1]]
        content = declared.get("content", {})
        chosen = content.get(content_type) or content.get("application/json")
        return chosen["schema"] if chosen else None

    def raw_errors(self, schema, instance):
        key = json.dumps(schema, sort_keys=True)
        validator = self._validators.get(key)
        if validator is None:
            root = {"components": self.components, **_nullable_as_null(copy.deepcopy(schema))}
            validator = self._validators[key] = Draft202012Validator(root)
        return list(validator.iter_errors(instance))

    def errors(self, method, target, status, body, content_type="application/json"):
        """Validation errors of one response, minus documented platform differences; None if not checkable."""
        found = self.operation(method, urlsplit(target).path)
        if found is None:
            return None
        template, operation = found
        schema = self.response_schema(operation, status, content_type)
        if schema is None:
            return None
        if content_type.startswith("application/json") and schema.get("type") != "string":
            instance = json.loads(body) if isinstance(body, (str, bytes)) else body
        else:
            instance = body if isinstance(body, str) else body.decode()
        return [error for error in self._leaves(self.raw_errors(schema, instance)) if not self.is_difference(error)]

    @staticmethod
    def _leaves(errors):
        """The deepest errors: a oneOf/anyOf failure is reported by the branch errors that explain it, when
        every branch fails for a documented reason the failure is excused; otherwise the whole failure stands."""
        leaves = []
        for error in errors:
            if error.context and error.validator in ("oneOf", "anyOf"):
                branches = {}
                for sub in error.context:
                    branches.setdefault(sub.relative_schema_path[0], []).append(sub)
                if any(all(SpecValidator.is_difference(sub) for sub in SpecValidator._leaves(group))
                       for group in branches.values()):
                    continue
                leaves.append(error)
            else:
                leaves.append(error)
        return leaves

    @staticmethod
    def is_difference(error):
        field_path = tuple(str(part) for part in error.absolute_path)
        return any(
            _ends_with(field_path, difference.field) and error.validator == difference.keyword
            and difference.allows(error.instance)
            for difference in PLATFORM_DIFFERENCES)


def _ends_with(sequence, suffix):
    return len(sequence) >= len(suffix) and sequence[len(sequence) - len(suffix):] == suffix


def describe(error):
    field = "/".join(str(part) for part in error.absolute_path) or "(body)"
    schema = "/".join(str(part) for part in error.absolute_schema_path)
    return f"{field}: {error.message[:300]} [schema {schema}]"


def stream_event_errors(validator, method, target, event):
    """Validation errors of one server-sent event's JSON against the operation's `text/event-stream` schema."""
    found = validator.operation(method, urlsplit(target).path)
    assert found is not None, target
    schema = found[1]["responses"]["200"]["content"]["text/event-stream"]["schema"]
    return [error for error in SpecValidator._leaves(validator.raw_errors(schema, event)) if not SpecValidator.is_difference(error)]


def spec_checked_http_client(validator, problems):
    """An HTTP client for `openai.OpenAI(http_client=…)` (the SDK's own default client, with a response hook)
    that validates every JSON response it receives against the spec (streams are checked event by event where
    a test reads them) and appends each problem, as text, to `problems`."""
    import openai

    def check(response):
        content_type = response.headers.get("content-type", "application/json")
        if content_type.startswith("text/event-stream"):
            return
        response.read()
        request = response.request
        target = request.url.raw_path.decode()
        errors = validator.errors(request.method, target, response.status_code, response.content, content_type)
        problems.extend(f"{request.method} {target} {response.status_code}: {describe(error)}" for error in errors or [])

    return openai.DefaultHttpxClient(event_hooks={"response": [check]})

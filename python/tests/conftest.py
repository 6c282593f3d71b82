# The plugin under test is loaded through its pytest11 entry point (pip install ./python);
# pytester runs pytest in a subprocess for the start-up failure tests.
import pytest

pytest_plugins = ["pytester"]


@pytest.fixture(scope="session")
def spec_validator():
    """The reduced official OpenAPI document, ready to validate responses (python/tests/openapi_shapes.py)."""
    from openapi_shapes import SpecValidator

    return SpecValidator()


@pytest.fixture
def spec_checked_client(rftsim, spec_validator):
    """An openai client in strict response validation whose every JSON response is also validated against the
    official OpenAPI document; the test fails at teardown if any response broke its schema."""
    from openapi_shapes import spec_checked_http_client

    problems = []
    client = rftsim.openai_client(_strict_response_validation=True,
                                  http_client=spec_checked_http_client(spec_validator, problems))
    yield client
    client.close()
    assert not problems, "responses that break the spec:\n" + "\n".join(problems[:20])

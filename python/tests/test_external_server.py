"""A server started elsewhere (a CI service): `--rftsim-url`, tests isolated by key."""

from rftsim import Server

USER_TESTS = """
from rftsim import jsonl

ROWS = [{"messages": [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "hello"}]}] * 10

def test_first(rftsim):
    rftsim.client.files.create(file=("a.jsonl", jsonl(ROWS)), purpose="fine-tune")
    assert [f.filename for f in rftsim.client.files.list()] == ["a.jsonl"]

def test_second_sees_only_its_own_files(rftsim):
    rftsim.client.files.create(file=("b.jsonl", jsonl(ROWS)), purpose="fine-tune")
    assert [f.filename for f in rftsim.client.files.list()] == ["b.jsonl"]
"""


def test_tests_on_a_shared_server_are_isolated_by_key(pytester):
    with Server.start() as server:
        pytester.makepyfile(USER_TESTS)
        result = pytester.runpytest_subprocess("--rftsim-url", server.base_url, "-p", "no:xdist", "-p", "no:cacheprovider")
        result.assert_outcomes(passed=2)
        assert server.control.organization()["isolate_by_key"] is True
        assert len(server.control.state()["files"]) == 2  # nothing was reset


def test_a_url_where_nothing_answers_fails_the_fixture(pytester):
    pytester.makepyfile(USER_TESTS)
    result = pytester.runpytest_subprocess("--rftsim-url", "http://127.0.0.1:9", "--rftsim-timeout", "2", "-p", "no:xdist", "-p", "no:cacheprovider")
    result.assert_outcomes(errors=2)
    result.stdout.fnmatch_lines(["*no rftsim server answers at http://127.0.0.1:9*"])

"""Per-test seeds, for a server whose ids depend on one (`rftsim serve --seed N`): the plugin resets
with a seed derived from each test's node id. Checked against a stand-in server that lists
`--seed` in its help and records the resets it gets."""

import json
import stat
import sys
import textwrap

FAKE_SERVER = textwrap.dedent('''\
    #!{python}
    import json, sys
    from http.server import BaseHTTPRequestHandler, HTTPServer
    if sys.argv[1:3] == ["serve", "--help"]:
        print("  --seed <seed>   The seed of generated ids."); sys.exit(0)
    log = open({log!r}, "a")
    log.write(json.dumps({{"argv": sys.argv[1:]}}) + "\\n"); log.flush()
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            log.write(json.dumps({{"path": self.path, "body": json.loads(body or b"null")}}) + "\\n"); log.flush()
            self.send_response(200); self.send_header("Content-Type", "application/json"); self.end_headers()
            self.wfile.write(b"{{}}")
        def log_message(self, *args): pass
    server = HTTPServer(("127.0.0.1", 0), Handler)
    print(f"rftsim serve: listening on http://127.0.0.1:{{server.server_port}} (clock virtual)", flush=True)
    server.serve_forever()
''')

USER_TESTS = """
def test_one(rftsim):
    pass

def test_two(rftsim):
    pass
"""


def test_each_test_resets_with_its_own_seed(pytester, tmp_path):
    log = tmp_path / "requests.jsonl"
    fake = tmp_path / "rftsim"
    fake.write_text(FAKE_SERVER.format(python=sys.executable, log=str(log)))
    fake.chmod(fake.stat().st_mode | stat.S_IXUSR)
    pytester.makepyfile(USER_TESTS)
    result = pytester.runpytest_subprocess("--rftsim-binary", str(fake), "-p", "no:xdist", "-p", "no:cacheprovider")
    result.assert_outcomes(passed=2)
    entries = [json.loads(line) for line in log.read_text().splitlines()]
    resets = [entry["body"] for entry in entries if entry.get("path") == "/_rftsim/reset"]
    assert len(resets) == 2 and all(isinstance(reset["seed"], int) for reset in resets)
    assert resets[0]["seed"] != resets[1]["seed"]


def test_the_real_server_gives_each_seed_its_own_ids(rftsim_server):
    """Against the real binary: a reset with a seed changes the ids, the same seed repeats them."""
    from rftsim import Control

    control = Control(rftsim_server.base_url)
    assert rftsim_server.supports_seed

    def first_file_id(seed):
        control.reset(seed=seed)
        import openai
        client = openai.OpenAI(base_url=rftsim_server.base_url, api_key="sk-rftsim-seed-test")
        data = b'{"messages": [{"role": "user", "content": "2 + 2?"}], "answer": "4"}\n'
        return client.files.create(file=("train.jsonl", data), purpose="fine-tune").id

    assert first_file_id(7) == first_file_id(7)
    assert first_file_id(7) != first_file_id(8)
    assert first_file_id(None) == first_file_id(0)

# The plugin under test is loaded through its pytest11 entry point (pip install ./python);
# pytester runs pytest in a subprocess for the start-up failure tests.
pytest_plugins = ["pytester"]

"""Where the RFTSim repository is (these tests live in its python/tests)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

"""forumreach: which parts of Kyrgyzstan a local self-government event reached."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = ROOT / "data"
GEO_DIR = ROOT / "geo"
DEFAULT_VINTAGE = "2018"

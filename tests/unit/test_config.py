"""Config loading: defaults, STATION_HOME, every key checked, errors name the key."""

from __future__ import annotations

from pathlib import Path

import pytest

from station.config import ConfigError, StationPaths, load_config


def test_station_home_relocates_everything(station_home: Path) -> None:
    paths = StationPaths.resolve()
    assert paths.home == station_home.resolve()
    for p in (paths.database, paths.photos, paths.labels, paths.logs, paths.config_file):
        assert p.is_relative_to(station_home.resolve())


def test_defaults_without_a_file(station_home: Path) -> None:
    cfg = load_config()
    assert cfg.source is None
    assert cfg.db_url == f"sqlite:///{station_home.resolve() / 'station.db'}"
    assert cfg.label_dpi == 203


def test_full_file(tmp_path: Path, station_home: Path) -> None:
    f = tmp_path / "s.toml"
    f.write_text(
        '[station]\nid = "bench-07"\nname = "Bench 7"\nsite = "NL-TIL"\nnumber = 7\n'
        '[labels]\ndpi = 300\n[ui]\nlanguage = "nl"\n[hub]\nurl = "https://hub.local"\n'
        '[devices.scanner]\nkind = "serial"\nport = "/dev/ttyUSB0"\nbaud = 9600\n',
        encoding="utf-8",
    )
    cfg = load_config(f)
    assert (cfg.station_id, cfg.station_number, cfg.label_dpi, cfg.language) == (
        "bench-07",
        7,
        300,
        "nl",
    )
    assert cfg.devices["scanner"]["port"] == "/dev/ttyUSB0"
    assert cfg.hub_verify_tls is True


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("[station]\nnumber = 1000\n", "[station] number"),
        ("[station]\nnumber = true\n", "[station] number"),
        ("[station]\nid = 5\n", "[station] id"),
        ("[labels]\ndpi = 150\n", "[labels] dpi"),
        ("[station]\ncolour = 'red'\n", "[station] colour"),
        ("[bogus]\nx = 1\n", "[bogus]"),
        ("[devices]\nscanner = 3\n", "[devices]"),
        ("[station\n", "not valid TOML"),
    ],
)
def test_bad_files_name_the_key(tmp_path: Path, station_home: Path, text: str, named: str) -> None:
    f = tmp_path / "bad.toml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError) as err:
        load_config(f)
    assert named in str(err.value)
    assert str(f) in str(err.value)


def test_named_file_missing(tmp_path: Path, station_home: Path) -> None:
    with pytest.raises(ConfigError, match="file not found"):
        load_config(tmp_path / "nope.toml")

from tui_clients.services.settings import Settings, Value


def test_precedence_default_file_env_flag(tmp_path, monkeypatch):
    assert Settings.load().values["default_country"] == Value("MX", "default")
    (tmp_path / "settings.toml").write_text('default_country = "pe"\n')
    assert Settings.load().default_country == "PE"
    monkeypatch.setenv("TUI_CLIENTS_COUNTRY", "CO")
    assert Settings.load().values["default_country"].source == "env TUI_CLIENTS_COUNTRY"
    assert Settings.load({"default_country": "MX"}).values["default_country"] == Value(
        "MX", "flag --country"
    )


def test_language_follows_the_locale_unless_set(monkeypatch):
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    assert Settings.load().language == "en"
    monkeypatch.setenv("LANG", "fr_FR.UTF-8")
    assert Settings.load().language == "es"
    assert Settings.load({"language": "en"}).language == "en"


def test_secret_values_are_never_shown():
    assert Value("s3cret", "env X", secret=True).shown() == "********"
    assert Value("visible", "env X").shown() == "visible"

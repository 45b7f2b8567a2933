"""Server data rules: accounts and channels, hosts, IPs, users and passwords."""

import pytest

from tui_clients.domain.client_rules import validate_client
from tui_clients.domain.drafts import draft_data, input_from_draft
from tui_clients.domain.entities import ClientInput, ServerDataInput, ServerInput
from tui_clients.domain.errors import ValidationError
from tui_clients.domain.servers import clean_host, clean_ip, clean_server_data


def persona(**kw) -> ClientInput:
    base = dict(
        person_kind="fisica",
        document_country="MX",
        document_type="RFC",
        document_number="GODE561231GR8",
        first_name="Diana",
        last_name="González",
    )
    return ClientInput(**{**base, **kw})


def errors_of(data: ServerDataInput) -> dict[str, str]:
    with pytest.raises(ValidationError) as info:
        clean_server_data(data)
    return {e.field: e.code for e in info.value.errors}


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("srv1.example.com", "srv1.example.com"),
        ("  SRV1.Example.COM. ", "srv1.example.com"),  # case and the root dot do not matter
        ("db01", "db01"),  # a single label is a host name (RFC 1123)
        ("1and1.com", "1and1.com"),  # labels may begin with a digit (RFC 1123)
        ("a-b.c-d.mx", "a-b.c-d.mx"),
        ("192.168.1.10", "192.168.1.10"),
        ("2001:DB8:0::1", "2001:db8::1"),
        ("[2001:db8::1]", "2001:db8::1"),
        ("x" * 63 + ".com", "x" * 63 + ".com"),
    ],
)
def test_good_hosts_are_kept_in_canonical_form(typed, stored):
    assert clean_host(typed, "host") == stored


@pytest.mark.parametrize(
    "typed",
    [
        "bad_host.example.com",  # underscore
        "-srv.example.com",  # label starts with a hyphen
        "srv-.example.com",  # label ends with a hyphen
        "srv..example.com",  # empty label
        "x" * 64 + ".com",  # label over 63
        "abcdefghi." * 25 + "abcd",  # 254 in all, over 253
        "999.1.1.1",  # looks like an IPv4, is not one
        "1.2.3",
        "srv1.example.com:22",  # a port is not part of the host
        "http://srv1.example.com",
        "servidor año.mx",
        "ñandú.pe",  # not an ASCII host name
    ],
)
def test_bad_hosts_are_refused_naming_the_value(typed):
    with pytest.raises(ValidationError) as info:
        clean_host(typed, "server.servers[0].host")
    error = info.value.errors[0]
    assert (error.field, error.code) == ("server.servers[0].host", "host")
    assert "is not a host name or IP address" in error.message_en


def test_host_is_required():
    assert errors_of(ServerDataInput(servers=[ServerInput(ip="10.0.0.1")])) == {
        "server.servers[0].host": "required"
    }


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("10.0.0.1", "10.0.0.1"),
        (" 10.0.0.1 ", "10.0.0.1"),
        ("FE80::1", "fe80::1"),
        ("::ffff:192.0.2.1", "::ffff:c000:201"),
        ("", ""),
    ],
)
def test_ip_is_optional_and_v4_or_v6(typed, stored):
    assert clean_ip(typed, "ip") == stored


@pytest.mark.parametrize("typed", ["256.0.0.1", "10.0.0", "10.0.0.1/24", "srv1", "2001:db8:::1"])
def test_bad_ips_are_refused(typed):
    with pytest.raises(ValidationError) as info:
        clean_ip(typed, "server.servers[0].ip")
    assert info.value.errors[0].code == "ip"
    assert typed in info.value.errors[0].message_en


def test_password_is_kept_exactly_as_typed():
    typed = "  pa ss  wörd\u00a0#[bold]x[/] "
    clean = clean_server_data(ServerDataInput(servers=[ServerInput("srv1", password=typed)]))
    assert clean.servers[0].password == typed


@pytest.mark.parametrize("bad", ["a\x1b[31mb", "tab\there", "line\nbreak", "nul\x00", "\u202eevil"])
def test_control_characters_in_a_password_are_refused_without_repeating_it(bad):
    with pytest.raises(ValidationError) as info:
        clean_server_data(ServerDataInput(servers=[ServerInput("srv1", password=bad)]))
    error = info.value.errors[0]
    assert (error.field, error.code) == ("server.servers[0].password", "control_character")
    assert bad not in error.message_en and bad not in str(info.value) and error.value == ""


def test_long_passwords_are_refused_without_repeating_them():
    secret = "s3cret" * 40
    with pytest.raises(ValidationError) as info:
        clean_server_data(ServerDataInput(servers=[ServerInput("srv1", password=secret)]))
    assert info.value.errors[0].code == "too_long"
    assert "s3cret" not in str(info.value)
    assert "200" in info.value.errors[0].message_en


def test_passwords_never_show_in_a_repr():
    data = ServerDataInput(servers=[ServerInput("srv1", password="s3cret")])
    assert "s3cret" not in repr(data)
    assert "s3cret" not in repr(clean_server_data(data))


def test_channels_lose_the_hash_they_are_typed_with():
    clean = clean_server_data(
        ServerDataInput(
            slack_channel=" #soporte-acme ", discord_channel="#general", gitlab_user=" ana "
        )
    )
    assert (clean.slack_channel, clean.discord_channel) == ("soporte-acme", "general")
    assert clean.gitlab_user == "ana" and clean.servers == []


def test_names_are_at_most_100_characters_and_free_of_control_characters():
    assert errors_of(
        ServerDataInput(
            gitlab_user="a" * 101,
            discord_user="x\x1by",
            slack_channel="#" + "c" * 101,
            discord_channel="ok",
        )
    ) == {
        "server.gitlab_user": "too_long",
        "server.discord_user": "control_character",
        "server.slack_channel": "too_long",
    }


def test_every_problem_of_every_server_is_reported_at_once():
    data = ServerDataInput(
        servers=[
            ServerInput(host="ok.example.com", ip="10.0.0.1", username="root", password="x"),
            ServerInput(host="bad host", ip="300.1.1.1", username="u" * 101, password="\x07"),
        ]
    )
    assert errors_of(data) == {
        "server.servers[1].host": "host",
        "server.servers[1].ip": "ip",
        "server.servers[1].username": "too_long",
        "server.servers[1].password": "control_character",
    }


def test_empty_server_data_is_no_server_data():
    assert clean_server_data(None) is None
    assert clean_server_data(ServerDataInput()) is None
    assert clean_server_data(ServerDataInput(slack_channel="  ", servers=[ServerInput()])) is None
    clean = clean_server_data(ServerDataInput(servers=[ServerInput(), ServerInput("srv1")]))
    assert [s.host for s in clean.servers] == ["srv1"]  # blank form rows are not servers


def test_validate_client_collects_contact_person_and_server_errors_with_the_rest():
    data = persona(
        first_name="",
        contact_person="Ana\x1b",
        server=ServerDataInput(servers=[ServerInput(host="bad host")]),
    )
    with pytest.raises(ValidationError) as info:
        validate_client(data)
    assert {e.field for e in info.value.errors} == {
        "first_name",
        "contact_person",
        "server.servers[0].host",
    }


def test_validate_client_gives_the_clean_server_data_and_contact_person():
    clean = validate_client(
        persona(
            contact_person="  Ana  María ",
            server=ServerDataInput(
                slack_channel="#ops",
                servers=[ServerInput("SRV1.example.com", "10.0.0.1", "root", " pw ", server_id=7)],
            ),
        )
    )
    assert clean.contact_person == "Ana María"
    server = clean.server.servers[0]
    assert (server.host, server.ip, server.username, server.password, server.server_id) == (
        "srv1.example.com",
        "10.0.0.1",
        "root",
        " pw ",
        7,
    )
    assert validate_client(persona(server=ServerDataInput())).server is None


def test_a_draft_keeps_everything_but_the_passwords():
    data = persona(
        contact_person="Ana",
        server=ServerDataInput(
            gitlab_user="ana",
            slack_channel="#ops",
            servers=[ServerInput("srv1", "10.0.0.1", "root", "s3cret", server_id=3)],
        ),
    )
    raw = draft_data(data)
    assert "s3cret" not in repr(raw)
    back = input_from_draft(raw)
    assert back.contact_person == "Ana" and back.server.gitlab_user == "ana"
    assert back.server.servers == [ServerInput("srv1", "10.0.0.1", "root", "", server_id=3)]
    assert data.server.servers[0].password == "s3cret"  # the input itself is untouched

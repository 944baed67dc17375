"""The sign-in and sign-out routes of asgi.py, driven in-process against the test database."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import Engine, func, select
from starlette.applications import Starlette

from store import accounts, audit, db, sessions
from store.models import UserSession
from tests.conftest import World, present
from tests.store.asgi_client import Browser, Reply


@pytest.fixture(scope="module")
def asgi_module():
    """Import asgi.py without letting its st.App pin Streamlit's script-level config for the run."""
    from streamlit import config

    saved = config._main_script_path
    import asgi

    config._main_script_path = saved
    return asgi


@pytest.fixture
def browser(asgi_module, store_world: World, monkeypatch) -> Browser:
    for name in ("PRESSDX_DEMO", "PRESSDX_TRUST_PROXY", "PRESSDX_COOKIE_SECURE"):
        monkeypatch.delenv(name, raising=False)
    return Browser(Starlette(routes=asgi_module.auth_routes(lambda: store_world.engine)))


def csrf_field(reply: Reply) -> str:
    match = re.search(r'name="csrf" value="([^"]+)"', reply.text)
    assert match, "the form carries a CSRF token"
    return match.group(1)


def sign_in(browser: Browser, username: str = "bvl", password: str = "mat-khau-thu-nghiem-2026", **extra) -> Reply:
    token = csrf_field(browser.get("/auth/login"))
    return browser.post("/auth/login", {"csrf": token, "username": username, "password": password, **extra})


def session_count(engine: Engine) -> int:
    with db.transaction(engine) as session:
        return session.scalar(select(func.count()).select_from(UserSession)) or 0


def test_the_page_is_vietnamese_first(browser: Browser) -> None:
    page = browser.get("/auth/login")
    assert page.status == 200
    assert '<html lang="vi">' in page.text
    for words in ("Đăng nhập", "Tên đăng nhập", "Mật khẩu", 'hreflang="en"'):
        assert words in page.text
    assert "demo-pressdx-2026" not in page.text
    assert page.header("cache-control") == "no-store"
    assert "frame-ancestors 'none'" in present(page.header("content-security-policy"))
    csrf = page.set_cookies()["pressdx_csrf"]
    assert "HttpOnly" in csrf and "SameSite=strict" in csrf and "Path=/auth" in csrf
    assert browser.cookies["pressdx_csrf"] == csrf_field(page)


def test_the_english_variant(browser: Browser) -> None:
    page = browser.get("/auth/login?lang=en")
    assert '<html lang="en">' in page.text
    for words in ("Sign in", "Username", "Password", "Tiếng Việt"):
        assert words in page.text


def test_demo_accounts_are_listed_only_in_demo_mode(browser: Browser, monkeypatch) -> None:
    from store.demo import DEMO_PASSWORD, demo_accounts

    monkeypatch.setenv("PRESSDX_DEMO", "1")
    page = browser.get("/auth/login")
    assert DEMO_PASSWORD in page.text
    for account in demo_accounts():
        assert f"<code>{account.username}</code>" in page.text
        assert account.label_vi in page.text


def test_signing_in_sets_an_httponly_session_cookie(browser: Browser, store_world: World) -> None:
    reply = sign_in(browser)
    assert reply.status == 303 and reply.header("location") == "/"
    cookie = reply.set_cookies()["pressdx_sid"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # plain http in this test
    actor = sessions.resolve_session(store_world.engine, browser.cookies["pressdx_sid"])
    assert actor is not None and actor.username == "bvl"
    assert "pressdx_csrf" not in browser.cookies  # used up


@pytest.mark.parametrize(
    ("given", "goes_to"),
    [
        ("/danh-gia?nam=2026", "/danh-gia?nam=2026"),
        ("//evil.example/x", "/"),
        ("https://evil.example", "/"),
        ("/\\evil.example", "/"),
        ("", "/"),
    ],
)
def test_only_local_next_pages(browser: Browser, given: str, goes_to: str) -> None:
    assert sign_in(browser, next=given).header("location") == goes_to


def test_cookie_is_secure_over_https_or_when_forced(asgi_module, store_world: World, monkeypatch) -> None:
    for name in ("PRESSDX_TRUST_PROXY", "PRESSDX_COOKIE_SECURE"):
        monkeypatch.delenv(name, raising=False)
    app = Starlette(routes=asgi_module.auth_routes(lambda: store_world.engine))
    assert "Secure" in sign_in(Browser(app, scheme="https")).set_cookies()["pressdx_sid"]
    proxied = Browser(app)
    forwarded = {"x-forwarded-proto": "https"}
    token = csrf_field(proxied.get("/auth/login"))
    form = {"csrf": token, "username": "bvl", "password": store_world.password}
    assert "Secure" not in proxied.post("/auth/login", form, forwarded).set_cookies()["pressdx_sid"]
    monkeypatch.setenv("PRESSDX_TRUST_PROXY", "1")
    token = csrf_field(proxied.get("/auth/login"))
    form["csrf"] = token
    assert "Secure" in proxied.post("/auth/login", form, forwarded).set_cookies()["pressdx_sid"]
    monkeypatch.delenv("PRESSDX_TRUST_PROXY")
    monkeypatch.setenv("PRESSDX_COOKIE_SECURE", "1")
    assert "Secure" in sign_in(Browser(app)).set_cookies()["pressdx_sid"]


def test_cross_site_posts_are_refused(browser: Browser, store_world: World) -> None:
    token = csrf_field(browser.get("/auth/login"))
    form = {"csrf": token, "username": "bvl", "password": store_world.password}
    refused = [
        browser.post("/auth/login", form, origin=False),
        browser.post("/auth/login", form, {"origin": "https://evil.example"}),
        browser.post("/auth/login", form, {"origin": "null"}),
        browser.post("/auth/login", {**form, "csrf": "x" * 43}),
        browser.post("/auth/login", {k: v for k, v in form.items() if k != "csrf"}),
    ]
    assert [r.status for r in refused] == [403] * 5
    assert "Biểu mẫu đã hết hạn" in refused[0].text
    assert session_count(store_world.engine) == 0
    token = csrf_field(browser.get("/auth/login"))
    referred = browser.post(
        "/auth/login", {**form, "csrf": token}, {"referer": "http://pressdx.test/auth/login"}, origin=False
    )
    assert referred.status == 303


def test_a_wrong_password_gets_the_generic_message(browser: Browser) -> None:
    reply = sign_in(browser, password="sai-mat-khau-roi")
    assert reply.status == 401
    assert "Tên đăng nhập hoặc mật khẩu không đúng." in reply.text
    assert "sai-mat-khau-roi" not in reply.text
    assert 'value="bvl"' in reply.text  # the name is kept, the password is not
    english = sign_in(browser, password="sai-mat-khau-roi", lang="en")
    assert "Incorrect username or password." in english.text


def test_typed_names_are_escaped(browser: Browser) -> None:
    reply = sign_in(browser, username='<script>alert("x")</script>', password="mat-khau-bat-ky")
    assert "<script>" not in reply.text and "&lt;script&gt;" in reply.text


def test_throttling_shows_when_to_retry(browser: Browser) -> None:
    for _ in range(5):
        assert sign_in(browser, password="sai-mat-khau-roi").status == 401
    reply = sign_in(browser)
    assert reply.status == 429 and reply.header("retry-after") == "30"
    assert "thử lại sau 30 giây" in reply.text


def test_empty_fields_and_oversized_bodies(browser: Browser) -> None:
    assert sign_in(browser, password="").status == 400
    huge = browser.request(
        "POST",
        "/auth/login",
        body=b"username=" + b"x" * 20000,
        headers={"content-type": "application/x-www-form-urlencoded", "origin": browser.origin},
    )
    assert huge.status == 413


def test_client_address_ignores_forwarded_for_unless_trusted(browser: Browser, store_world: World, monkeypatch) -> None:
    w = store_world
    spoof = {"x-forwarded-for": "198.51.100.66, 192.0.2.10"}
    token = csrf_field(browser.get("/auth/login"))
    browser.post("/auth/login", {"csrf": token, "username": "bvl", "password": "sai-mat-khau"}, spoof)
    monkeypatch.setenv("PRESSDX_TRUST_PROXY", "1")
    token = csrf_field(browser.get("/auth/login"))
    browser.post("/auth/login", {"csrf": token, "username": "bvl", "password": "sai-mat-khau"}, spoof)
    clients = [e.client for e in reversed(audit.list_events(w.engine, w.admin, action="auth.login_failed"))]
    # untrusted: the socket peer; one trusted proxy: the address that proxy saw (rightmost)
    assert clients == ["203.0.113.5", "192.0.2.10"]


def test_signing_out_ends_the_session_and_clears_the_cookie(browser: Browser, store_world: World) -> None:
    sign_in(browser)
    token = browser.cookies["pressdx_sid"]
    page = browser.get("/auth/logout")
    assert page.status == 200 and "Đăng xuất" in page.text
    refused = browser.post("/auth/logout", {"csrf": csrf_field(page)}, origin=False)
    assert refused.status == 403 and sessions.resolve_session(store_world.engine, token) is not None
    page = browser.get("/auth/logout")
    reply = browser.post("/auth/logout", {"csrf": csrf_field(page), "lang": "en"})
    assert reply.status == 303 and reply.header("location") == "/auth/login?lang=en&out=1"
    assert "max-age=0" in reply.set_cookies()["pressdx_sid"].lower()
    assert sessions.resolve_session(store_world.engine, token) is None
    assert "You have signed out." in browser.get(present(reply.header("location"))).text


def test_a_new_sign_in_ends_the_previous_session(browser: Browser, store_world: World) -> None:
    sign_in(browser)
    first = browser.cookies["pressdx_sid"]
    sign_in(browser, username="thvl")
    assert sessions.resolve_session(store_world.engine, first) is None
    assert present(sessions.resolve_session(store_world.engine, browser.cookies["pressdx_sid"])).username == "thvl"
    assert session_count(store_world.engine) == 1


def test_the_apps_sign_out_is_one_post_carrying_the_sessions_proof(browser: Browser, store_world: World) -> None:
    """The app's sidebar form has no CSRF cookie to match (only /auth pages get it): it proves it is a
    page of this session with a digest of the HttpOnly cookie, which another site cannot know."""
    sign_in(browser)
    token = browser.cookies["pressdx_sid"]
    proof = sessions.sign_out_proof(token)
    refused = [
        browser.post("/auth/logout?lang=en", {"proof": "0" * 64}),
        browser.post("/auth/logout?lang=en", {"proof": proof}, {"origin": "https://evil.example"}),
        browser.post("/auth/logout?lang=en", {"proof": sessions.token_hash(token)}),  # the stored hash is no proof
    ]
    assert [r.status for r in refused] == [403] * 3
    assert sessions.resolve_session(store_world.engine, token) is not None
    reply = browser.post("/auth/logout?lang=en", {"proof": proof})
    assert reply.status == 303 and reply.header("location") == "/auth/login?lang=en&out=1"
    assert sessions.resolve_session(store_world.engine, token) is None


@pytest.mark.parametrize(("page", "kept"), [("/auth/login?lang=en", "en"), ("/auth/login?lang=vi", "vi"),
                                            ("/auth/login", "en")])
def test_a_language_chosen_on_the_sign_in_page_is_kept_for_the_account(browser: Browser, store_world: World,
                                                                       page: str, kept: str) -> None:
    """Chosen (the address names it), the sign-in page's language becomes the account's; the page
    opened plainly, in Vietnamese by default, leaves the account's own language as it was (here English)."""
    w = store_world
    accounts.set_language(w.engine, w.agency_a, "en")
    form_page = browser.get(page)
    chosen = present(re.search(r'name="lang_chosen" value="([01])"', form_page.text)).group(1)
    lang = present(re.search(r'name="lang" value="(\w+)"', form_page.text)).group(1)
    reply = browser.post("/auth/login", {"csrf": csrf_field(form_page), "username": "bvl", "password": w.password,
                                         "lang": lang, "lang_chosen": chosen})
    assert reply.status == 303
    assert present(sessions.resolve_session(w.engine, browser.cookies["pressdx_sid"])).lang == kept


def test_the_sign_in_page_warns_before_the_last_tries_in_its_language(browser: Browser) -> None:
    for _ in range(3):
        token = csrf_field(browser.get("/auth/login?lang=en"))
        reply = browser.post("/auth/login", {"csrf": token, "username": "bvl", "password": "sai-mat-khau",
                                              "lang": "en"})
    assert reply.status == 401
    assert "Incorrect username or password. 2 more tries, then you will have to wait" in reply.text

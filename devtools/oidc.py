"""A tiny OpenID Connect provider on loopback, for browser tests of the real login (st.login).

It answers discovery, authorize (no login form: it signs in whoever the test names, at once), token
(an RS256-signed id_token with email, email_verified, nonce and groups) and the JWKS. It is a test
double for the municipality's identity provider, never something to deploy.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from authlib.jose import JsonWebKey, jwt

CLIENT_ID, CLIENT_SECRET = "socialstrategi-test", "test-only-secret"


@dataclass
class Provider:
    """The running provider: its issuer URL and who the next login is."""

    issuer: str
    email: str = "leder@kk.example"
    groups: list[str] = field(default_factory=list)
    codes: dict[str, dict] = field(default_factory=dict)

    @property
    def metadata_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"


@contextmanager
def oidc_provider() -> Iterator[Provider]:
    key = JsonWebKey.generate_key("RSA", 2048, is_private=True, options={"kid": "test"})
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    provider = Provider(issuer=f"http://127.0.0.1:{server.server_address[1]}")
    server.provider, server.key = provider, key  # type: ignore[attr-defined]  # handler state
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # quiet
        return

    def _json(self, body: dict, status: int = 200) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        provider: Provider = self.server.provider  # type: ignore[attr-defined]
        url = urllib.parse.urlparse(self.path)
        if url.path == "/.well-known/openid-configuration":
            issuer = provider.issuer
            self._json({
                "issuer": issuer, "authorization_endpoint": f"{issuer}/authorize",
                "token_endpoint": f"{issuer}/token", "jwks_uri": f"{issuer}/jwks",
                "userinfo_endpoint": f"{issuer}/userinfo", "response_types_supported": ["code"],
                "subject_types_supported": ["public"], "id_token_signing_alg_values_supported": ["RS256"],
                "scopes_supported": ["openid", "email", "profile"],
                "token_endpoint_auth_methods_supported": ["client_secret_post", "client_secret_basic"],
            })
        elif url.path == "/jwks":
            self._json({"keys": [self.server.key.as_dict(is_private=False)]})  # type: ignore[attr-defined]
        elif url.path == "/authorize":
            query = dict(urllib.parse.parse_qsl(url.query))
            code = secrets.token_urlsafe(16)
            provider.codes[code] = {"nonce": query.get("nonce"), "email": provider.email, "groups": provider.groups}
            target = query["redirect_uri"] + "?" + urllib.parse.urlencode({"code": code, "state": query.get("state", "")})
            self.send_response(302)
            self.send_header("Location", target)
            self.end_headers()
        elif url.path == "/userinfo":
            self._json({"sub": provider.email, "email": provider.email, "email_verified": True})
        else:
            self._json({"error": "not_found"}, 404)

    def do_POST(self) -> None:  # noqa: N802
        provider: Provider = self.server.provider  # type: ignore[attr-defined]
        length = int(self.headers.get("Content-Length") or 0)
        form = dict(urllib.parse.parse_qsl(self.rfile.read(length).decode()))
        grant = provider.codes.pop(form.get("code", ""), None)
        if urllib.parse.urlparse(self.path).path != "/token" or grant is None:
            self._json({"error": "invalid_grant"}, 400)
            return
        now = int(time.time())
        claims = {"iss": provider.issuer, "aud": CLIENT_ID, "sub": grant["email"], "email": grant["email"],
                  "email_verified": True, "iat": now, "exp": now + 3600, "groups": grant["groups"]}
        if grant["nonce"]:
            claims["nonce"] = grant["nonce"]
        id_token = jwt.encode({"alg": "RS256", "kid": "test"}, claims, self.server.key).decode()  # type: ignore[attr-defined]
        self._json({"access_token": secrets.token_urlsafe(16), "token_type": "Bearer", "expires_in": 3600,
                    "id_token": id_token, "scope": "openid email profile"})


def secrets_toml(provider: Provider, app_url: str, admins: list[str] | None = None) -> str:
    """The app's .streamlit/secrets.toml for this provider."""
    admins = admins or ["admin@kk.example"]
    return (
        "[auth]\n"
        f'redirect_uri = "{app_url}/oauth2callback"\n'
        f'cookie_secret = "{secrets.token_hex(16)}"\n'
        f'client_id = "{CLIENT_ID}"\n'
        f'client_secret = "{CLIENT_SECRET}"\n'
        f'server_metadata_url = "{provider.metadata_url}"\n'
        "\n[admin]\n"
        f"emails = {json.dumps(admins)}\n"
    )

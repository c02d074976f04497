"""A small OpenID Connect identity provider the SSO tests start on a local port: a discovery
document, a JWKS, a token endpoint issuing RS256-signed ID tokens, and a userinfo endpoint."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENT_ID = "discovery-tests"


class FakeIdentityProvider:
    def __init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.claims: dict = {}  # what the next sign-in says about the person
        self.nonce = ""  # the nonce of the authorisation request, put into the ID token
        self.audience = CLIENT_ID
        self.token_requests: list[dict] = []
        idp = self

        class Handler(BaseHTTPRequestHandler):
            def _json(self, body, status=200):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                if self.path == "/.well-known/openid-configuration":
                    return self._json(
                        {
                            "issuer": idp.issuer,
                            "authorization_endpoint": f"{idp.issuer}/authorize",
                            "token_endpoint": f"{idp.issuer}/token",
                            "userinfo_endpoint": f"{idp.issuer}/userinfo",
                            "jwks_uri": f"{idp.issuer}/jwks",
                        }
                    )
                if self.path == "/jwks":
                    jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(idp.key.public_key()))
                    return self._json({"keys": [{**jwk, "kid": "test-key", "alg": "RS256", "use": "sig"}]})
                if self.path == "/userinfo":
                    return self._json(idp.claims)
                return self._json({"error": "not_found"}, 404)

            def do_POST(self):
                form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
                idp.token_requests.append({k: v[0] for k, v in form.items()})
                now = int(time.time())
                id_token = jwt.encode(
                    {
                        "iss": idp.issuer,
                        "aud": idp.audience,
                        "sub": idp.claims.get("sub", "someone"),
                        "iat": now,
                        "exp": now + 300,
                        "nonce": idp.nonce,
                        **idp.claims,
                    },
                    idp.key,
                    algorithm="RS256",
                    headers={"kid": "test-key"},
                )
                return self._json({"id_token": id_token, "access_token": "at-123", "token_type": "Bearer"})

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.issuer = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()

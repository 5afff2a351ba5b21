"""The deployment files (Dockerfile, .dockerignore, compose.yaml, deploy/nginx.conf and its template,
deploy/k8s/) agree with each other and with the app's own settings: Streamlit's port and health path, the
environment variables the app reads, the upload limit, the non-root user; sessions stay on one process
(sticky cookie, websocket upgrade); no secret is in any of them. Static checks: no image is built here."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

import pytest
import yaml

from data_access import boundaries, db
from devtools.nginx import COMPOSE_LISTEN, COMPOSE_UPSTREAMS, TEMPLATE, render_nginx_conf

ROOT = Path(__file__).resolve().parent.parent.parent
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "k8s"
STREAMLIT_CONFIG = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
# The app's port: config.toml's server.port when it sets one, else Streamlit's default.
PORT = STREAMLIT_CONFIG.get("server", {}).get("port", 8501)
HEALTH_PATH = "/_stcore/health"  # Streamlit's health endpoint (devtools/servers.py waits on it too)
HEALTH_URL = f"http://localhost:{PORT}{HEALTH_PATH}"
SECRETS_IN_IMAGE = "/app/.streamlit/secrets.toml"
UPLOAD_MIB = STREAMLIT_CONFIG["server"]["maxUploadSize"]
DEPLOYMENT_FILES = [ROOT / "Dockerfile", ROOT / ".dockerignore", ROOT / "compose.yaml",
                    *sorted(p for p in DEPLOY.rglob("*") if p.is_file())]


# --- the app's own settings ---------------------------------------------------------------------------

def _env_names_read(module_path: Path) -> set[str]:
    return set(re.findall(r"os\.environ\.get\(\s*[\"'](\w+)[\"']", module_path.read_text(encoding="utf-8")))


def test_the_database_variable_is_the_one_the_app_reads(monkeypatch):
    assert _env_names_read(ROOT / "data_access" / "db.py") == {"DATABASE_URL"}
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@h:5432/d")
    assert db.database_url() == "postgresql+psycopg://u@h:5432/d"


def test_the_district_layer_variable_is_the_one_the_app_reads(monkeypatch, tmp_path):
    assert "BYDELE_GEOJSON" in _env_names_read(ROOT / "data_access" / "boundaries.py")
    monkeypatch.setenv("BYDELE_GEOJSON", str(tmp_path / "b.geojson"))
    assert boundaries.districts_path() == tmp_path / "b.geojson"
    # compose passes it on empty when unset: empty means "not configured"
    monkeypatch.setenv("BYDELE_GEOJSON", "")
    assert boundaries.districts_path() in (boundaries.DOWNLOADED_DISTRICTS, boundaries.COMMITTED_DISTRICTS)


# --- Dockerfile ---------------------------------------------------------------------------------------

def dockerfile() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) per instruction: comments dropped, continuation lines joined."""
    instructions: list[tuple[str, str]] = []
    pending = ""
    for raw in (ROOT / "Dockerfile").read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        whole = (pending + line).strip()
        pending = ""
        keyword, _, args = whole.partition(" ")
        instructions.append((keyword.upper(), args.strip()))
    assert not pending, "the Dockerfile ends in a continuation line"
    return instructions


def _one(instruction: str) -> str:
    found = [args for keyword, args in dockerfile() if keyword == instruction]
    assert len(found) == 1, f"{instruction}: {found}"
    return found[0]


def _dockerfile_uid() -> int:
    user = _one("USER").split(":")[0]
    assert user.isdigit(), "USER should be numeric, so that Kubernetes can check runAsNonRoot"
    return int(user)


def test_dockerfile_base_install_and_command():
    assert _one("FROM") == "python:3.11-slim"
    assert "pip install -r requirements.txt" in [args for keyword, args in dockerfile() if keyword == "RUN"]
    assert _one("WORKDIR") == "/app"
    assert json.loads(_one("CMD")) == [
        "python", "serve.py", f"--server.port={PORT}", "--server.address=0.0.0.0", "--server.headless=true",
    ]
    # serve.py is `streamlit run dashboard.py` with deep links right from the start (as tasks.py app runs it)
    assert '"streamlit", "run", "dashboard.py"' in (ROOT / "serve.py").read_text(encoding="utf-8")


def test_dockerfile_port_and_healthcheck():
    assert _one("EXPOSE") == str(PORT)
    healthcheck = _one("HEALTHCHECK")
    assert HEALTH_URL in healthcheck
    assert "curl" not in healthcheck and "wget" not in healthcheck  # neither is in python:3.11-slim
    command = json.loads(healthcheck.split("CMD", 1)[1].strip())
    assert command[:2] == ["python", "-c"] and "urllib.request" in command[2]


def test_dockerfile_runs_as_the_user_it_creates_not_root():
    uid = _dockerfile_uid()
    assert uid >= 1000
    runs = " ".join(args for keyword, args in dockerfile() if keyword == "RUN")
    assert f"useradd --uid {uid}" in runs
    # USER comes after every COPY and RUN (those run as root on purpose), before CMD
    keywords = [keyword for keyword, _ in dockerfile()]
    assert keywords.index("USER") > max(i for i, k in enumerate(keywords) if k in ("COPY", "RUN"))


def test_dockerfile_bakes_in_no_configuration():
    env = " ".join(args for keyword, args in dockerfile() if keyword in ("ENV", "ARG"))
    assert "DATABASE_URL" not in env and "BYDELE_GEOJSON" not in env
    copies = [args for keyword, args in dockerfile() if keyword in ("COPY", "ADD")]
    assert all("secrets" not in args for args in copies)


def test_dockerignore_keeps_local_state_and_secrets_out():
    patterns = {line.strip().rstrip("/") for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
                if line.strip() and not line.startswith("#")}
    assert {".venv", ".data", "test-artifacts", ".streamlit/secrets.toml", ".env", ".git"} <= patterns
    # but not the app's own configuration
    assert not patterns & {".streamlit", ".streamlit/config.toml", ".streamlit/*"}


# --- compose.yaml -------------------------------------------------------------------------------------

COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))
SERVICES = COMPOSE["services"]
APPS = ["app1", "app2"]


@pytest.mark.parametrize("name", APPS)
def test_compose_app_services(name):
    app = SERVICES[name]
    assert app["build"] == "."
    url = app["environment"]["DATABASE_URL"]
    assert url.startswith("postgresql+psycopg://") and "@db:5432/" in url
    assert "${POSTGRES_PASSWORD" in url  # from .env, never a literal
    assert "BYDELE_GEOJSON" in app["environment"]
    assert app["depends_on"]["db"]["condition"] == "service_healthy"
    assert app["depends_on"]["init"]["condition"] == "service_completed_successfully"
    assert {"source": "streamlit_secrets", "target": SECRETS_IN_IMAGE} in app["secrets"]
    test = app["healthcheck"]["test"]
    assert test[0] == "CMD" and any(HEALTH_URL in part for part in test)
    assert "ports" not in app  # reached through the proxy only


def test_compose_secret_file_is_never_committed_or_built_in():
    source = COMPOSE["secrets"]["streamlit_secrets"]["file"]
    assert Path(source).as_posix().removeprefix("./") == ".streamlit/secrets.toml"
    assert ".streamlit/secrets.toml" in (ROOT / ".gitignore").read_text(encoding="utf-8").split()


def test_compose_database():
    database = SERVICES["db"]
    assert database["image"] == "postgres:15"
    assert database["environment"]["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD")
    assert any(v.endswith(":/var/lib/postgresql/data") for v in database["volumes"])
    assert "pg_isready" in " ".join(database["healthcheck"]["test"])


def test_compose_init_runs_the_cli_init_once():
    init = SERVICES["init"]
    assert init["command"] == ["python", "-m", "data_access", "init"]
    assert 'add_parser("init"' in (ROOT / "data_access" / "__main__.py").read_text(encoding="utf-8")
    assert init["restart"] == "no"
    assert init["depends_on"] == {"db": {"condition": "service_healthy"}}
    assert init["environment"]["DATABASE_URL"] == SERVICES["app1"]["environment"]["DATABASE_URL"]


def test_compose_proxy_serves_the_rendered_conf_for_the_app_services():
    proxy = SERVICES["proxy"]
    assert proxy["image"].split(":")[0] == "nginx"
    assert f"{COMPOSE_LISTEN}:{COMPOSE_LISTEN}" in proxy["ports"]
    assert "./deploy/nginx.conf:/etc/nginx/nginx.conf:ro" in proxy["volumes"]
    assert {f"{name}:{PORT}" for name in APPS} == set(COMPOSE_UPSTREAMS)
    assert all(proxy["depends_on"][name]["condition"] == "service_healthy" for name in APPS)


# --- nginx --------------------------------------------------------------------------------------------

def _strip_comments(conf: str) -> str:
    return "\n".join(line.split("#", 1)[0] for line in conf.splitlines())


def _block(conf: str, opening: str) -> str:
    """The text between the braces of the first block whose header matches `opening` (a regex)."""
    match = re.search(opening + r"\s*\{", conf)
    assert match, f"no block {opening!r}"
    depth, start = 1, match.end()
    for i in range(start, len(conf)):
        depth += {"{": 1, "}": -1}.get(conf[i], 0)
        if depth == 0:
            return conf[start:i]
    raise AssertionError(f"block {opening!r} is not closed")


def _seconds(value: str) -> int:
    number, unit = re.fullmatch(r"(\d+)(s|m|h)?", value).groups()
    return int(number) * {"s": 1, None: 1, "m": 60, "h": 3600}[unit]


RENDERED = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")


def test_nginx_conf_is_the_template_rendered_for_compose():
    assert RENDERED == render_nginx_conf(COMPOSE_UPSTREAMS, COMPOSE_LISTEN)


def test_rendering_for_local_processes():
    conf = _strip_comments(render_nginx_conf(["127.0.0.1:18501", "127.0.0.1:18502"], "127.0.0.1:18080"))
    assert "{{" not in conf
    upstream = _block(conf, r"upstream\s+streamlit")
    assert re.findall(r"server\s+(\S+);", upstream) == ["127.0.0.1:18501", "127.0.0.1:18502"]
    assert re.search(r"listen\s+127\.0\.0\.1:18080;", conf)
    for bad in ([], ["app1:8501; evil"], ["app1:8501\n"]):
        with pytest.raises(ValueError):
            render_nginx_conf(bad, "8080")


def test_template_has_the_placeholders_in_the_marked_block():
    template = _strip_comments(TEMPLATE.read_text(encoding="utf-8"))
    assert "{{UPSTREAMS}}" in _block(template, r"upstream\s+streamlit")
    assert re.search(r"listen\s+\{\{LISTEN\}\};", template)


def test_nginx_sticky_sessions_on_a_cookie():
    conf = _strip_comments(RENDERED)
    upstream = _block(conf, r"upstream\s+streamlit")
    key = re.search(r"hash\s+\$(\w+)\s+consistent;", upstream)
    assert key, "the upstream needs a consistent hash"
    variable = key.group(1)
    if variable.startswith("cookie_"):
        cookie = variable.removeprefix("cookie_")
    else:  # a map from the cookie: the cookie, or a new value on a browser's first request
        source = re.search(r"map\s+\$cookie_(\w+)\s+\$" + variable + r"\s*\{", conf)
        assert source, f"${variable} does not come from a cookie"
        cookie = source.group(1)
        mapping = _block(conf, r"map\s+\$cookie_\w+\s+\$" + variable)
        assert re.search(r'""\s+\$request_id;', mapping)
    server = _block(conf, r"server")
    set_cookie = re.search(r'add_header\s+Set-Cookie\s+"([^"]+)"', server)
    assert set_cookie and set_cookie.group(1).startswith(f"{cookie}=${variable};")
    assert "Path=/" in set_cookie.group(1) and "HttpOnly" in set_cookie.group(1)


def test_nginx_websocket_is_upgraded_and_kept_open():
    stream = _block(_strip_comments(RENDERED), r"location\s+/_stcore/stream")
    assert "proxy_pass http://streamlit;" in stream
    assert re.search(r"proxy_http_version\s+1\.1;", stream)
    assert re.search(r"proxy_set_header\s+Upgrade\s+\$http_upgrade;", stream)
    assert re.search(r'proxy_set_header\s+Connection\s+"?upgrade"?;', stream)
    # a location's proxy_set_header replaces the server's: Host must be repeated, with the port
    assert re.search(r"proxy_set_header\s+Host\s+\$http_host;", stream)
    assert _seconds(re.search(r"proxy_read_timeout\s+(\w+);", stream).group(1)) >= 3600


def test_nginx_health_and_upload_size():
    conf = _strip_comments(RENDERED)
    assert "proxy_pass http://streamlit;" in _block(conf, r"location\s+=?\s*" + re.escape(HEALTH_PATH))
    size = re.search(r"client_max_body_size\s+(\d+)m;", conf)
    assert size and int(size.group(1)) > UPLOAD_MIB


# --- Kubernetes ---------------------------------------------------------------------------------------

def k8s_objects() -> dict[str, dict]:
    objects: dict[str, dict] = {}
    for path in sorted(K8S.glob("*.yaml")):
        if path.name == "kustomization.yaml":
            continue
        for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")):
            assert doc["kind"] not in objects, f"one {doc['kind']} only"
            objects[doc["kind"]] = doc
    return objects


K8S_OBJECTS = k8s_objects()
DEPLOYMENT = K8S_OBJECTS["Deployment"]
POD = DEPLOYMENT["spec"]["template"]["spec"]
CONTAINER = POD["containers"][0]


def test_kustomization_lists_every_manifest():
    kustomization = yaml.safe_load((K8S / "kustomization.yaml").read_text(encoding="utf-8"))
    files = {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}
    assert set(kustomization["resources"]) == files
    assert {"Deployment", "Service", "Ingress", "HorizontalPodAutoscaler", "Job"} == set(K8S_OBJECTS)
    assert "Secret" not in K8S_OBJECTS  # created by hand, never committed


def _non_root(pod: dict) -> None:
    context = pod["securityContext"]
    assert context["runAsNonRoot"] is True
    assert context["runAsUser"] == _dockerfile_uid()


def test_deployment_runs_as_the_images_user():
    assert DEPLOYMENT["spec"]["replicas"] == 2
    _non_root(POD)
    assert CONTAINER["securityContext"]["allowPrivilegeEscalation"] is False


def test_deployment_port_and_probes():
    assert [p["containerPort"] for p in CONTAINER["ports"]] == [PORT]
    for probe in ("readinessProbe", "livenessProbe"):
        assert CONTAINER[probe]["httpGet"] == {"path": HEALTH_PATH, "port": PORT}


def test_deployment_resources_and_their_source():
    assert CONTAINER["resources"] == {"requests": {"cpu": "500m", "memory": "512Mi"},
                                      "limits": {"cpu": "1000m", "memory": "1Gi"}}
    text = (K8S / "deployment.yaml").read_text(encoding="utf-8")
    assert "bench/results.md" in text and "re-measured" in text


def _database_env(container: dict) -> dict:
    [env] = [e for e in container["env"] if e["name"] == "DATABASE_URL"]
    assert "value" not in env
    return env["valueFrom"]["secretKeyRef"]


def test_deployment_configuration_from_secrets():
    assert _database_env(CONTAINER)["key"] == "DATABASE_URL"
    [mount] = [m for m in CONTAINER["volumeMounts"] if m["mountPath"] == SECRETS_IN_IMAGE]
    assert mount["subPath"] == "secrets.toml"  # the image's .streamlit/config.toml stays visible
    [volume] = [v for v in POD["volumes"] if v["name"] == mount["name"]]
    assert "secretName" in volume["secret"]


def test_service_and_ingress_reach_the_pods():
    service = K8S_OBJECTS["Service"]
    pod_labels = DEPLOYMENT["spec"]["template"]["metadata"]["labels"]
    assert service["spec"]["selector"].items() <= pod_labels.items()
    [port] = service["spec"]["ports"]
    assert port["targetPort"] in (PORT, CONTAINER["ports"][0].get("name"))
    job_labels = K8S_OBJECTS["Job"]["spec"]["template"]["metadata"].get("labels", {})
    assert not service["spec"]["selector"].items() <= job_labels.items()  # the init Job serves nothing
    ingress = K8S_OBJECTS["Ingress"]
    assert ingress["spec"]["ingressClassName"] == "nginx"
    backends = [path["backend"]["service"] for rule in ingress["spec"]["rules"] for path in rule["http"]["paths"]]
    assert backends == [{"name": service["metadata"]["name"], "port": {"number": port["port"]}}]


def test_ingress_keeps_a_session_on_its_pod():
    annotations = K8S_OBJECTS["Ingress"]["metadata"]["annotations"]
    prefix = "nginx.ingress.kubernetes.io/"
    assert annotations[prefix + "affinity"] == "cookie"
    assert annotations[prefix + "session-cookie-name"]
    assert int(annotations[prefix + "proxy-read-timeout"]) >= 3600
    assert int(annotations[prefix + "proxy-send-timeout"]) >= 3600
    assert int(annotations[prefix + "proxy-body-size"].removesuffix("m")) > UPLOAD_MIB


def test_hpa_scales_the_deployment():
    hpa = K8S_OBJECTS["HorizontalPodAutoscaler"]
    assert hpa["apiVersion"] == "autoscaling/v2"
    assert hpa["spec"]["scaleTargetRef"] == {"apiVersion": "apps/v1", "kind": "Deployment",
                                             "name": DEPLOYMENT["metadata"]["name"]}
    assert (hpa["spec"]["minReplicas"], hpa["spec"]["maxReplicas"]) == (2, 6)
    [metric] = hpa["spec"]["metrics"]
    assert metric["resource"]["name"] == "cpu"
    assert metric["resource"]["target"] == {"type": "Utilization", "averageUtilization": 70}


def test_init_job():
    pod = K8S_OBJECTS["Job"]["spec"]["template"]["spec"]
    _non_root(pod)
    [container] = pod["containers"]
    assert container["command"] == SERVICES["init"]["command"]
    assert container["image"] == CONTAINER["image"]
    assert _database_env(container) == _database_env(CONTAINER)


# --- no secrets anywhere ------------------------------------------------------------------------------

@pytest.mark.parametrize("path", DEPLOYMENT_FILES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_secret_values_in_deployment_files(path):
    text = path.read_text(encoding="utf-8")
    for key in ("cookie_secret", "client_secret"):
        assert key not in text
    # passwords only as references (${VAR}, a Secret), never as a value
    for match in re.finditer(r"(?im)(?:^|[\s\"'])\w*password\w*\s*[:=]\s*(\S+)", text):
        assert match.group(1).startswith(("${", "<")), match.group(0)
    for url in re.findall(r"postgresql\+psycopg://\S+", text):
        credentials = url.split("://", 1)[1].split("@", 1)[0]
        assert ":" not in credentials or credentials.split(":", 1)[1].startswith(("${", "PASSWORD")), url

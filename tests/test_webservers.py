"""The site on real web servers: Debian's nginx and Apache, configured with the rules `psykg
site` writes and the release published as docs/publishing.md says, answer a table of requests
exactly as `psykg serve` answers it in the same run (status, Location, media type, body, CORS,
Vary); the w3id rules send every kind of IRI to the host, which then answers as psykg serve does.

nginx or apache2 missing is a failure where CI=true (CI installs both), else a skip.
"""

from __future__ import annotations

import hashlib
import http.client
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest

from psykg.cli import main
from psykg.errors import PublishingError
from psykg.release.pipeline import Result
from psykg.server.app import App, Server, make_server
from psykg.server.conneg import choose
from psykg.server.limits import Limits
from psykg.site import version_path
from psykg.site.iris import ALIASES, FORMATS
from psykg.site.negotiation import OFFERS, evaluate, negotiated_target
from psykg.site.rewrite import HTTP_FILE, SERVER_FILE, W3ID_FILE, host_url, rule_files

MIRROR = "/mirror/psykg/"
"""The path of the second published copy, whose rules `psykg site --host-url` writes."""
THERAPY = "resource/psychodynamic-therapy"
QUOTE = "resource/quote/psychodynamic-therapy-article/73-94"
STATEMENT = "resource/statement/article-modified"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,*/*;q=0.8"
RDFLIB = (
    "application/rdf+xml, text/rdf+xml, text/xml;q=0.9, text/turtle;q=0.8, "
    "application/n-triples;q=0.5, */*;q=0.1"
)
ACCEPTS: tuple[str | None, ...] = (
    None,
    "",
    "  ",
    "*/*",
    "text/html",
    "application/xhtml+xml",
    "text/turtle",
    "application/ld+json",
    "application/json",
    "application/n-triples",
    "text/plain",
    "application/rdf+xml",
    "TEXT/TURTLE",
    "text/turtle;q=0.5, application/ld+json;q=0.9",
    "text/turtle;q=0, text/html",
    "text/turtle;q=0",
    "text/turtle, */*",
    "text/turtle, */*;q=0.1",
    "text/*",
    "application/*",
    "text/*;q=0.5, application/n-triples",
    "*/*;q=0.5, text/html;q=0.4",
    "text/*;q=0.3, */*;q=0.6",
    "image/png",
    "text/turtle;q=0, */*;q=0",
    "*/*;q=0, text/turtle;q=0.2",
    "nonsense",
    ",,,",
    "text/turtle;level=1;q=0.3, application/n-triples;q=0.2",
    "text/turtle ; q = 0.7 , application/rdf+xml;q=0.71",
    "application/ld+json;q=0.999, text/turtle;q=1.0",
    "text/turtle;q=0.5;q=0.9, */*;q=0.8",
    "text/turtle;q=abc, application/rdf+xml;q=0.001",
    "text/plain;q=1, text/html;q=0.9",
    "application/json;q=0.9, text/turtle;q=0.8",
    "*/html, text/turtle;q=0.1",
    "text/turtle;q",
    BROWSER,
    RDFLIB,
)
"""Accept headers (None: no header) asked of every negotiated IRI."""
QUERIES = (
    "format=ttl",
    "format=turtle",
    "format=TTL",
    "format=jsonld",
    "format=json-ld",
    "format=json",
    "format=nt",
    "format=ntriples",
    "format=n-triples",
    "format=rdf",
    "format=xml",
    "format=rdfxml",
    "format=rdf%2Bxml",
    "format=rdf+xml",
    "format=html",
    "format=nope",
    "format=",
    "format",
    "x=1&format=nt",
    "format=nt&format=ttl",
    "Format=nt",
    "other=1",
)
"""Query strings asked of every negotiated IRI (with and without an Accept header)."""
CI = os.environ.get("CI") == "true"


def _tool(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin")
    if found is None:
        message = f"{name} is not installed (apt-get install nginx apache2)"
        if CI:
            pytest.fail(message)
        pytest.skip(message)
    return found


# ---------------------------------------------------------------- the table


@dataclass(frozen=True)
class Row:
    """One request: a path below the site's root, an Accept header (None: none), a query."""

    path: str
    accept: str | None = None
    query: str = ""

    def target(self, prefix: str) -> str:
        return prefix + self.path + (f"?{self.query}" if self.query else "")


@dataclass(frozen=True)
class Answer:
    """What a server answers, in the terms the table compares."""

    status: int
    location: str | None
    """The Location's path below the site's root."""
    media_type: str | None
    """The Content-Type of a 200, spaces removed, lower case."""
    body: str | None
    """The SHA-256 of a 200's body."""
    vary_accept: bool
    cors: str | None


def ask(base: str, target: str, accept: str | None) -> tuple[int, dict[str, str], bytes]:
    """One GET, redirects not followed; (status, headers lower-cased, body)."""
    url = urlsplit(base)
    conn = http.client.HTTPConnection(url.hostname or "", url.port, timeout=30)
    try:
        conn.putrequest("GET", target, skip_accept_encoding=True)
        if accept is not None:
            conn.putheader("Accept", accept)
        conn.endheaders()
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def answer(base: str, prefix: str, row: Row) -> Answer:
    """The server at `base`, with the site at `prefix`, asked `row`."""
    status, headers, body = ask(base, row.target(prefix), row.accept)
    location = headers.get("location")
    if location is not None:
        path = urlsplit(location).path
        assert path.startswith(prefix), (row, location)
        location = path[len(prefix) :]
    ok = status == 200
    vary = {v.strip().lower() for v in headers.get("vary", "").split(",")}
    return Answer(
        status,
        location,
        headers.get("content-type", "").replace(" ", "").lower() if ok else None,
        hashlib.sha256(body).hexdigest() if ok else None,
        "accept" in vary,
        headers.get("access-control-allow-origin"),
    )


def table(release: Path, version: str) -> list[Row]:
    """Every negotiated IRI kind with every Accept header and query; unknown IRIs; the site's
    files and every release file, which are never negotiated."""
    rows: list[Row] = []
    iris = [THERAPY, f"{QUOTE}/text-quote", "ontology", version, "dataset"]
    for iri in iris:
        rows += [Row(iri, accept) for accept in ACCEPTS]
        rows += [Row(iri, accept, query) for query in QUERIES for accept in (None, "text/turtle")]
    for iri in (QUOTE, f"{QUOTE}/text-position", f"{QUOTE}/anything", STATEMENT):
        rows += [Row(iri), Row(iri, "text/turtle"), Row(iri, None, "format=nt")]
    for unknown in (
        "resource/no-such-thing",
        f"{THERAPY}/extra",
        "resource/quote/nodoc/1-2/x",
        "resource/quote/psychodynamic-therapy-article/1-2/text-quote",
        "resource/",
        "resource/x/",
        "resource/quote",
        "ontology/9.9.9",
        "ontology/",
        "datasets",
        "resource/no-such-thing.ttl",
    ):
        rows += [Row(unknown), Row(unknown, "text/turtle"), Row(unknown, None, "format=nope")]
    files = [
        "",
        "index.html",
        "index.ttl",
        "ontology.html",
        "ontology.ttl",
        "ontology.nt",
        "query.html",
        "static/style.css",
        "static/querypage.js",
        ".well-known/void",
        f"{version}.ttl",
        f"{version}.html",
        f"{version}.rdf",
    ]
    files += [f"{THERAPY}.{ext}" for ext in FORMATS] + [f"{QUOTE}.{ext}" for ext in FORMATS]
    files += [f"dist/{p.name}" for p in sorted(release.iterdir()) if p.is_file()]
    files += [
        "dist/nope.ttl",
        "dist/",
        "dist",
        "dist/csv",
        "dist/site/index.html",
        "nope.html",
        "static/",
        "static",
        "index.html/x",
        f"{THERAPY}.xyz",
    ]
    rows += [Row(f) for f in files] + [Row(f, "text/turtle", "format=nt") for f in files[:6]]
    return rows


def expected(server: str, row: Row, version: str) -> Answer:
    """psykg serve's answer to `row`."""
    return answer(server, "/", row)


def compare(base: str, prefix: str, serve: str, rows: list[Row], version: str) -> list[str]:
    """The rows where the server at `base` answers otherwise than psykg serve."""
    out = []
    for row in rows:
        want, got = expected(serve, row, version), answer(base, prefix, row)
        if got != want:
            out.append(f"{row}:\n  psykg serve {want}\n  this server {got}")
    return out


# ---------------------------------------------------------------- servers


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(port: int, process: subprocess.Popen[bytes], log: Path) -> None:
    """Until the port accepts connections; fail with the server's log if it exits first."""
    for _ in range(200):
        if process.poll() is not None:
            text = log.read_text(encoding="utf-8", errors="replace") if log.exists() else ""
            pytest.fail(f"the server exited with {process.returncode}:\n{text}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    process.kill()
    pytest.fail(f"nothing listens on port {port}")


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a server we started (and its workers), by its own process id."""
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


AS_ROOT = os.geteuid() == 0
"""As root, the servers' workers run as www-data (apache2 refuses root); the folders are
made world-readable for them."""


def publish(dist: Path, folder: Path) -> None:
    """Put the site and the release files in `folder` as docs/publishing.md says:
    `cp -a dist/site/. FOLDER/` and the top-level release files into FOLDER/dist/."""
    shutil.copytree(dist / "site", folder, dirs_exist_ok=True)
    (folder / "dist").mkdir()
    for path in sorted(dist.iterdir()):
        if path.is_file():
            shutil.copy2(path, folder / "dist" / path.name)


def readable(root: Path) -> None:
    root.chmod(0o755)
    for path in root.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)


@dataclass(frozen=True)
class Web:
    """The published folders and the servers in front of them."""

    release: Path
    root: Path
    version: str
    serve: str
    nginx: str
    apache: str
    w3id: dict[str, str]
    """Server kind -> base URL of an Apache answering as w3id.org with rules to that host."""


NGINX_CONF = """worker_processes 1;
pid {run}/nginx.pid;
error_log {run}/error.log warn;
{user}
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {run}/body;
    proxy_temp_path {run}/proxy;
    fastcgi_temp_path {run}/fastcgi;
    uwsgi_temp_path {run}/uwsgi;
    scgi_temp_path {run}/scgi;
    include {root}/psykg/{http};
    server {{
        listen 127.0.0.1:{port};
        root {root};
        include {root}/psykg/{server};
        include {root}{mirror}{server};
    }}
}}
"""

APACHE_CONF = """ServerRoot "{run}"
DefaultRuntimeDir "{run}"
PidFile "{run}/apache2.pid"
Mutex file:{run} default
ErrorLog "{run}/error.log"
LogLevel warn
LoadModule mpm_event_module {modules}/mod_mpm_event.so
LoadModule authz_core_module {modules}/mod_authz_core.so
LoadModule dir_module {modules}/mod_dir.so
LoadModule mime_module {modules}/mod_mime.so
LoadModule rewrite_module {modules}/mod_rewrite.so
LoadModule headers_module {modules}/mod_headers.so
ServerName 127.0.0.1
StartServers 1
ServerLimit 1
ThreadsPerChild 8
MaxRequestWorkers 8
{user}
TypesConfig /etc/mime.types
<Directory />
    AllowOverride None
    Require all denied
</Directory>
{hosts}
"""

APACHE_HOST = """Listen 127.0.0.1:{port}
<VirtualHost 127.0.0.1:{port}>
    DocumentRoot "{root}"
    <Directory "{root}">
        AllowOverride {overrides}
        Require all granted
    </Directory>
</VirtualHost>
"""
OVERRIDES = "FileInfo Indexes Options=MultiViews"
"""What docs/publishing.md asks of the host for the published folder."""


def start_nginx(root: Path, run: Path, port: int) -> subprocess.Popen[bytes]:
    nginx = _tool("nginx")
    run.mkdir()
    conf = run / "nginx.conf"
    conf.write_text(
        NGINX_CONF.format(
            run=run,
            root=root,
            port=port,
            http=HTTP_FILE,
            server=SERVER_FILE,
            mirror=MIRROR,
            user="user www-data www-data;" if AS_ROOT else "",
        ),
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [nginx, "-p", str(run), "-c", str(conf), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=(run / "stderr").open("wb"),
    )
    wait_for(port, process, run / "error.log")
    return process


def start_apache(hosts: list[tuple[int, Path]], run: Path) -> subprocess.Popen[bytes]:
    apache = _tool("apache2")
    run.mkdir()
    conf = run / "apache2.conf"
    conf.write_text(
        APACHE_CONF.format(
            run=run,
            modules="/usr/lib/apache2/modules",
            user="User www-data\nGroup www-data" if AS_ROOT else "",
            hosts="".join(
                APACHE_HOST.format(port=port, root=root, overrides=OVERRIDES)
                for port, root in hosts
            ),
        ),
        encoding="utf-8",
    )
    process = subprocess.Popen(
        [apache, "-f", str(conf), "-DFOREGROUND"],
        stdout=subprocess.DEVNULL,
        stderr=(run / "stderr").open("wb"),
    )
    for port, _ in hosts:
        wait_for(port, process, run / "error.log")
    return process


@pytest.fixture(scope="module")
def web(built: tuple[Result, Path]) -> Iterator[Web]:
    """The built release published twice (at /psykg/ with the rules the build wrote, at
    /mirror/psykg/ with those of `psykg site --host-url`), behind one nginx and one Apache,
    with two w3id.org stand-ins (Apache) whose rules send the IRIs to each; and psykg serve."""
    _tool("nginx")
    _tool("apache2")
    result, dist = built
    version = version_path(result.ontology.graph)
    assert version == "ontology/0.1.0"
    ports = {name: free_port() for name in ("nginx", "apache", "w3id-nginx", "w3id-apache")}
    root = Path(tempfile.mkdtemp(prefix="psykg-web-"))
    processes: list[subprocess.Popen[bytes]] = []
    serve: Server | None = None
    try:
        publish(dist, root / "psykg")
        mirror = root / MIRROR.strip("/")
        nginx_url = f"http://127.0.0.1:{ports['nginx']}{MIRROR}"
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("PSYKG_ROOT", str(dist.parent))
            assert (
                main(
                    [
                        "site",
                        "--dist",
                        str(dist),
                        "--out",
                        str(root / "mirror-site"),
                        "--host-url",
                        nginx_url,
                    ]
                )
                == 0
            )
        publish(dist, mirror)  # the same files psykg serve serves, with the new rules:
        for name in rule_files(nginx_url):
            shutil.copy2(root / "mirror-site" / name, mirror / name)
        shutil.rmtree(root / "mirror-site")
        w3id = {}
        for kind, url in (
            ("nginx", nginx_url),
            ("apache", f"http://127.0.0.1:{ports['apache']}{MIRROR}"),
        ):
            folder = root / f"w3id-{kind}" / "psykg"
            folder.mkdir(parents=True)
            text = (
                (mirror / W3ID_FILE).read_text(encoding="utf-8")
                if kind == "nginx"
                else rule_files(url)[W3ID_FILE]
            )
            (folder / ".htaccess").write_text(text, encoding="utf-8")
            w3id[kind] = f"http://127.0.0.1:{ports['w3id-' + kind]}"
        readable(root)
        processes.append(start_nginx(root, root / "nginx-run", ports["nginx"]))
        processes.append(
            start_apache(
                [
                    (ports["apache"], root),
                    (ports["w3id-nginx"], root / "w3id-nginx"),
                    (ports["w3id-apache"], root / "w3id-apache"),
                ],
                root / "apache-run",
            )
        )
        serve = make_server(dist, "127.0.0.1", 0, Limits(workers=1))
        threading.Thread(target=serve.serve_forever, daemon=True).start()
        host, port = serve.server_address[:2]
        yield Web(
            dist,
            root,
            version,
            f"http://{host!s}:{port}",
            f"http://127.0.0.1:{ports['nginx']}",
            f"http://127.0.0.1:{ports['apache']}",
            w3id,
        )
    finally:
        if serve is not None:
            serve.shutdown()
            serve.server_close()
        for process in processes:
            stop(process)
        shutil.rmtree(root, ignore_errors=True)


# ---------------------------------------------------------------- tests


@pytest.mark.parametrize("kind", ["nginx", "apache"])
@pytest.mark.parametrize("prefix", ["/psykg/", MIRROR])
def test_web_server_answers_as_psykg_serve(web: Web, kind: str, prefix: str) -> None:
    rows = table(web.release, web.version)
    assert len(rows) > 500
    wrong = compare(getattr(web, kind), prefix, web.serve, rows, web.version)
    assert not wrong, f"{len(wrong)} of {len(rows)} answers differ:\n" + "\n".join(wrong[:20])


def test_table_covers_every_kind_of_answer(web: Web) -> None:
    """The table is no easy one: psykg serve answers it with 303s to every format, 404s, 406s
    and files of every media type the site and the release hold."""
    answers = [expected(web.serve, row, web.version) for row in table(web.release, web.version)]
    assert {a.status for a in answers} == {200, 303, 404, 406}
    assert {a.location.rsplit(".", 1)[1] for a in answers if a.location} == set(FORMATS)
    assert all(a.vary_accept == (a.status == 303) and a.cors == "*" for a in answers)
    types = {a.media_type for a in answers if a.media_type}
    assert {
        "application/rdf+xml",
        "text/turtle",
        "text/turtle;charset=utf-8",
        "text/javascript;charset=utf-8",
        "text/css;charset=utf-8",
        "application/n-triples",
        "text/plain",
    } <= types


@pytest.mark.parametrize("kind", ["nginx", "apache"])
def test_w3id_rules_send_every_iri_to_the_host(web: Web, kind: str) -> None:
    host = getattr(web, kind) + MIRROR
    rows = [
        Row(""),
        Row(THERAPY, "text/turtle"),
        Row(f"{QUOTE}/text-quote", None, "format=nt"),
        Row(QUOTE, "application/ld+json"),
        Row(STATEMENT),
        Row("ontology", "text/turtle"),
        Row(web.version, "application/rdf+xml"),
        Row("dataset", None, "format=jsonld"),
        Row("dist/psykg.owl"),
        Row("dist/MANIFEST.sha256"),
        Row(".well-known/void"),
        Row("ontology.ttl"),
        Row("static/style.css"),
        Row("resource/no-such-thing"),
        Row(THERAPY, "image/png"),
    ]
    for row in rows:
        status, headers, _ = ask(web.w3id[kind], row.target("/psykg/"), row.accept)
        assert status == 302, row
        assert headers["location"] == host + row.target(""), row
        assert headers["access-control-allow-origin"] == "*"
        assert answer(getattr(web, kind), MIRROR, row) == expected(web.serve, row, web.version)


def test_w3id_rules_name_every_iri_kind(web: Web) -> None:
    text = (web.root / "w3id-nginx" / "psykg" / ".htaccess").read_text(encoding="utf-8")
    for what in ("resource/", "ontology", "dataset", "dist/", r"\.well-known/void"):
        assert re.search(rf"^RewriteRule \^\(.*{re.escape(what)}", text, re.MULTILINE), what
    assert f"http://127.0.0.1:{urlsplit(web.nginx).port}{MIRROR}$1 [R=302,L]" in text


def test_nginx_keeps_the_servers_mime_types(web: Web) -> None:
    """The rules set media types for psykg's files only: another file under the site goes out
    with the type of nginx's own mime.types."""
    extra = web.root / "psykg" / "static" / "font.woff2"
    extra.write_bytes(b"\0")
    extra.chmod(0o644)
    status, headers, _ = ask(web.nginx, "/psykg/static/font.woff2", None)
    assert (status, headers["content-type"]) == (200, "font/woff2")


def test_site_links_resolve_on_a_static_host(web: Web) -> None:
    """Without psykg serve there is no /sparql and no /api/: no page links to them, and every
    link between pages and files of the published folder finds its file."""
    folder = web.root / "psykg"
    pages = sorted(folder.rglob("*.html"))
    assert len(pages) > 150
    dead = []
    for page in pages:
        for link in re.findall(r'(?:href|src)="([^"]*)"', page.read_text(encoding="utf-8")):
            if re.match(r"[a-z]+:", link) or link.startswith("#"):
                continue
            target = (page.parent / link.split("#")[0].split("?")[0]).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.is_file():
                dead.append(f"{page.relative_to(folder)} -> {link}")
    assert not dead, dead[:10]
    landing = (folder / "index.html").read_text(encoding="utf-8")
    assert "<code>api/" in landing and "needs <code>psykg serve</code>" in landing


# ---------------------------------------------------------------- the rules without servers


def test_negotiation_program_chooses_as_psykg_serve() -> None:
    """The look-ups the rules run, evaluated here, choose what psykg serve's conneg chooses on
    thousands of Accept headers (every media range listed once)."""
    offers = dict(OFFERS)
    factory = App.__dataclass_fields__["offers"].default_factory
    assert callable(factory) and offers == factory()
    ranges = [
        *offers,
        "text/*",
        "application/*",
        "*/*",
        "image/png",
        "application/xml",
        "*/html",
        "garbage",
    ]
    values = [
        "",
        "0",
        "1",
        "1.0",
        "1.000",
        "0.5",
        "0.55",
        "0.555",
        "0.556",
        "0.001",
        "0.000",
        ".5",
        "1.",
        "0.",
        "2",
        "abc",
        "0.5;q=abc",
        "0.2;q=0.9",
        "0.9;q",
        "1;q=0;x=2",
    ]
    pick = random.Random(15)
    for _ in range(5000):
        entries = []
        for media_range in pick.sample(ranges, pick.randint(0, 6)):
            media_range = media_range.upper() if pick.random() < 0.1 else media_range
            space = pick.choice(["", " "])
            params = pick.choice(["", "", ";level=1"])
            q = pick.choice(values)
            entries.append(space + media_range + params + (f";{space}q={q}" if q else ""))
        header = ",".join(entries)
        assert evaluate(header) == offers.get(choose(header, list(offers)) or "", ""), header


@pytest.mark.parametrize(
    ("header", "rules", "serve"),
    [
        ("text/turtle;q=0.1, text/turtle;q=0.9, application/rdf+xml;q=0.5", "rdf", "ttl"),
        ("text/turtle;q=0.5554, application/rdf+xml;q=0.5555", "ttl", "rdf"),
        ("text/turtle;q=1e-1, text/html;q=0.05", "html", "ttl"),
    ],
)
def test_negotiation_program_differs_only_where_documented(
    header: str, rules: str, serve: str
) -> None:
    """Outside RFC 9110's grammar (a range listed twice, a fourth decimal, exponents) the rules
    and psykg serve may choose differently, as psykg.site.negotiation and the docs say."""
    offers = dict(OFFERS)
    assert (evaluate(header), offers[choose(header, list(offers)) or ""]) == (rules, serve)


def test_negotiation_program_reads_format_as_psykg_serve() -> None:
    raw = [
        "ttl",
        "TTL",
        "Turtle",
        "json-ld",
        "json%2Dld",
        "rdf%2Bxml",
        "rdf%2bxml",
        "rdf+xml",
        "",
        "nope",
        "html",
        "n-triples",
        "xml",
        *sorted(ALIASES),
    ]
    for value in raw:
        for query in (f"format={value}", f"a=1&format={value}&format=nt", f"format={value}&b"):
            values = parse_qs(query, keep_blank_values=True)["format"]
            want = ALIASES.get(values[0].lower(), "")
            assert evaluate("text/turtle", query) == want, query
    assert evaluate("text/turtle", "format") == ""  # psykg serve: 406
    assert evaluate("text/turtle", "Format=nt&formats=nt") == "ttl"


@pytest.mark.parametrize(
    ("path", "target"),
    [
        (THERAPY, THERAPY),
        (f"{QUOTE}/text-quote", QUOTE),
        (QUOTE, QUOTE),
        ("ontology", "ontology"),
        ("ontology/0.1.0", "ontology/0.1.0"),
        ("dataset", "index"),
        ("ontology.ttl", None),
        ("ontology/0.1.0.ttl", None),
        ("resource/x.ttl", None),
        ("index", None),
    ],
)
def test_negotiated_targets(path: str, target: str | None) -> None:
    assert negotiated_target(path) == target


@pytest.mark.parametrize(
    "url",
    [
        "ftp://example.org/",
        "https://example.org/a b/",
        "https://example.org/?x=1",
        "https://example.org/$1/",
        "example.org/psykg/",
        "https://example.org/%7E/",
    ],
)
def test_host_url_must_be_usable_in_rules(url: str) -> None:
    with pytest.raises(PublishingError, match="cannot publish"):
        host_url(url)


def test_host_url_sets_the_rules_path() -> None:
    assert host_url("https://example.org/data/psykg") == "https://example.org/data/psykg/"
    files = rule_files("https://example.org/data/v1.0/")
    assert set(files) == {".htaccess", HTTP_FILE, SERVER_FILE, W3ID_FILE}
    assert "RewriteRule ^ /data/v1.0/%{ENV:psykg_t}.%1 [R=303" in files[".htaccess"]
    assert 'location ~ "^/data/v1\\.0/dist/' in files[SERVER_FILE]
    assert (
        "RewriteRule ^(resource/.+)$ https://example.org/data/v1.0/$1 [R=302,L]" in files[W3ID_FILE]
    )
    assert W3ID_FILE not in rule_files()


def test_site_refuses_a_host_url_it_cannot_use(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["site", "--host-url", "https://example.org/?x=1"]) != 0
    assert "cannot publish at 'https://example.org/?x=1'" in capsys.readouterr().err

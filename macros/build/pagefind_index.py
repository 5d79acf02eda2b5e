"""The site search: Pagefind indexes each page as MkDocs writes it, and writes its bundle at the end.

Pagefind (PyPI ``pagefind[bin]``, pinned in pyproject.toml; a local executable that fetches
nothing) writes ``pagefind/``: a small entry file, a WebAssembly search engine, the index cut
into chunks of words, and one fragment per page (its title, excerpt text and sections).
``docs/assets/js/recherche.js`` loads ``pagefind/pagefind.js`` only when a visitor starts a
search; a query then downloads the chunk holding its words and the fragments of the results
shown, never the whole index. Words are stemmed for French, accents are folded and elisions split
(« acces », « l'accès » and « d’une » all match).

Pagefind runs as a service (``pagefind --service``: the protocol of its own Node and Python
APIs, base64 JSON messages separated by commas on its standard input and output). Each page is
sent as soon as MkDocs has rendered it (``on_post_page``), so Pagefind reads pages on the second
core while MkDocs renders the next ones, instead of reading the whole written site afterwards.
Its Python package is not used: it waits 0.1 s before reading each answer, 160 s for the
national site's 1,568 pages. Pagefind handles messages one at a time, in the order sent, so the
same pages in the same order give the same bytes.

Only each page's content is indexed (``article.md-content__inner``: no menus, header or footer),
without what Material leaves out of its own search (``data-search-exclude``, ¶ anchors). Pages
state their type (``overrides/main.html``) and CPTS pages their région
(``overrides/fragments/cpts_page.html``) as ``data-pagefind-meta``, shown with each result.
Not as ``data-pagefind-filter`` (facets a query could be narrowed to): Pagefind 1.5.2 writes its
filter files in a different order on each run, and the site must be the same bytes for the same
data (``test_two_builds_are_byte_identical``); its index and fragments are.
"""
from __future__ import annotations

import base64
import collections
import json
import queue
import shutil
import subprocess
import threading
from pathlib import Path

from ..core.errors import BuildFailure

OUTPUT = "pagefind"
SETTINGS = {
    "root_selector": "article.md-content__inner",
    "exclude_selectors": ["[data-search-exclude]", ".headerlink"],
    "force_language": "fr",
}
# Pagefind's own ready-made interfaces: the portal renders results in Material's search box.
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-modular-ui.js", "pagefind-modular-ui.css",
          "pagefind-component-ui.js", "pagefind-component-ui.css", "pagefind-highlight.js")
TIMEOUT = 600  # seconds: the national site takes a few
_FAILED = "l'index de recherche (Pagefind) n'a pas pu être construit"


def executable() -> str:
    try:
        from pagefind_bin import get_executable
        return str(get_executable())
    except (ImportError, FileNotFoundError):
        raise BuildFailure("le moteur de recherche Pagefind est absent : lancez « make install » "
                           "(il est installé avec le paquet Python pagefind[bin])") from None


def is_indexed(dest_uri: str) -> bool:
    """Pages only: 404.html and the map documents shown in iframes (cartes/*.html) stay out."""
    return dest_uri == "index.html" or dest_uri.endswith("/index.html")


def url_of(dest_uri: str) -> str:
    """The address Pagefind records for a page, as its command line would: ``/cpts/x/``."""
    return "/" + dest_uri[: -len("index.html")]


class Indexing:
    """One index in a Pagefind service: ``add`` pages, ``write`` the bundle, ``wait`` for it.

    ``add`` encodes the page and queues it: a thread sends it, so MkDocs never waits for
    Pagefind; another thread reads the answers. ``stop`` ends it all (a failed build, a new save).
    """

    def __init__(self) -> None:
        try:
            self.process = subprocess.Popen([executable(), "--service"], stdin=subprocess.PIPE,
                                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        except OSError as exc:
            raise BuildFailure(f"{_FAILED} : {exc.strerror or exc}") from None
        self._answers: dict[int, dict] = {}
        self._urls: dict[int, str] = {}
        self._changed = threading.Condition()
        self._ended = False          # Pagefind's output closed: it exited
        self._stopped = False
        self._errors = collections.deque(maxlen=20)  # Pagefind's last lines on its error output
        self._outbox: queue.SimpleQueue = queue.SimpleQueue()
        self._last_id = 0
        self._written: int | None = None   # id of the WriteFiles message
        self.output: Path | None = None
        threads = [threading.Thread(target=target, name=name, daemon=True) for target, name in (
            (self._send_all, "pagefind-envoi"), (self._read_answers, "pagefind-réponses"), (self._read_errors, "pagefind-erreurs"))]
        for thread in threads:
            thread.start()
        self._error_reader = threads[-1]
        answer = self._answer(self._send({"type": "NewIndex", "config": SETTINGS}), timeout=60)
        if answer.get("type") != "NewIndex":
            self.stop()  # before _failure: Pagefind's last words are read once it has exited
            raise BuildFailure(self._failure(answer))
        self._index = answer["index_id"]

    def add(self, url: str, html: str) -> None:
        """Queue one page (its whole HTML) under its address."""
        message = self._send({"type": "AddFile", "index_id": self._index, "file_path": None,
                              "url": url, "file_contents": html})
        self._urls[message] = url

    def write(self, site_dir: Path) -> "Indexing":
        """Ask for the bundle of ``site_dir/pagefind`` once every queued page is read."""
        self.output = Path(site_dir) / OUTPUT
        # The bundle comes back in the answer, and this process writes it (``wait``): Pagefind's
        # own WriteFiles answers before its last files are on disk.
        self._written = self._send({"type": "GetFiles", "index_id": self._index})
        return self

    def wait(self) -> None:
        """Wait for the bundle and write it; raise ``BuildFailure`` in French if Pagefind failed."""
        assert self._written is not None, "write() first"
        answer = self._answer(self._written, timeout=TIMEOUT)
        failed = sorted(self._urls[i] for i, a in list(self._answers.items()) if i in self._urls and a.get("type") == "Error")
        self.stop()
        files = {f.get("path", ""): f.get("content", "") for f in answer.get("files") or ()}
        if answer.get("type") != "GetFiles" or "pagefind.js" not in files:
            raise BuildFailure(self._failure(answer))
        if failed:
            raise BuildFailure(f"{_FAILED} : Pagefind n'a pas pu lire {len(failed)} page(s) : "
                               + ", ".join(failed[:10]) + " ; signalez-le à l'équipe technique")
        shutil.rmtree(self.output, ignore_errors=True)  # mkdocs build --dirty / serve: no stale chunks
        for path, content in files.items():
            if path in UNUSED:
                continue
            target = self.output / path
            if not target.resolve().is_relative_to(self.output.resolve()):
                raise BuildFailure(f"{_FAILED} : chemin inattendu « {path} » ; signalez-le à l'équipe technique")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(base64.b64decode(content))

    def stop(self) -> None:
        """End the service (a ``wait`` in another thread then raises ``BuildFailure``)."""
        with self._changed:
            self._stopped = True
            self._changed.notify_all()
        self._outbox.put(None)
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()

    # -- the conversation ------------------------------------------------------------------------

    def _send(self, payload: dict) -> int:
        # Encoded here, written by the thread: a thread that encoded would hold the interpreter
        # while MkDocs renders (60 µs a page, but each handover costs the renderer more).
        self._last_id += 1
        data = json.dumps({"message_id": self._last_id, "payload": payload}).encode("ascii")
        self._outbox.put(base64.b64encode(data) + b",")
        return self._last_id

    def _send_all(self) -> None:
        """Write queued messages in order (a write blocks while Pagefind catches up)."""
        stdin = self.process.stdin
        while (message := self._outbox.get()) is not None:
            try:
                stdin.write(message)
                stdin.flush()
            except (BrokenPipeError, ValueError, OSError):
                return  # Pagefind exited: _read_answers says so to whoever waits
        try:
            stdin.close()
        except OSError:
            pass

    def _read_answers(self) -> None:
        pending = b""
        while chunk := self.process.stdout.read1(1 << 16):
            *messages, pending = (pending + chunk).split(b",")
            for raw in messages:
                try:
                    answer = json.loads(base64.b64decode(raw))
                except ValueError:
                    continue  # not an answer (Pagefind writes its answers only there)
                with self._changed:
                    self._answers[answer.get("message_id")] = answer.get("payload") or {}
                    self._changed.notify_all()
        with self._changed:
            self._ended = True
            self._changed.notify_all()

    def _read_errors(self) -> None:
        for line in self.process.stderr:
            self._errors.append(line.decode("utf-8", "replace").strip())

    def _answer(self, message_id: int, timeout: float) -> dict:
        with self._changed:
            arrived = self._changed.wait_for(
                lambda: message_id in self._answers or self._ended or self._stopped, timeout=timeout)
            if self._stopped:
                return {"type": "Error", "message": "arrêté"}
            if message_id in self._answers:
                return self._answers[message_id]
            if not arrived:
                return {"type": "Error", "message": f"plus de {timeout // 60} minutes sans finir"}
            return {"type": "Error", "message": ""}

    def _failure(self, answer: dict) -> str:
        if self.process.poll() is not None:
            self._error_reader.join(timeout=5)  # its last words, once it has exited
        detail = [line for line in self._errors if line][-5:] or [answer.get("message") or "Pagefind s'est arrêté"]
        return f"{_FAILED} : " + " / ".join(detail) + " ; signalez-le à l'équipe technique"


def index_pages(pages: list[tuple[str, str]], site_dir: Path) -> Indexing:
    """Start indexing ``pages`` (``(url, html)``, in the build's order) into ``site_dir``."""
    indexing = Indexing()
    for url, html in pages:
        indexing.add(url, html)
    return indexing.write(site_dir)


def index_site(site_dir: Path) -> None:
    """Write the search bundle of a written site into ``site_dir/pagefind`` (replacing the
    previous one): its pages in the order of their paths."""
    site_dir = Path(site_dir)
    paths = sorted(site_dir.rglob("index.html"), key=lambda p: p.relative_to(site_dir).as_posix())
    pages = [(url_of(p.relative_to(site_dir).as_posix()), p.read_text(encoding="utf-8")) for p in paths]
    index_pages(pages, site_dir).wait()

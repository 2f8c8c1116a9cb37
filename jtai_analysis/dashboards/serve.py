"""Voilà, started with its page templates compiled once per server instead of once per page.

Voilà makes a new nbconvert exporter, with a new Jinja environment, for every notebook it runs, so
it compiles its page templates again each time: about 0.3 s of its single thread, during which it
serves nothing else. It runs a notebook for each waiting kernel it starts, so this fell while a
visitor's page was loading or answering clicks (``benchmarks/bench_dashboard.py``). Here every such
environment shares one in-memory cache of compiled templates. Jinja checks each template's source
against the cached copy, so a changed template is compiled again.
"""

from __future__ import annotations

import jinja2


class CompiledTemplates(jinja2.BytecodeCache):
    """Compiled templates kept in memory, for every Jinja environment of the process."""

    def __init__(self) -> None:
        self._compiled: dict[str, bytes] = {}

    def get_bucket(
        self, environment: jinja2.Environment, name: str, filename: str | None, source: str
    ) -> jinja2.bccache.Bucket:
        # Code compiled for an async environment differs from that for a plain one.
        kind = "async" if environment.is_async else "sync"
        key = f"{self.get_cache_key(name, filename)}:{kind}"
        bucket = jinja2.bccache.Bucket(environment, key, self.get_source_checksum(source))
        self.load_bytecode(bucket)
        return bucket

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        compiled = self._compiled.get(bucket.key)
        if compiled is not None:
            bucket.bytecode_from_string(compiled)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._compiled[bucket.key] = bucket.bytecode_to_string()


def share_compiled_templates(cache: jinja2.BytecodeCache | None = None) -> jinja2.BytecodeCache:
    """Give every nbconvert exporter's Jinja environment made from now on one cache; return it.

    Called again, it changes nothing and returns the cache already given.
    """
    from nbconvert.exporters.templateexporter import TemplateExporter

    create = TemplateExporter._create_environment
    given: jinja2.BytecodeCache | None = getattr(create, "compiled_templates", None)
    if given is not None:
        return given
    shared = cache or CompiledTemplates()

    def create_sharing(exporter: TemplateExporter) -> jinja2.Environment:
        environment = create(exporter)
        environment.bytecode_cache = shared
        return environment

    create_sharing.compiled_templates = shared  # type: ignore[attr-defined]
    TemplateExporter._create_environment = create_sharing  # type: ignore[method-assign]
    return shared


def main() -> None:
    """Run Voilà (same arguments as ``python -m voila``) with the shared template cache.

    Started by ``jtai dashboard``, it ends when that command ends, however it ends
    (:func:`~jtai_analysis.dashboards.server_process.follow_parent`).
    """
    from voila.app import main as voila_main

    from jtai_analysis.dashboards.server_process import follow_parent

    follow_parent()
    share_compiled_templates()
    voila_main()


if __name__ == "__main__":
    main()

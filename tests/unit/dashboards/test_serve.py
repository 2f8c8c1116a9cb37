"""The dashboard server: page templates compiled once per server, shared with Voilà's exporters."""

from __future__ import annotations

import asyncio

import nbformat
import pytest


def test_the_served_pages_templates_are_compiled_once_per_server() -> None:
    import jinja2

    from jtai_analysis.dashboards.serve import CompiledTemplates

    cache = CompiledTemplates()
    loader = jinja2.DictLoader({"page.j2": "Hello {{ name }}"})
    compiled = []

    class Counting(jinja2.Environment):
        def _compile(self, source: str, filename: str):  # type: ignore[no-untyped-def]
            compiled.append(filename)
            return super()._compile(source, filename)

    for is_async in (False, False, True, True):
        environment = Counting(loader=loader, enable_async=is_async, bytecode_cache=cache)
        template = environment.get_template("page.j2")
        shown = (
            asyncio.run(template.render_async(name="you"))
            if is_async
            else template.render(name="you")
        )
        assert shown == "Hello you"
    assert len(compiled) == 2  # once plain, once async: new environments reuse the code
    changed = Counting(
        loader=jinja2.DictLoader({"page.j2": "Bye {{ name }}"}), bytecode_cache=cache
    )
    assert changed.get_template("page.j2").render(name="you") == "Bye you"  # a changed source


def test_voila_is_started_with_the_shared_template_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    from nbconvert.exporters import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter

    from jtai_analysis.dashboards.serve import CompiledTemplates, share_compiled_templates

    # put back as it was after the test
    monkeypatch.setattr(
        TemplateExporter, "_create_environment", TemplateExporter._create_environment
    )
    shared = share_compiled_templates()
    assert share_compiled_templates(CompiledTemplates()) is shared  # a second call changes nothing
    assert HTMLExporter().environment.bytecode_cache is shared
    assert HTMLExporter().from_notebook_node(nbformat.v4.new_notebook())[0].startswith("<!DOCTYPE")

"""Export a notebook to HTML that renders offline.

nbconvert's ``lab`` template loads require.js, MathJax and mermaid from a CDN. The report
notebook needs none of them (it shows saved data as static HTML tables and SVG), so this
exporter is the same template with those blocks (and the widget state) left out:

    jupyter nbconvert --to workbook.report.nbexport.OfflineHTMLExporter --no-input notebooks/04_report.ipynb

or from Python: ``export_notebook("notebooks/04_report.ipynb", "report-notebook.html")``.
"""
from __future__ import annotations

from pathlib import Path

from jinja2 import DictLoader
from nbconvert import HTMLExporter
from traitlets import default

TEMPLATE_NAME = "workbook_offline.html.j2"
TEMPLATE = """{%- extends 'lab/index.html.j2' -%}
{%- block html_head_js_requirejs -%}{%- endblock html_head_js_requirejs -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
"""


class OfflineHTMLExporter(HTMLExporter):
    """The lab HTML template without any script fetched from the network."""

    export_from_notebook = "HTML (offline)"

    @default("template_name")
    def _template_name_default(self):
        return "lab"

    @default("template_file")
    def _template_file_default(self):
        return TEMPLATE_NAME

    @default("extra_loaders")
    def _extra_loaders_default(self):
        return [DictLoader({TEMPLATE_NAME: TEMPLATE})]


def export_notebook(notebook, output=None, no_input: bool = True) -> Path:
    """Write ``notebook`` (a path) as offline HTML next to it, or to ``output``; returns the path."""
    import nbformat

    notebook = Path(notebook)
    output = Path(output) if output else notebook.with_suffix(".html")
    exporter = OfflineHTMLExporter(exclude_input=no_input, exclude_input_prompt=no_input,
                                   exclude_output_prompt=no_input)
    body, _ = exporter.from_notebook_node(nbformat.read(notebook, as_version=4))
    output.write_text(body, encoding="utf-8")
    return output

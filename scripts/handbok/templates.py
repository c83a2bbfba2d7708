"""Templates: the Jinja2 environment every page, fragment and the audit document is rendered with.

Auto-escaping is on for every template, so user text is escaped once, by Jinja, wherever it lands;
a template that wants Markdown syntax neutralised too uses the `md` filter. Formatting goes through
`formatting`, registered here as filters.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup, escape

from . import formatting

# Python-Markdown's escapable characters (plus | from the tables extension); others would show a backslash.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|.-])")


def md_text(text: object) -> Markup:
    """Text for a Markdown line (a heading, a list item): HTML-escaped, Markdown syntax neutralised."""
    return Markup(_MD_SPECIAL.sub(r"\\\1", str(escape(" ".join(str(text).split())))))


def yaml_string(text: object) -> Markup:
    """A front-matter value: a JSON string is valid YAML. HTML-escaped too, because themes print
    `page.meta.title` into <title> and the search index without escaping."""
    return Markup(json.dumps(str(escape(" ".join(str(text).split()))), ensure_ascii=False))


@cache
def environment() -> Environment:
    """Built once: templates are package data under handbok/templates/."""
    env = Environment(loader=PackageLoader("handbok", "templates"), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(dato=formatting.dato, iso=formatting.iso, desimal=formatting.desimal,
                       prosent=formatting.prosent, md=md_text, yaml=yaml_string)
    return env


def render(name: str, **context: Any) -> str:
    return environment().get_template(name).render(**context)

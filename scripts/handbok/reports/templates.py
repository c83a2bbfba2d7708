"""Templates: the Jinja2 environment every page, fragment and the audit document is rendered with.

Auto-escaping is on for every template, so user text is escaped once, by Jinja, wherever it lands;
a template that wants Markdown syntax neutralised too uses the `md` filter. Formatting goes through
`formatting`, registered here as filters.
"""

from __future__ import annotations

import html
import json
import re
from functools import cache
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from ..checks.privacy import skjul_personnummer
from ..core import formatting

# Python-Markdown's escapable characters (plus | from the tables extension); others would show a backslash.
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+!|.-])")


def escaped(value: object) -> Markup:
    """Every value a template prints: any personal identifier hidden (defence in depth: `sjekk` refuses
    them, but `tilsyn` also runs on a handbook with errors), then escaped with the standard library's
    entities (&quot;, &#x27;), the ones the site has always written; markup (macros, `safe`) passes as it is."""
    if hasattr(value, "__html__"):
        return Markup(value)
    return Markup(html.escape(skjul_personnummer(str(value)), quote=True))


def md_text(text: object) -> Markup:
    """Text for a Markdown line (a heading, a list item): HTML-escaped, Markdown syntax neutralised."""
    return Markup(_MD_SPECIAL.sub(r"\\\1", escaped(" ".join(str(text).split()))))


def yaml_string(text: object) -> Markup:
    """A front-matter value: a JSON string is valid YAML. HTML-escaped too, because themes print
    `page.meta.title` into the title element and the search index without escaping."""
    return Markup(json.dumps(str(escaped(" ".join(str(text).split()))), ensure_ascii=False))


@cache
def environment() -> Environment:
    """Built once: templates are package data under handbok/templates/."""
    env = Environment(loader=PackageLoader("handbok", "templates"), autoescape=True, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                      finalize=escaped)
    env.filters.update(dato=formatting.dato, iso=formatting.iso, desimal=formatting.desimal,
                       prosent=formatting.prosent, antall=formatting.antall, md=md_text, yaml=yaml_string)
    return env


def render(name: str, **context: Any) -> str:
    return environment().get_template(name).render(**context)


def plain(value: object) -> str:
    """Every value a plain-text template prints (an e-mail): any personal identifier hidden, nothing escaped."""
    return skjul_personnummer(str(value))


@cache
def text_environment() -> Environment:
    """For plain text that is never HTML (the e-mail digests): the same templates and filters, no escaping."""
    env = Environment(loader=PackageLoader("handbok", "templates"), autoescape=False, undefined=StrictUndefined,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True, finalize=plain)
    env.filters.update(dato=formatting.dato, iso=formatting.iso, desimal=formatting.desimal,
                       prosent=formatting.prosent, antall=formatting.antall)
    return env


def render_text(name: str, **context: Any) -> str:
    return text_environment().get_template(name).render(**context)

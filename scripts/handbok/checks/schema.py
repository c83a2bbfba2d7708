"""Schema: documents -> findings for every JSON Schema violation, in Norwegian, with file and line."""

from __future__ import annotations

import json
import re
from datetime import date
from functools import cache
from importlib import resources
from typing import Any, Callable, Iterator

import fastjsonschema
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError, best_match

from ..core.findings import Finding, feil
from ..core.suggest import mente_du
from ..source.loading import Document, Kind
from ..source.yamlread import Path_, field_name

SCHEMA_FILES: dict[str, str] = {
    "rutine": "rutine.schema.json",
    "funksjon": "funksjonsbeskrivelse.schema.json",
    "plan": "implementeringsplan.schema.json",
    "handbok": "handbok.schema.json",
    "avvik": "avvik.schema.json",
    "kompetanse": "kompetanse.schema.json",
    "bekreftelser": "bekreftelser.schema.json",
    "historikk": "historikk.schema.json",
}
_SLUG = "^[a-z0-9]+(-[a-z0-9]+)*$(?!\\n)"
_NORWEGIAN_DATE = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{4})$")
_TYPE_NAMES = {
    "string": "tekst", "integer": "et heltall", "number": "et tall", "array": "en liste",
    "object": "felt på formen «navn: verdi»", "null": "tom (null)", "boolean": "sann/usann",
}


def schema_text(kind: Kind) -> str:
    return resources.files("handbok").joinpath("schemas", SCHEMA_FILES[kind]).read_text(encoding="utf-8")


def _schema(part: str) -> dict[str, Any]:
    """A schema by part: the three files, plus "plan-sted" — one site's records, checked on their own."""
    if part != "plan-sted":
        return dict(json.loads(schema_text(part)))  # type: ignore[arg-type]
    plan = json.loads(schema_text("plan"))
    return {"$defs": plan["$defs"], **plan["properties"]["implementering"]["additionalProperties"]}


@cache
def validator(part: str) -> Draft202012Validator:
    """Built once per schema: checking thousands of files reuses it."""
    schema = _schema(part)
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


@cache
def descriptions(kind: Kind) -> dict[str, str]:
    """Property name -> its Norwegian description, from anywhere in the schema."""
    found: dict[str, str] = {}

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for name, sub in node.get("properties", {}).items():
                if isinstance(sub, dict) and "description" in sub:
                    found.setdefault(name, sub["description"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(json.loads(schema_text(kind)))
    return found


@cache
def fast_validator(part: str) -> Callable[[Any], Any]:
    """The same schema compiled to Python code: ~15× faster, but it stops at the first error.

    Our schemas use only keywords that mean the same in draft-07, which fastjsonschema implements;
    a test checks on every bad-input case and on random mutations that both validators agree.
    """
    schema = _schema(part)
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"
    return fastjsonschema.compile(schema, formats={"date": _is_date})


def _is_date(text: str) -> bool:
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


def check_schema(doc: Document) -> list[tuple[Path_, Finding]]:
    """Every schema violation of one document: the path of the broken part and its finding.

    Valid documents (nearly all) pass the fast validator; only an invalid part is walked again by
    jsonschema, which reports every error with its path. The plan is checked site by site, so one
    typo in a plan of 45,000 records does not send all of them through the slow validator.
    """
    if doc.data is None or doc.kind not in SCHEMA_FILES:
        return []  # a hand-written page has no schema: its MkDocs meta is free
    implementering = doc.data.get("implementering")
    if doc.kind != "plan" or not isinstance(implementering, dict):
        return _validate(doc, doc.kind, doc.data, ())
    skeleton = {**doc.data, "implementering": dict.fromkeys(implementering)}
    pairs = _validate(doc, "plan", skeleton, ())
    for sted, records in implementering.items():
        pairs += _validate(doc, "plan-sted", records, ("implementering", sted))
    return pairs


def _validate(doc: Document, part: str, instance: Any, prefix: Path_) -> list[tuple[Path_, Finding]]:
    try:
        fast_validator(part)(instance)
        return []
    except fastjsonschema.JsonSchemaValueException:
        pass
    return [pair for error in validator(part).iter_errors(instance) for pair in _translate(doc, error, prefix)]


def _translate(doc: Document, error: ValidationError, prefix: Path_ = ()) -> Iterator[tuple[Path_, Finding]]:
    if error.validator in ("oneOf", "anyOf") and error.context:
        yield from _translate(doc, best_match(error.context), prefix)
        return
    path: Path_ = (*prefix, *error.absolute_path)
    if error.validator == "required":
        name = re.match(r"'(.+)' is a required property", error.message)
        missing = name.group(1) if name else str(error.validator_value)
        yield _finding(doc, "mangler-felt", path, (*path, missing), _missing_message(doc.kind, missing))
    elif error.validator == "additionalProperties":
        allowed = list(error.schema.get("properties", {}))
        for extra in sorted(set(error.instance) - set(allowed)):
            yield _finding(doc, "ukjent-felt", (*path, extra), (*path, extra), _unknown_message(extra, allowed))
    elif "propertyNames" in error.relative_schema_path:
        key = str(error.instance)
        yield _finding(doc, "ugyldig-id", (*path, key), (*path, key),
                       f"«{key}» kan ikke brukes som id. {_slug_hint(key)}")
    else:
        kode, melding = _value_message(doc.kind, path, error)
        yield _finding(doc, kode, path, path, melding)


def _finding(doc: Document, kode: str, line_path: Path_, field_path: Path_, melding: str) -> tuple[Path_, Finding]:
    return line_path, feil(kode, doc.fil, doc.line(*line_path), field_name(field_path), melding)


def _missing_message(kind: Kind, name: str) -> str:
    about = descriptions(kind).get(name, "")
    return f"Feltet «{name}» mangler. Legg det til: {name}: … " + (f"({about})" if about else "")


def _unknown_message(extra: str, allowed: list[str]) -> str:
    return f"Ukjent felt «{extra}».{mente_du(extra, allowed)} Gyldige felt her: {', '.join(allowed)}."


def _value_message(kind: Kind, path: Path_, error: ValidationError) -> tuple[str, str]:
    value = error.instance
    name = field_name(path) or "dokumentet"
    last = next((p for p in reversed(path) if isinstance(p, str)), "")
    schema = error.schema if isinstance(error.schema, dict) else {}
    if schema.get("format") == "date" and error.validator in ("format", "pattern", "type"):
        return "ugyldig-dato", _date_message(name, value)
    if last == "versjon" or error.validator == "pattern" and "\\." in str(schema.get("pattern", "")):
        return "ugyldig-versjon", _version_message(name, value)
    if error.validator == "pattern" and schema.get("pattern") == _SLUG:
        return "ugyldig-id", f"«{value}» i {name} er ikke en gyldig id. {_slug_hint(str(value))}"
    if error.validator == "pattern":
        about = descriptions(kind).get(last, "")
        return "ugyldig-verdi", f"«{value}» har feil form i {name}. {about}".strip()
    if error.validator == "enum":
        options = [str(o) for o in error.validator_value]
        return "ugyldig-verdi", (f"«{value}» er ikke gyldig i {name}.{mente_du(str(value), options)} "
                                 f"Gyldige verdier: {', '.join(options)}.")
    if error.validator == "type":
        expected = error.validator_value if isinstance(error.validator_value, list) else [error.validator_value]
        wanted = " eller ".join(_TYPE_NAMES.get(str(t), str(t)) for t in expected)
        return "feil-type", f"{name} skal være {wanted}, men er {_describe(value)}."
    if error.validator in ("minLength", "minItems", "minProperties"):
        return "tom-verdi", f"{name} kan ikke være tom. {descriptions(kind).get(last, '')}".strip()
    if error.validator == "uniqueItems":
        repeated = _first_repeated(value) if isinstance(value, list) else None
        what = f"«{repeated}»" if repeated is not None else "Samme verdi"
        return "dobbel-verdi", f"{what} står flere ganger i {name}. Fjern gjentakelsen."
    if error.validator in ("minimum", "maximum"):
        bound = "minst" if error.validator == "minimum" else "høyst"
        return "utenfor-grense", f"{name} må være {bound} {error.validator_value}, men er {value}."
    return "ugyldig-verdi", f"{name}: {error.message}"


def _first_repeated(values: list[Any]) -> Any:
    seen: list[Any] = []
    for value in values:
        if value in seen:
            return value
        seen.append(value)
    return None


def _date_message(name: str, value: Any) -> str:
    text = str(value)
    norwegian = _NORWEGIAN_DATE.match(text)
    if norwegian:
        day, month, year = norwegian.groups()
        return (f"{name}: «{text}» må skrives som ÅÅÅÅ-MM-DD. "
                f"Skriv {year}-{int(month):02d}-{int(day):02d}.")
    if re.match(r"^\d{4}-\d{2}-\d{2}$", text):
        return f"{name}: datoen «{text}» finnes ikke. Sjekk dag og måned (ÅÅÅÅ-MM-DD)."
    return f"{name}: «{text}» er ikke en dato. Skriv datoen som ÅÅÅÅ-MM-DD, f.eks. 2025-03-01."


def _version_message(name: str, value: Any) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        return f'{name}: versjonen {value} må skrives som tekst med MAJOR.MINOR i anførselstegn: "{value}.0".'
    return (f"{name}: «{value}» er ikke en gyldig versjon. Skriv MAJOR.MINOR i anførselstegn, "
            'f.eks. "2.1" (MAJOR når praksis endres, MINOR ved språkvask).')


def _slug_hint(text: str) -> str:
    suggestion = slugify(text)
    example = f" (f.eks. «{suggestion}»)" if suggestion and suggestion != text else ""
    return f"Bruk bare små bokstaver a–z, tall og bindestrek{example}."


def slugify(text: str) -> str:
    """«Fall og Skade» -> «fall-og-skade»; æøå become ae, o, a."""
    table = str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "ae", "Ø": "o", "Å": "a"})
    return re.sub(r"[^a-z0-9]+", "-", text.translate(table).lower()).strip("-")


def _describe(value: Any) -> str:
    if value is None:
        return "tom"
    if isinstance(value, bool):
        return "en sannhetsverdi"
    if isinstance(value, int):
        return f"tallet {value}"
    if isinstance(value, str):
        return f"teksten «{value}»"
    if isinstance(value, list):
        return "en liste"
    return "en tabell med felt"

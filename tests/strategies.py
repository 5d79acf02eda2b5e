"""Hypothesis strategies for every record type, derived from the pydantic models (tests only).

``records(model)`` walks a model's fields and builds a value for each from its annotation: the
validators a field carries say what it holds (a slug of a referential, an INSEE code, a partial
date, a URL, a capped text…), so a new field of a known kind needs nothing here. Every optional
field is, from one example to the next, absent, null (when allowed), empty (texts and lists) or
filled; texts reach their length caps and mix accents, scripts, emoji and HTML-looking payloads.

A few rules span several fields (a source is a document with lines *or* a URL; a territory's
precision decides what it lists; an event's programme falls on its days): those models have a
strategy of their own below (``OVERRIDES``). Generated records are synthetic and live only in
temporary folders.
"""
from __future__ import annotations

import datetime as dt
import inspect
import types
import typing
from dataclasses import dataclass
from typing import Any

import annotated_types
from hypothesis import strategies as st
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from macros.records.observatoire.loading import label_key

ABSENT = object()  # a field left out of the YAML file

# Text a visitor may type or a source may contain: accents, other scripts, emoji, typography,
# and markup that must come out escaped. No control or bidi characters (the schema refuses them).
_ALPHABET = st.characters(
    categories=("L", "N", "P", "S", "Zs"),
    exclude_characters="\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\x85\xa0\u2028\u2029",
)
_PAYLOADS = ["<script>alert(1)</script>", "{{ config }}", "{% raw %}", "&amp; <b>", "l'accès « santé » – ok",
             "=SUM(A1)", "Ça‑va ? 👩‍⚕️ 医生 Ελλάδα", "   espaces   ", "\\n", "*gras* _it_ [lien](x)"]


@dataclass(frozen=True)
class Domain:
    """Values that exist in the project's data: what references may point to."""

    referentiels: dict[str, list[str]]   # referential name -> slugs
    documents: dict[str, int]            # document slug -> number of lines
    communes: list[str]
    departements: list[str]
    regions: list[str]
    epci: list[str]
    slugs: dict[str, list[str]]          # record folder -> existing slugs (cpts, actions, evenements…)
    docs_pages: list[str]
    dept_region: dict[str, str]          # département -> its région


def domain_of(catalogue: Any) -> Domain:
    refs = catalogue.referentiels
    communes = sorted(c for c, v in catalogue.reference.communes.items() if v.type == "commune")
    return Domain(
        referentiels={name: list(items) for name, items in refs.lists.items()},
        documents={slug: doc.lignes or 1 for slug, doc in refs.documents.items()},
        communes=communes[::97],
        departements=sorted(refs.departements),
        regions=sorted(refs.regions),
        epci=sorted(catalogue.reference.epci)[::53],
        slugs={"cpts": list(catalogue.cpts), **{name: list(v) for name, v in catalogue.features.items()
                                                 if isinstance(v, dict)}},
        docs_pages=["index.md", "trouver-ma-cpts.md", "carte.md", "annuaire/index.md"],
        dept_region={code: d.region for code, d in refs.departements.items()},
    )


def text(min_size: int = 0, max_size: int = 300) -> st.SearchStrategy[str]:
    """Text with no blank at either end (the schema strips them), sometimes exactly at its cap."""
    body = st.text(_ALPHABET, min_size=max(min_size, 1), max_size=min(max_size, 60)).map(str.strip).filter(
        lambda s: len(s) >= max(min_size, 1))
    capped = st.sampled_from(["é", "a", "ß", "水"]).map(lambda c: c * max_size)
    payload = st.sampled_from(_PAYLOADS).map(str.strip).filter(lambda s: min_size <= len(s) <= max_size)
    choices = [body, capped, payload]
    if min_size == 0:
        choices.append(st.just(""))
    return st.one_of(*choices)


def slugs() -> st.SearchStrategy[str]:
    return st.from_regex(r"[a-z0-9]{1,12}(-[a-z0-9]{1,8}){0,3}", fullmatch=True)


def partial_dates() -> st.SearchStrategy[str]:
    return st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2035, 12, 31)).flatmap(
        lambda d: st.sampled_from([d.isoformat(), d.isoformat()[:7], d.isoformat()[:4]]))


def urls() -> st.SearchStrategy[str]:
    return st.one_of(st.just("https://exemple.org/"), st.from_regex(r"https?://[a-z]{1,10}\.example\.(org|fr)/[a-z0-9/_-]{0,20}", fullmatch=True),
                     st.just("https://exemple.org/" + "a" * 470))


def source_refs(domain: Domain) -> st.SearchStrategy[dict]:
    """A source: a document of the referential with lines inside it, or a web address."""
    def document(slug: str) -> st.SearchStrategy[dict]:
        total = domain.documents[slug]
        return st.integers(1, total).flatmap(lambda a: st.integers(a, total).map(
            lambda b: {"document": slug, "lignes": str(a) if a == b else f"{a}-{b}"}))
    return st.one_of(st.sampled_from(sorted(domain.documents)).flatmap(document), urls().map(lambda u: {"url": u}))


def territories(domain: Domain) -> st.SearchStrategy[dict]:
    def build(precision: str) -> st.SearchStrategy[dict]:
        if precision == "inconnu":
            return st.fixed_dictionaries({"precision": st.just(precision), "note": text(1, 200)})
        listed = st.fixed_dictionaries({
            "communes": st.lists(st.sampled_from(domain.communes), max_size=4, unique=True),
            "epci": st.lists(st.sampled_from(domain.epci), max_size=1, unique=True),
            "departements": st.just([]),
        }).filter(lambda t: t["communes"] or t["epci"])
        note = text(0, 200) if precision == "exact" else text(1, 200)
        return st.tuples(listed, note).map(lambda p: {"precision": precision, **p[0], "note": p[1]})
    return st.sampled_from(["exact", "partiel", "approximation", "inconnu"]).flatmap(build)


def area(domain: Domain) -> st.SearchStrategy[dict]:
    """A support body's area: the whole country, or régions and/or départements."""
    local = st.fixed_dictionaries({"regions": st.lists(st.sampled_from(domain.regions), max_size=2, unique=True),
                                   "departements": st.lists(st.sampled_from(domain.departements), max_size=2, unique=True)}
                                  ).filter(lambda z: z["regions"] or z["departements"])
    return st.one_of(st.just({"national": True}), local)


def events(domain: Domain, base: st.SearchStrategy[dict]) -> st.SearchStrategy[dict]:
    """An event whose programme falls on its days (the loader checks it)."""
    def place(record: dict, start: dt.date, days: int, items: list[dict]) -> dict:
        record = dict(record)
        fin = record.pop("fin", ABSENT)
        record["debut"] = start.isoformat()
        if days:
            record["fin"] = (start + dt.timedelta(days=days)).isoformat()
        elif fin is None:  # a one-day event may still write « fin: » empty
            record["fin"] = None
        record["programme"] = [{**item, "date": (start + dt.timedelta(days=i % (days + 1))).isoformat()}
                               for i, item in enumerate(items)]
        for item in record["programme"]:
            if "debut" in item and "fin" in item and item["fin"] < item["debut"]:
                item["debut"], item["fin"] = item["fin"], item["debut"]
        return record
    return st.builds(place, base, st.dates(dt.date(2018, 1, 1), dt.date(2032, 12, 31)), st.integers(0, 2),
                     st.lists(programme_items(domain), max_size=3))


def programme_items(domain: Domain) -> st.SearchStrategy[dict]:
    times = st.times().map(lambda t: t.strftime("%H:%M"))
    return st.fixed_dictionaries(
        {"format": text(1, 60), "titre": text(1, 300)},
        optional={"debut": times, "fin": times, "code": text(1, 12), "intervenants": st.lists(text(1, 80), max_size=2),
                  "precisions": st.one_of(st.none(), text(0, 300)),
                  "cpts": st.lists(st.sampled_from(domain.slugs.get("cpts") or ["x"]), max_size=2, unique=True)})


# ------------------------------------------------------------------ derivation from annotations

def _metadata(annotation: Any) -> tuple[Any, list[Any]]:
    """(base type, metadata) of a possibly Annotated, possibly nested-Annotated type."""
    meta: list[Any] = []
    while typing.get_origin(annotation) is typing.Annotated:
        args = typing.get_args(annotation)
        annotation, meta = args[0], list(args[1:]) + meta
    flat = []
    for item in meta:
        flat.append(item)
        if isinstance(item, FieldInfo):
            flat += item.metadata
    return annotation, flat


def _bounds(meta: list[Any], field: FieldInfo | None) -> tuple[int, int]:
    low, high = 0, 5000
    for item in meta + (field.metadata if field is not None else []):
        if isinstance(item, annotated_types.MinLen):
            low = max(low, item.min_length)
        if isinstance(item, annotated_types.MaxLen):
            high = min(high, item.max_length)
    return low, high


def _validator_kind(meta: list[Any]) -> tuple[str | None, dict]:
    """What the field's validators say it holds: ('referential', {'name': …}), ('commune', {})…"""
    found: tuple[str | None, dict] = (None, {})
    for item in meta:
        func = getattr(item, "func", None)
        if func is None:
            continue
        qualname = getattr(func, "__qualname__", "")
        nonlocals = inspect.getclosurevars(func).nonlocals if getattr(func, "__closure__", None) else {}
        if "in_referential" in qualname:
            return "referential", {"name": nonlocals["name"]}
        if "known_slug" in qualname:
            return "record", {"folder": nonlocals["folder"]}
        names = {"_known_cpts": ("record", {"folder": "cpts"}), "_commune": ("commune", {}), "_departement": ("departement", {}),
                 "_epci": ("epci", {}), "_partial_date": ("date", {}), "_url": ("url", {}), "_email": ("email", {}),
                 "_phone": ("phone", {}), "_text": ("text", {}), "_slug": ("slug", {}), "_number": ("number", {}),
                 "_site_page": ("site_page", {}), "_docs_page": ("docs_page", {}), "_time": ("time", {}), "_day": ("day", {}), "_lines": ("lines", {})}
        kind = names.get(func.__name__)
        if kind is not None and (found[0] in (None, "slug", "text") or kind[0] not in ("slug", "text")):
            found = kind
    return found


def for_annotation(annotation: Any, domain: Domain, field: FieldInfo | None = None) -> st.SearchStrategy[Any]:
    base, meta = _metadata(annotation)
    if field is not None:  # pydantic moves a top-level field's Annotated metadata onto the FieldInfo
        meta = meta + list(field.metadata)
        if typing.get_origin(base) in (typing.Union, types.UnionType) and meta:
            options = [a for a in typing.get_args(base) if a is not type(None)]
            if len(options) == 1:
                return for_annotation(typing.Annotated[(options[0], *meta)], domain)
    origin = typing.get_origin(base)
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(base) if a is not type(None)]
        return st.one_of(*(for_annotation(o, domain) for o in options))
    if origin is typing.Literal:
        return st.sampled_from(typing.get_args(base))
    if origin is list:
        (item,) = typing.get_args(base)
        low, _ = _bounds(meta, field)
        # Lists are unique: records refuse the same reference twice.
        return st.lists(for_annotation(item, domain), min_size=low, max_size=max(low, 3), unique_by=repr)
    if origin is dict:
        key, value = typing.get_args(base)
        return st.dictionaries(for_annotation(key, domain), for_annotation(value, domain), max_size=3)
    if isinstance(base, type) and issubclass(base, BaseModel):
        return records(base, domain)
    kind, info = _validator_kind(meta)
    low, high = _bounds(meta, field)
    if kind == "referential":
        return st.sampled_from(domain.regions if info["name"] == "regions" else domain.referentiels[info["name"]])
    if kind == "record":
        known = domain.slugs.get(info["folder"]) or []
        return st.sampled_from(known) if known else st.nothing()
    simple = {"commune": st.sampled_from(domain.communes), "departement": st.sampled_from(domain.departements),
              "epci": st.sampled_from(domain.epci), "date": partial_dates(), "url": urls(),
              "email": st.just("contact@cpts-exemple.fr"), "phone": st.sampled_from(["05 61 00 00 00", "+33 4 00 00 00 00"]),
              "slug": slugs(), "site_page": st.just("observatoire/"), "docs_page": st.sampled_from(domain.docs_pages), "time": st.times().map(lambda t: t.strftime("%H:%M")),
              "day": st.dates().map(lambda d: d.isoformat()), "number": st.integers(0, 10**6) | st.floats(0, 1000, allow_nan=False).map(lambda f: round(f, 1)),
              "lines": st.just("1")}
    if kind in simple:
        return simple[kind]
    pattern = next((getattr(m, "pattern", None) for m in meta if getattr(m, "pattern", None)), None)
    if pattern is not None and base is str:  # a code with a shape of its own (FINESS…)
        return st.from_regex(pattern, fullmatch=True)
    if base is str or kind == "text":
        return text(low, high)
    if base is bool:
        return st.booleans()
    if base is int:
        lo = next((m.ge for m in meta if isinstance(m, annotated_types.Ge)), 0)
        hi = next((m.le for m in meta if isinstance(m, annotated_types.Le)), 10**6)
        return st.integers(lo, hi)
    if base is float:
        return st.floats(0, 10**6, allow_nan=False, allow_infinity=False)
    raise NotImplementedError(f"no strategy for {annotation!r}")


def _empty(annotation: Any) -> Any:
    base, _ = _metadata(annotation)
    origin = typing.get_origin(base)
    if origin is list:
        return []
    if origin is dict:
        return {}
    if base is str:
        return ""
    return ABSENT


def _optional(annotation: Any, field: FieldInfo, domain: Domain) -> st.SearchStrategy[Any]:
    """An optional field: absent, null (when allowed), empty, or filled."""
    base, _ = _metadata(annotation)
    nullable = typing.get_origin(base) in (typing.Union, types.UnionType) and type(None) in typing.get_args(base)
    choices = [st.just(ABSENT), for_annotation(annotation, domain, field)]
    if nullable:
        choices.append(st.none())
    empty = _empty(annotation)
    if empty is not ABSENT:
        choices.append(st.just(empty))
    return st.one_of(*choices)


def records(model: type[BaseModel], domain: Domain, **fixed: st.SearchStrategy[Any]) -> st.SearchStrategy[dict]:
    """A dict that ``model`` should accept (as YAML data); ``fixed`` replaces some fields' strategies."""
    override = OVERRIDES.get(model.__name__)
    if override is not None and not fixed:
        return override(domain)
    required, optional = {}, {}
    for name, field in model.model_fields.items():
        if name in fixed:
            strategy = fixed[name]
        elif field.is_required():
            strategy = for_annotation(field.annotation, domain, field)
        else:
            strategy = _optional(field.annotation, field, domain)
        (required if field.is_required() else optional)[name] = strategy
    return st.fixed_dictionaries({**required, **optional}).map(
        lambda d: {k: v for k, v in d.items() if v is not ABSENT})


def _cpts(domain: Domain) -> st.SearchStrategy[dict]:
    """A CPTS whose région holds one of its départements (the loader checks it)."""
    from macros.records.cpts.model import Cpts
    steps = [s for s in domain.referentiels["statuts"] if s != "non-renseigne"]

    def place(record: dict, departements: list[str], with_region: bool) -> dict:
        record = {**record, "departements": departements}
        record["region"] = domain.dept_region[departements[0]] if departements and with_region else None
        return record
    base = records(Cpts, domain, territoire=territories(domain), sources=st.lists(source_refs(domain), min_size=1, max_size=3),
                   gouvernance=st.just([]) | st.lists(officers(domain), max_size=2),
                   etapes=st.just(ABSENT) | st.dictionaries(st.sampled_from(steps), st.none() | partial_dates(), max_size=3))
    return st.builds(place, base, st.lists(st.sampled_from(domain.departements), max_size=3, unique=True), st.booleans())


def observatoire_datasets(domain: Domain) -> st.SearchStrategy[dict]:
    """A small edition of the observatoire: key figures, bars and time series, valid as the loader
    wants them (a share has a base, a time series has dates, a key figure has one value)."""
    def values(kind: str, unit: str) -> st.SearchStrategy[list[dict]]:
        number = st.integers(0, 100) if unit == "%" else st.integers(0, 10**6)
        if kind == "courbe":
            return st.lists(partial_dates(), min_size=1, max_size=4, unique=True).flatmap(
                lambda dates: st.tuples(*(number for _ in dates)).map(
                    lambda nums: [{"date": d, "valeur": n} for d, n in zip(dates, nums)]))
        size = 1 if kind == "chiffre" else 4
        return st.lists(text(1, 60), min_size=1, max_size=size, unique_by=lambda t: label_key(t)
                        ).filter(lambda labels: all(labels)).flatmap(
            lambda labels: st.tuples(*(number for _ in labels)).map(
                lambda nums: [{"categorie": c, "valeur": n} for c, n in zip(labels, nums)]))

    def indicator(ident: str) -> st.SearchStrategy[dict]:
        def build(kind: str, unit: str) -> st.SearchStrategy[dict]:
            series_count = 1 if kind == "chiffre" else 2
            series = st.lists(st.tuples(text(1, 80), values(kind, unit), st.booleans()), min_size=1, max_size=series_count,
                              unique_by=lambda t: label_key(t[0])).map(
                lambda items: [{**({"id": f"s{i}"} if with_id else {}), "libelle": label, "valeurs": vals}
                               for i, (label, vals, with_id) in enumerate(items)])
            fixed = {"id": st.just(ident), "titre": text(1, 300), "type": st.just(kind), "unite": st.just(unit),
                     "series": series, "source": source_refs(domain)}
            if kind != "courbe":
                fixed["date"] = partial_dates()
            if unit == "%":
                fixed["base"] = st.fixed_dictionaries({"libelle": text(1, 80)}, optional={"effectif": st.integers(1, 10**5)})
            return st.fixed_dictionaries(fixed, optional={"notes": st.lists(text(1, 200), max_size=2),
                                                          "incoherences": st.lists(text(1, 200), max_size=1),
                                                          "question": text(1, 300), "axe": text(1, 80)})
        return st.sampled_from(["chiffre", "barres", "barres-empilees", "courbe"]).flatmap(
            lambda kind: st.sampled_from(["nombre", "%"]).flatmap(lambda unit: build(kind, unit)))

    def headline(dataset: dict, wanted: bool) -> dict:
        """« a_la_une » names key figures only (type « chiffre »)."""
        if wanted:
            dataset["a_la_une"] = [i["id"] for i in dataset["indicateurs"] if i["type"] == "chiffre"]
        return dataset
    return st.builds(headline, st.fixed_dictionaries(
        {"collection": slugs(), "titre": text(1, 300), "producteur": text(1, 300), "perimetre": text(1, 300),
         "date": partial_dates(), "indicateurs": st.tuples(indicator("a"), indicator("b")).map(list)},
        optional={"libelle_edition": text(1, 40), "methode": text(0, 500)}), st.booleans())


def officers(domain: Domain) -> st.SearchStrategy[dict]:
    return st.fixed_dictionaries({"role": st.sampled_from(domain.referentiels["roles"]), "nom": text(1, 80),
                                  "date": partial_dates(), "source": source_refs(domain)})


def _figure(domain: Domain) -> st.SearchStrategy[dict]:
    return st.fixed_dictionaries({"valeur": st.integers(0, 100_000_000), "date": partial_dates(), "source": source_refs(domain)})


def _result(domain: Domain) -> st.SearchStrategy[dict]:
    return st.fixed_dictionaries({"libelle": text(1, 300), "valeur": st.integers(0, 10**6), "unite": text(1, 20),
                                  "periode": text(1, 40), "source": source_refs(domain)})


def _with_sources(model_name: str):
    def build(domain: Domain) -> st.SearchStrategy[dict]:
        model = _model(model_name)
        extra = {"sources": st.lists(source_refs(domain), min_size=1, max_size=2)}
        if model_name == "Evenement":
            return events(domain, records(model, domain, **extra, programme=st.just([])))
        if model_name == "Action":  # names its CPTS or who carries it; a main mission is not also secondary
            return records(model, domain, **extra).filter(
                lambda r: (r.get("cpts") or r.get("porteurs")) and r["mission"] not in r.get("missions_secondaires", []))
        if model_name == "Outil":  # a visitor is told where the resource is
            return records(model, domain, **extra).filter(lambda r: r.get("url") or r.get("document") or r.get("acces"))
        return records(model, domain, **extra)
    return build


def model_of(folder: str) -> type[BaseModel]:
    """The model of a record folder, as the site declares it (``macros/features.py``)."""
    from macros.features import FEATURES
    return next(f.schema for f in FEATURES if f.name == folder)


def _model(name: str) -> type[BaseModel]:
    return next(model_of(f) for f in ("actions", "evenements", "actualites", "outils", "faq", "glossaire", "appuis")
                if model_of(f).__name__ == name)


OVERRIDES = {
    "Cpts": _cpts,
    "SourceRef": source_refs,
    "Territory": territories,
    "Figure": _figure,
    "Officer": officers,
    "Result": _result,
    **{name: _with_sources(name) for name in ("Action", "Evenement", "Actualite", "Outil", "Question", "Term", "Appui")},
    "Area": lambda domain: area(domain),
}

"""Fuzzing every spider's pure parse functions with payloads of its source's shape.

Discovery, so a new spider is fuzzed without touching this file: in every module of `spiders/`,
each public `parse_*` function whose first parameter takes the decoded payload (annotated `Any`)
or the raw body (`bytes`). The templates are the spider's recorded responses
(`fixtures/cassettes/<spider>/`): a template belongs to a function when the function reads it
unmutated into at least one Listing. Hypothesis then drops fields, nulls them, gives them the
wrong type, makes them huge, or replaces whole subtrees with arbitrary JSON.

The property: the function returns Listings and Rejects (or raises PayloadError, "this response
as a whole is unusable"), never anything else; and every Listing survives the clean, normalize and
validate stages and can be stored (its raw payload is JSON).
"""

from __future__ import annotations

import copy
import dataclasses
import importlib
import inspect
import json
import pkgutil
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import spiders
from opportunities.items import Listing, Reject
from opportunities.replay import load_cassettes
from opportunities.sources import load_sources
from pipelines.clean import CleanPipeline
from pipelines.normalize import NormalizePipeline
from pipelines.validate import ValidatePipeline
from spiders._payload import PayloadError
from store.listings import jsonable
from tests.support import CASSETTES

# Examples per function: the parse contract is cheap to check; the pipeline (normalize) is not.
PARSE_EXAMPLES = 150
PIPELINE_EXAMPLES = 40
# A template's arrays are cut to this many elements: small examples, and Hypothesis can still
# reach every field of an element.
TEMPLATE_ITEMS = 3
PAYLOAD_PARAMETERS = {"Any": "json", "bytes": "bytes"}
# What the fuzzed functions get for their other required parameters, from the template.
ARGUMENTS: dict[str, Callable[[str, Any], Any]] = {
    "board": lambda module, _: _board(module),
    "now": lambda *_: datetime(2026, 7, 1, tzinfo=UTC),
    "company": lambda *_: None,
    # Hacker News: the thread whose top-level comments are the postings.
    "story_id": lambda _, template: str(
        Counter(hit.get("parent_id") for hit in template.get("hits", [])
                if isinstance(hit, dict)).most_common(1)[0][0]
    ) if isinstance(template, dict) and template.get("hits") else "1",
}  # fmt: skip


def _board(module: str) -> str:
    """The first board sources.toml lists for the spider (Workday boards are URLs), else a name."""
    config = load_sources().get(module)
    return config.boards[0] if config is not None and config.boards else "fuzz"


@dataclasses.dataclass(frozen=True)
class Target:
    module: str
    function: str
    payload: str  # "json" or "bytes"

    @property
    def id(self) -> str:
        return f"{self.module}.{self.function}"

    def callable(self) -> Callable[..., Any]:
        return getattr(importlib.import_module(f"spiders.{self.module}"), self.function)


def spider_modules() -> list[str]:
    modules = pkgutil.iter_modules(spiders.__path__)
    return sorted(module.name for module in modules if not module.name.startswith("_"))


def discover() -> list[Target]:
    targets = []
    for name in spider_modules():
        module = importlib.import_module(f"spiders.{name}")
        for function_name, function in inspect.getmembers(module, inspect.isfunction):
            if function.__module__ != module.__name__ or not function_name.startswith("parse_"):
                continue
            parameters = list(inspect.signature(function).parameters.values())
            kind = PAYLOAD_PARAMETERS.get(str(parameters[0].annotation)) if parameters else None
            if kind:
                targets.append(Target(name, function_name, kind))
    return targets


def _trim(value: Any) -> Any:
    if isinstance(value, list):
        return [_trim(item) for item in value[:TEMPLATE_ITEMS]]
    if isinstance(value, dict):
        return {key: _trim(item) for key, item in value.items()}
    return value


@cache
def recorded_bodies(module: str) -> list[bytes]:
    folder = CASSETTES / module
    if not folder.is_dir():
        return []
    bodies = []
    for _, response in load_cassettes(folder):
        body = response["body"]["string"] or b""
        bodies.append(body.encode("utf-8") if isinstance(body, str) else body)
    return bodies


def _listing_argument(target: Target) -> Listing | None:
    """A Listing for functions that complete one (detail parsers): the first the module's own
    page parsers read from its recordings."""
    for other in discover():
        if other.module != target.module or other == target:
            continue
        for template in templates(other):
            try:
                items = outputs(call(other, template, listing=None))
            except Exception:
                continue
            listing = next((item for item in items if isinstance(item, Listing)), None)
            if listing is not None:
                return listing
    return None


def call(target: Target, payload: Any, *, listing: Listing | None, template: Any = None) -> Any:
    function = target.callable()
    arguments: dict[str, Any] = {}
    for parameter in list(inspect.signature(function).parameters.values())[1:]:
        if parameter.name == "listing":
            arguments["listing"] = copy.deepcopy(listing)
        elif parameter.name in ARGUMENTS:
            arguments[parameter.name] = ARGUMENTS[parameter.name](
                target.module, payload if template is None else template
            )
        elif parameter.default is inspect.Parameter.empty:
            raise TypeError(f"{target.id}: no value for required parameter {parameter.name!r}")
    if arguments.get("listing", True) is None:
        raise TypeError(f"{target.id}: no listing to complete")
    return function(payload, **arguments)


def outputs(result: Any) -> list[Any]:
    """The items a parse function produced: itself, its iteration, or the items of a page
    object (a dataclass holding them)."""
    if isinstance(result, Listing | Reject):
        return [result]
    if dataclasses.is_dataclass(result) and not isinstance(result, type):
        items: list[Any] = []
        for field in dataclasses.fields(result):
            value = getattr(result, field.name)
            if isinstance(value, Listing | Reject):
                items.append(value)
            elif isinstance(value, list | tuple) and any(
                isinstance(item, Listing | Reject) for item in value
            ):
                items.extend(value)
        return items
    if isinstance(result, Iterable) and not isinstance(result, str | bytes | dict):
        return list(result)
    return [result]


@cache
def templates(target: Target) -> tuple[Any, ...]:
    """The recorded bodies this function reads into at least one Listing, trimmed."""
    found = []
    for body in recorded_bodies(target.module):
        if target.payload == "json":
            try:
                payload = _trim(json.loads(body))
            except ValueError:
                continue
        else:
            payload = body
        try:
            items = outputs(call(target, payload, listing=_listing_argument(target)))
        except Exception:
            continue
        if any(isinstance(item, Listing) for item in items):
            found.append(payload)
    return tuple(found)


# Strategies --------------------------------------------------------------------------------


def _nested(depth: int) -> Any:
    value: Any = {}
    for _ in range(depth):
        value = [value]
    return value


scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**63), max_value=2**63),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
)
any_json = st.recursive(
    scalars,
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=12,
)
huge = st.one_of(
    st.just("x" * 20_000),
    st.just("<p>" + "Paid internship, 3 months, €1.200/Monat. " * 400 + "</p>"),
    st.just(10**30),
    st.just(-(10**30)),
    st.just(1e308),
    st.just(list(range(2_000))),
    st.just({f"k{index}": index for index in range(2_000)}),
    st.just(_nested(200)),
    st.just("\u202e\u0000\ufeff\U0001f600" * 100),
)
MUTATIONS = ("drop", "null", "wrong_type", "huge", "empty", "wrap_in_list", "unwrap")


def paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, item in value.items():
            found.extend(paths(item, (*prefix, key)))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found.extend(paths(item, (*prefix, index)))
    return found


def _get(value: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        value = value[step]
    return value


def mutate(template: Any, path: tuple[Any, ...], mutation: str, replacement: Any) -> Any:
    """`template` with the node at `path` mutated (a copy; a path that no longer exists is
    left alone)."""
    root = {"": copy.deepcopy(template)}
    path = ("", *path)
    try:
        parent = _get(root, path[:-1])
        current = parent[path[-1]]
    except (KeyError, IndexError, TypeError):
        return root[""]
    if mutation == "drop" and isinstance(parent, dict) and len(path) > 1:
        del parent[path[-1]]
    elif mutation == "drop" and isinstance(parent, list):
        parent.pop(path[-1])
    elif mutation == "null":
        parent[path[-1]] = None
    elif mutation in ("wrong_type", "huge"):
        parent[path[-1]] = replacement
    elif mutation == "empty":
        parent[path[-1]] = type(current)() if isinstance(current, list | dict | str) else ""
    elif mutation == "wrap_in_list":
        parent[path[-1]] = [current]
    elif mutation == "unwrap" and isinstance(current, list | dict) and current:
        parent[path[-1]] = next(iter(current.values() if isinstance(current, dict) else current))
    return root[""]


@st.composite
def mutated_json(draw: st.DrawFn, template: Any) -> Any:
    if draw(st.integers(0, 19)) == 0:
        return draw(any_json)
    value = template
    for _ in range(draw(st.integers(1, 6))):
        where = paths(value)
        path = draw(st.sampled_from(where))
        mutation = draw(st.sampled_from(MUTATIONS))
        replacement = draw(huge if mutation == "huge" else any_json)
        value = mutate(value, path, mutation, replacement)
    return value


@st.composite
def mutated_bytes(draw: st.DrawFn, template: bytes) -> bytes:
    choice = draw(st.integers(0, 4))
    if choice == 0:
        return draw(st.binary(max_size=200))
    body = template
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(body)))
        end = draw(st.integers(start, min(len(body), start + 400)))
        insert = draw(st.one_of(st.binary(max_size=20), st.sampled_from(
            [b"", b"<", b">", b"&", b"]]>", b"<![CDATA[", b"</position>", b"\xff\xfe", b"\x00",
             b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">]>', b"&a;", b"&nosuch;", b"x" * 20_000])
        ))  # fmt: skip
        body = body[:start] + insert + body[end:]
    return body


# The properties ----------------------------------------------------------------------------


def parsed(target: Target, payload: Any, listing: Listing | None, template: Any) -> list[Any]:
    """What the function made of `payload`: Listings and Rejects (empty for PayloadError)."""
    try:
        items = outputs(call(target, payload, listing=listing, template=template))
    except PayloadError:
        return []
    for item in items:
        assert isinstance(item, Listing | Reject), f"{target.id} produced {type(item).__name__}"
        if isinstance(item, Reject):
            assert isinstance(item.reason, str) and item.reason
            json.dumps(jsonable(item.payload), default=str)
        else:
            json.dumps(jsonable(item.raw))
            json.dumps(jsonable(item.hints))
    return items


STAGES = (CleanPipeline(), NormalizePipeline(), ValidatePipeline())


def through_the_pipeline(items: list[Any]) -> None:
    """Each item goes through clean → normalize → validate as in a crawl and comes out a
    Listing or a Reject: an exception there would drop it, neither stored nor rejected."""
    for item in items:
        for stage in STAGES:
            item = stage.process_item(item)
        assert isinstance(item, Listing | Reject)


TARGETS = discover()
DRIFTS: dict[str, Callable[[Any], Any]] = {
    "a list": lambda value: [value],
    "a number": lambda value: 7,
    "a boolean": lambda value: True,
    "an object": lambda value: {"value": value},
}


def drifted(template: Any) -> Iterator[tuple[str, Any]]:
    """The template with one field of a posting given another type, field by field (only the
    first two elements of an array: the first may be a notice, not a posting)."""
    for path in paths(template):
        if not path or any(isinstance(step, int) and step > 1 for step in path):
            continue
        value = _get(template, path)
        for kind, change in DRIFTS.items():
            if (kind, type(value)) in (("a list", list), ("an object", dict)):
                continue
            described = "/".join(map(str, path))
            yield f"{described} as {kind}", mutate(template, path, "wrong_type", change(value))


def type_drift_failures(target: Target) -> list[str]:
    """Each single-field type change that breaks the parse contract or the pipeline."""
    needs_listing = "listing" in inspect.signature(target.callable()).parameters
    listing = _listing_argument(target) if needs_listing else None
    failures = []
    for template in templates(target):
        if target.payload != "json":
            continue
        for described, payload in drifted(_first_items(template)):
            try:
                through_the_pipeline(parsed(target, payload, listing, template))
            except Exception as error:
                failures.append(f"{described}: {type(error).__name__}: {error}"[:300])
    return failures


def _first_items(value: Any) -> Any:
    if isinstance(value, list):
        return [_first_items(item) for item in value[:2]]
    if isinstance(value, dict):
        return {key: _first_items(item) for key, item in value.items()}
    return value


def test_discovery_finds_the_parse_functions() -> None:
    """Every spider module exposes a fuzzable pure parse function (convention:
    `parse_*(data: Any, *, board: str, …)` for a decoded JSON response, `parse_*(body: bytes,
    …)` for a raw body)."""
    found = {target.module for target in TARGETS}
    assert {"greenhouse", "lever", "smartrecruiters", "arbeitnow"} <= found
    unfuzzed = sorted(set(spider_modules()) - found)
    assert len(unfuzzed) <= len(spider_modules()) // 3, unfuzzed


def _fuzz(target: Target, check: Callable[[list[Any]], None], examples: int) -> None:
    samples = templates(target)
    if not samples:
        pytest.skip(f"no recorded response of {target.module} that {target.id} reads")
    needs_listing = "listing" in inspect.signature(target.callable()).parameters
    listing = _listing_argument(target) if needs_listing else None
    mutated = mutated_json if target.payload == "json" else mutated_bytes
    strategy = st.sampled_from(samples).flatmap(
        lambda template: st.tuples(st.just(template), mutated(template))
    )

    @settings(
        max_examples=examples,
        deadline=None,
        database=None,
        derandomize=True,  # the same examples on every run: no flaky CI
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )
    @given(case=strategy)
    def fuzz(case: tuple[Any, Any]) -> None:
        template, payload = case
        check(parsed(target, payload, listing, template))

    fuzz()


def _ids(target: Target) -> str:
    return target.id


@pytest.mark.parametrize("target", TARGETS, ids=_ids)
def test_parse_functions_return_listings_or_rejects(target: Target) -> None:
    _fuzz(target, lambda items: None, PARSE_EXAMPLES)


@pytest.mark.parametrize("target", TARGETS, ids=_ids)
def test_a_field_of_another_type_is_stored_or_rejected(target: Target) -> None:
    if not any(target.payload == "json" for _ in templates(target)):
        pytest.skip(f"no JSON template for {target.id}")
    assert type_drift_failures(target) == []


@pytest.mark.parametrize("target", TARGETS, ids=_ids)
def test_parsed_listings_survive_the_pipeline(target: Target) -> None:
    _fuzz(target, through_the_pipeline, PIPELINE_EXAMPLES)

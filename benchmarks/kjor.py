"""Benchmark runner: times handbok on a typical and a large synthetic handbook and checks the targets.

    python benchmarks/kjor.py                     # full sizes (about 10–15 minutes on 2 cores)
    python benchmarks/kjor.py --liten             # tiny sizes, seconds (the smoke test)
    python benchmarks/kjor.py --json resultat.json --hopp-over-bygg
    python benchmarks/forhandsvisning.py MAPPE [--gammel]   # the preview alone, on one handbook

Every command is timed the way a user meets it: a fresh `handbok` subprocess. "Kald" means no cache
(the cache file in .git/ is deleted first); "varm" means the cache from the previous run is there.
The floor is the least any checker must do: PyYAML's C loader over the same front matter and plan,
in a fresh subprocess, and nothing else. Page generation and the one-pass git history are timed
in-process (they are library calls); `git log -1` per file is what common MkDocs git-date plugins do.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Sequence, TypeVar

import yaml

from handbok.site.build import page_input
from handbok.site.pages import generate_pages, write_pages

sys.path.insert(0, str(Path(__file__).resolve().parent))
from forhandsvisning import mal_forhandsvisning  # noqa: E402
from generer import DATO, generer  # noqa: E402
from sok import mal_apning, mal_sok  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
T = TypeVar("T")
MAL_SIDE_KB = 100.0
# Gzipped HTML at 2 000 routines × 150 tjenestesteder (issue 13): what a phone downloads for one page.
MAL_RUTINESIDE_GZ_KB = 15.0
MAL_STEDSSIDE_GZ_KB = 30.0
MAL_STATUSSIDE_GZ_KB = 100.0
MAL_FORHANDSVISNING_S = 10.0  # "a few seconds" after saving one routine at 2 000 routines, on a busy 2-core machine
MIB = 1024 * 1024

FLOOR_SCRIPT = """
import sys, pathlib, yaml
root = pathlib.Path(sys.argv[1])
for folder in ("rutiner", "funksjonsbeskrivelser"):
    for path in sorted((root / folder).glob("*.md")):
        text = path.read_text(encoding="utf-8")
        end = text.index("\\n---\\n", 4)
        yaml.load(text[4:end], Loader=yaml.CSafeLoader)
yaml.load((root / "implementeringsplan.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
for path in sorted((root / "implementering").glob("*.yaml")):
    yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
"""


@dataclass(frozen=True)
class Storrelse:
    navn: str
    rutiner: int
    funksjoner: int
    tjenestesteder: int
    per_sted: int
    commits: int

    def beskrivelse(self) -> str:
        return (f"{self.rutiner} rutiner, {self.funksjoner} roller, {self.tjenestesteder} tjenestesteder × "
                f"{self.per_sted} = {self.tjenestesteder * self.per_sted} registreringer, {self.commits} commits")


FULL = (Storrelse("typisk", 100, 30, 12, 100, 300), Storrelse("stor", 2000, 300, 150, 300, 3000))
# One tenth of the large handbook in routines, roles, records and commits; the same sites.
FULL_BYGG_200 = Storrelse("bygg-200", 200, 30, 150, 30, 300)
LITEN = (Storrelse("typisk", 12, 6, 3, 8, 20), Storrelse("stor", 40, 10, 4, 20, 60))
LITEN_BYGG_200 = Storrelse("bygg-200", 10, 6, 4, 5, 20)

PER_STORRELSE = (  # key suffix, label, unit
    ("generer_s", "Generere håndboka", "s"),
    ("gulv_s", "Gulv: PyYAML C-laster", "s"),
    ("sjekk_kald_s", "sjekk, kald", "s"),
    ("sjekk_varm_s", "sjekk, varm (uendret)", "s"),
    ("sjekk_etter_endring_s", "sjekk etter én endret rutine", "s"),
    ("status_kald_s", "status, kald", "s"),
    ("status_varm_s", "status, varm", "s"),
    ("sjekk_minne_mib", "Minne, sjekk kald (maks RSS)", "MiB"),
    ("inn_sjekk_s", "I prosess: laste + sjekke", "s"),
    ("inn_status_s", "I prosess: beregne status", "s"),
    ("historikk_en_gang_s", "Historikk, én gjennomgang", "s"),
    ("historikk_per_fil_s", "Historikk, git log per fil", "s"),
    ("sammenligninger_s", "Hva er endret: gamle tekster fra git", "s"),
    ("sider_s", "Generere sider", "s"),
    ("skriv_sider_s", "Skrive sider", "s"),
    ("storste_rutineside_md_kb", "Største rutineside (Markdown)", "KB"),
)
BYGG = (
    ("bygg_200_s", "handbok bygg, 200 rutiner", "s"),
    ("bygg_2000_s", "handbok bygg, 2 000 rutiner", "s"),
    ("nettsted_200_mb", "Nettstedet, 200 rutiner", "MB"),
    ("nettsted_2000_mb", "Nettstedet, 2 000 rutiner", "MB"),
    ("sider_2000", "Sider (HTML), 2 000 rutiner", "stk"),
    ("sokeindeks_2000_mb", "Søkeindeksen (Pagefind), 2 000 rutiner", "MB"),
    ("storste_rutineside_kb", "Største rutineside (HTML), 2 000", "KB"),
    ("egen_arbeid_2000_s", "Eget arbeid (laste, sjekke, utlede, generere)", "s"),
    ("egen_andel_2000", "Eget arbeid / bygg(2000)", "%"),
    ("rutineside_gz_2000_kb", "Største rutineside, gzip, 2 000", "KB"),
    ("stedsside_gz_2000_kb", "Største tjenestestedsside, gzip, 2 000", "KB"),
    ("statusside_gz_2000_kb", "Statusoversikten, gzip, 2 000", "KB"),
    ("statusside_apnes_2000_s", "Statusoversikten åpnes (Chromium, PC)", "s"),
    ("tjenestearbeider_2000_kb", "sw.js, 2 000 rutiner", "KB"),
)
REGION = (  # handbok region over 20 generated handbooks × 300 routines (benchmarks/region.py)
    ("region_s", "handbok region, 20 håndbøker × 300 rutiner", "s"),
)
SOK = (  # sok/?q=fall in Chromium over 400 ms / 50 KB/s, cold cache (benchmarks/sok.py)
    ("sok_eksempel_s", "Første søketreff, eksempelhåndboka", "s"),
    ("sok_eksempel_kb", "Overført før første treff, eksempel", "KB"),
    ("sok_2000_s", "Første søketreff, 2 000 rutiner", "s"),
    ("sok_2000_kb", "Overført før første treff, 2 000", "KB"),
)
FORHANDSVISNING = (  # `handbok forhandsvis`: from saving one routine until its page is served (forhandsvisning.py)
    ("forhandsvisning_200_forste_s", "Forhåndsvisning, første bygging, 200", "s"),
    ("forhandsvisning_200_brodtekst_s", "Forhåndsvisning, endret brødtekst, 200", "s"),
    ("forhandsvisning_200_tittel_s", "Forhåndsvisning, endret tittel, 200", "s"),
    ("forhandsvisning_2000_forste_s", "Forhåndsvisning, første bygging, 2 000", "s"),
    ("forhandsvisning_2000_brodtekst_s", "Forhåndsvisning, endret brødtekst, 2 000", "s"),
    ("forhandsvisning_2000_tittel_s", "Forhåndsvisning, endret tittel, 2 000", "s"),
)
MALINGER: tuple[str, ...] = tuple(f"{s}_{k}" for s in ("typisk", "stor") for k, _, _ in PER_STORRELSE) + tuple(
    k for k, _, _ in (*BYGG, *SOK, *REGION, *FORHANDSVISNING))

Maalinger = dict[str, float | None]


@dataclass(frozen=True)
class Kjoring:
    sekunder: float
    minne_mib: float
    kode: int
    utdata: str


@dataclass(frozen=True)
class Maal:
    navn: str
    maalt: float | None
    sammenligning: str  # "≤" or "≥"
    grense: float

    @property
    def resultat(self) -> str:
        if self.maalt is None:
            return "IKKE MÅLT"
        ok = self.maalt <= self.grense if self.sammenligning == "≤" else self.maalt >= self.grense
        return "PASS" if ok else "FAIL"


# --- running things -------------------------------------------------------------------------------

def kjor(cmd: Sequence[str], cwd: Path | None = None) -> Kjoring:
    """Run one subprocess; wall time and the peak memory of that process alone (os.wait4)."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        process = subprocess.Popen(list(cmd), cwd=cwd, stdout=out, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        text = out.read().decode("utf-8", "replace")
    return Kjoring(seconds, usage.ru_maxrss * 1024 / MIB, process.returncode, text)


def handbok_cmd(root: Path, *args: str) -> list[str]:
    script = REPO / ".venv" / "bin" / "handbok"
    if not script.exists():
        script = Path(sys.executable).parent / "handbok"
    return [str(script), "--rot", str(root), *args]


def tom_mellomlager(root: Path) -> None:
    for path in (root / ".git").glob("handbok-cache*"):
        path.unlink()


def tidtaking(work: Callable[[], Any]) -> tuple[Any, float]:
    start = time.perf_counter()
    result = work()
    return result, time.perf_counter() - start


def beste(gjentak: int, work: Callable[[], Kjoring]) -> Kjoring:
    return min((work() for _ in range(gjentak)), key=lambda k: k.sekunder)


def melding(text: str) -> None:
    print(text, file=sys.stderr, flush=True)


# --- the measurements -----------------------------------------------------------------------------

def mal_storrelse(storrelse: Storrelse, root: Path, gjentak: int, merknader: list[str]) -> Maalinger:
    p = storrelse.navn
    m: Maalinger = {}
    melding(f"[{p}] lager håndboka: {storrelse.beskrivelse()}")
    m[f"{p}_generer_s"] = tidtaking(lambda: generer(root, storrelse.rutiner, storrelse.funksjoner,
                                                    storrelse.tjenestesteder, storrelse.per_sted,
                                                    storrelse.commits))[1]
    dato = DATO.isoformat()
    melding(f"[{p}] gulv, sjekk og status")
    m[f"{p}_gulv_s"] = beste(gjentak, lambda: kjor([sys.executable, "-c", FLOOR_SCRIPT, str(root)])).sekunder

    def kald(*args: str) -> Kjoring:
        tom_mellomlager(root)
        return _ok(kjor(handbok_cmd(root, *args)), args[0], merknader)

    sjekk = ("sjekk", "--dato", dato)
    cold = beste(gjentak, lambda: kald(*sjekk))
    m[f"{p}_sjekk_kald_s"], m[f"{p}_sjekk_minne_mib"] = cold.sekunder, cold.minne_mib
    m[f"{p}_sjekk_varm_s"] = beste(gjentak, lambda: _ok(kjor(handbok_cmd(root, *sjekk)), "sjekk", merknader)).sekunder
    m[f"{p}_sjekk_etter_endring_s"] = _etter_endring(root, sjekk, gjentak, merknader)
    m[f"{p}_status_kald_s"] = beste(gjentak, lambda: kald("status", "--dato", dato)).sekunder
    m[f"{p}_status_varm_s"] = beste(
        gjentak, lambda: _ok(kjor(handbok_cmd(root, "status", "--dato", dato)), "status", merknader)).sekunder
    melding(f"[{p}] i prosess: sjekk, status, historikk og sider")
    m.update(_i_prosess(p, root))
    melding(f"[{p}] git log per fil")
    m[f"{p}_historikk_per_fil_s"] = _git_log_per_fil(root)
    return m


def _ok(run: Kjoring, what: str, merknader: list[str]) -> Kjoring:
    if run.kode != 0:
        merknader.append(f"handbok {what} ga exit-kode {run.kode}: {run.utdata.strip().splitlines()[-1:]}")
    return run


def _etter_endring(root: Path, sjekk: Sequence[str], gjentak: int, merknader: list[str]) -> float:
    """Edit one line of one routine's body (a different edit each time), run sjekk, then restore the file."""
    files = sorted((root / "rutiner").glob("*.md"))
    target = files[len(files) // 2]
    original = target.read_text(encoding="utf-8")
    _ok(kjor(handbok_cmd(root, *sjekk)), "sjekk", merknader)  # the cache holds the unedited handbook
    times = []
    try:
        for n in range(gjentak):
            target.write_text(original.rstrip("\n") + f" Oppdatert etter evaluering {n + 1}.\n", encoding="utf-8")
            times.append(_ok(kjor(handbok_cmd(root, *sjekk)), "sjekk", merknader).sekunder)
    finally:
        target.write_text(original, encoding="utf-8")
    return min(times)


def _i_prosess(p: str, root: Path) -> Maalinger:
    m: Maalinger = {}
    names = {"sjekk": "inn_sjekk_s", "status": "inn_status_s", "historikk": "historikk_en_gang_s",
             "sammenligninger": "sammenligninger_s"}

    def timer(name: str, work: Callable[[], T]) -> T:
        value, m[f"{p}_{names[name]}"] = tidtaking(work)
        return value

    made = page_input(root, DATO, timer=timer)
    pages, m[f"{p}_sider_s"] = tidtaking(
        lambda: generate_pages(made.result.handbok, made.status, made.git, DATO, REPO / "docs"))
    with tempfile.TemporaryDirectory(prefix="handbok-sider-") as build:
        m[f"{p}_skriv_sider_s"] = tidtaking(lambda: write_pages(pages, Path(build)))[1]
    sizes = [len(text.encode("utf-8") if isinstance(text, str) else text) for rel, text in pages.items()
             if rel.split("/")[0] in ("rutiner", "arkiv") and not rel.endswith("index.md")]
    m[f"{p}_storste_rutineside_md_kb"] = max(sizes) / 1000 if sizes else None
    return m


def _git_log_per_fil(root: Path) -> float | None:
    if not (root / ".git").is_dir():
        return None
    files = sorted(f"rutiner/{path.name}" for path in (root / "rutiner").glob("*.md"))
    start = time.perf_counter()
    for rel in files:
        subprocess.run(["git", "log", "-1", "--format=%aI", "--", rel], cwd=root, check=True, capture_output=True)
    return time.perf_counter() - start


def mal_bygg(root_200: Path, storrelse_200: Storrelse, root_2000: Path, stor: Maalinger,
             merknader: list[str]) -> Maalinger:
    m: Maalinger = {k: None for k, _, _ in BYGG}
    melding(f"[bygg-200] lager håndboka: {storrelse_200.beskrivelse()}")
    generer(root_200, storrelse_200.rutiner, storrelse_200.funksjoner, storrelse_200.tjenestesteder,
            storrelse_200.per_sted, storrelse_200.commits)
    for key, root in (("200", root_200), ("2000", root_2000)):
        melding(f"[bygg-{key}] handbok bygg")
        _site_files(root)
        run = kjor(handbok_cmd(root, "bygg", "--dato", DATO.isoformat()))
        if run.kode != 0:
            merknader.append(f"bygg ({key}) ga exit-kode {run.kode}: {run.utdata.strip()[-500:]}")
            continue
        m[f"bygg_{key}_s"] = run.sekunder
        m[f"nettsted_{key}_mb"] = _size(root / "site") / 1e6
    site = root_2000 / "site"
    if m["bygg_2000_s"] is not None:
        m["sider_2000"] = float(len(list(site.rglob("*.html"))))
        index = site / "pagefind"
        m["sokeindeks_2000_mb"] = _size(index) / 1e6 if index.exists() else None
        pages = [p for folder in ("rutiner", "arkiv") for p in (site / folder).glob("*/index.html")]
        m["storste_rutineside_kb"] = max(p.stat().st_size for p in pages) / 1000 if pages else None
        m.update(_vekt(site))
        own = [stor.get(f"stor_{k}") for k in ("inn_sjekk_s", "inn_status_s", "historikk_en_gang_s",
                                                "sammenligninger_s", "sider_s", "skriv_sider_s")]
        if all(v is not None for v in own):
            total = sum(v for v in own if v is not None)
            m["egen_arbeid_2000_s"], m["egen_andel_2000"] = total, total / m["bygg_2000_s"]
    return m


def _vekt(site: Path) -> Maalinger:
    """The gzipped size of the largest routine page and site page and of the status overview, how long
    the overview takes to open, and the offline worker's size."""
    routines = [p for folder in ("rutiner", "arkiv") for p in (site / folder).glob("*/index.html")]
    sites = list((site / "tjenestesteder").glob("*/index.html"))
    return {"rutineside_gz_2000_kb": max(map(_gz_kb, routines), default=None),
            "stedsside_gz_2000_kb": max(map(_gz_kb, sites), default=None),
            "statusside_gz_2000_kb": _gz_kb(site / "status" / "index.html"),
            "statusside_apnes_2000_s": mal_apning(site, "status/"),
            "tjenestearbeider_2000_kb": (site / "sw.js").stat().st_size / 1000}


def _gz_kb(page: Path) -> float:
    return len(gzip.compress(page.read_bytes(), compresslevel=9)) / 1000


def mal_sok_bygg(eksempel: Path, root_2000: Path, merknader: list[str]) -> Maalinger:
    """The first search result on the example handbook (built here) and on the large built one."""
    m: Maalinger = {k: None for k, _, _ in SOK}
    for name in ("rutiner", "funksjonsbeskrivelser", "implementering", "vedlegg"):
        shutil.copytree(REPO / name, eksempel / name)
    shutil.copyfile(REPO / "implementeringsplan.yaml", eksempel / "implementeringsplan.yaml")
    _site_files(eksempel)
    melding("[søk] handbok bygg av eksempelhåndboka")
    run = kjor(handbok_cmd(eksempel, "bygg", "--dato", DATO.isoformat()))
    for key, root in (("eksempel", eksempel), ("2000", root_2000)):
        if not (root / "site" / "sok" / "index.html").is_file():
            merknader.append(f"søket ({key}) er ikke målt: nettstedet ble ikke bygget ({run.utdata.strip()[-300:]})")
            continue
        melding(f"[søk-{key}] sok/?q=fall i Chromium, 400 ms / 50 KB/s, kald")
        sok = mal_sok(root / "site")
        m[f"sok_{key}_s"], m[f"sok_{key}_kb"] = sok.forste_treff_s, sok.kb
    return m


def mal_region_kjoring(folder: Path, liten: bool, merknader: list[str]) -> float | None:
    """`handbok region` over 20 handbooks × 300 routines (3 × 20 with --liten)."""
    from region import FULL, LITEN, mal_region  # benchmarks/region.py imports this module: import it late

    handboker, rutiner = LITEN if liten else FULL
    melding(f"[region] {handboker} håndbøker × {rutiner} rutiner, handbok region")
    folder.mkdir()
    try:
        return mal_region(folder, handboker, rutiner)["region_s"]
    except RuntimeError as error:
        merknader.append(str(error))
        return None


def mal_forhandsvisninger(root_200: Path, root_2000: Path, merknader: list[str]) -> Maalinger:
    """`handbok forhandsvis` on the two built handbooks: first build, then one body edit and one title edit."""
    m: Maalinger = {k: None for k, _, _ in FORHANDSVISNING}
    for key, root in (("200", root_200), ("2000", root_2000)):
        melding(f"[forhåndsvisning-{key}] handbok forhandsvis, én endret rutine")
        try:
            maling = mal_forhandsvisning(root)
        except (RuntimeError, TimeoutError) as error:
            merknader.append(f"forhåndsvisningen ({key}) er ikke målt: {str(error)[-300:]}")
            continue
        m[f"forhandsvisning_{key}_forste_s"] = maling.forste_bygg_s
        m[f"forhandsvisning_{key}_brodtekst_s"] = maling.brodtekst_s
        m[f"forhandsvisning_{key}_tittel_s"] = maling.tittel_s
        if maling.bygg_per_endring > 2:  # one for the edited page, one for what is made after it
            merknader.append(f"forhåndsvisningen ({key}) bygget {maling.bygg_per_endring} ganger for én lagring")
    return m


def _site_files(root: Path) -> None:
    """What a handbook repository needs besides its data to build the site: mkdocs.yml (naming the
    installed `handbok` plugin), handbok.yaml (the search's synonyms; not the example's competence form,
    whose areas name the example's roles and routines) and docs/."""
    shutil.copytree(REPO / "docs", root / "docs", dirs_exist_ok=True)
    shutil.copyfile(REPO / "mkdocs.yml", root / "mkdocs.yml")
    settings = yaml.safe_load((REPO / "handbok.yaml").read_text(encoding="utf-8"))
    settings.pop("kompetanse", None)
    (root / "handbok.yaml").write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    for generated in ("site", "build"):
        shutil.rmtree(root / generated, ignore_errors=True)


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


# --- targets and output ---------------------------------------------------------------------------

def _ratio(a: float | None, b: float | None) -> float | None:
    return a / b if a is not None and b else None


def maal(m: Maalinger) -> list[Maal]:
    page = m["storste_rutineside_kb"] if m["storste_rutineside_kb"] is not None else m["stor_storste_rutineside_md_kb"]
    return [
        Maal("Kald sjekk (stor) / gulvet", _ratio(m["stor_sjekk_kald_s"], m["stor_gulv_s"]), "≤", 1.5),
        Maal("Sjekk etter én endring / kald sjekk (stor)",
             _ratio(m["stor_sjekk_etter_endring_s"], m["stor_sjekk_kald_s"]), "≤", 0.25),
        Maal("Historikk: per fil / én gjennomgang (stor)",
             _ratio(m["stor_historikk_per_fil_s"], m["stor_historikk_en_gang_s"]), "≥", 50),
        Maal("bygg(2000) / bygg(200)", _ratio(m["bygg_2000_s"], m["bygg_200_s"]), "≤", 12),
        Maal("Nettstedets størrelse 2000 / 200", _ratio(m["nettsted_2000_mb"], m["nettsted_200_mb"]), "≤", 12),
        Maal("Største rutineside (KB)", page, "≤", MAL_SIDE_KB),
        Maal("Eget arbeid / bygg(2000)", m["egen_andel_2000"], "≤", 0.20),
        Maal("Minne, kald sjekk (stor), MiB", m["stor_sjekk_minne_mib"], "≤", 1024),
        Maal("Første søketreff, 2 000 rutiner, 400 ms / 50 KB/s (s)", m["sok_2000_s"], "≤", 6),
        Maal("Overført før første søketreff, 2 000 rutiner (KB)", m["sok_2000_kb"], "≤", 250),
        Maal("Største rutineside, gzip, 2 000 rutiner (KB)", m["rutineside_gz_2000_kb"], "≤", MAL_RUTINESIDE_GZ_KB),
        Maal("Største tjenestestedsside, gzip, 2 000 rutiner (KB)", m["stedsside_gz_2000_kb"], "≤",
             MAL_STEDSSIDE_GZ_KB),
        Maal("Statusoversikten, gzip, 2 000 rutiner (KB)", m["statusside_gz_2000_kb"], "≤", MAL_STATUSSIDE_GZ_KB),
        Maal("Statusoversikten åpnes på PC (s)", m["statusside_apnes_2000_s"], "≤", 2),
        Maal("Forhåndsvisning etter endret brødtekst, 2 000 rutiner (s)", m["forhandsvisning_2000_brodtekst_s"],
             "≤", MAL_FORHANDSVISNING_S),
    ]


def _fmt(value: float | None, unit: str = "") -> str:
    if value is None:
        return "–"
    if unit == "%":
        return f"{value * 100:.1f} %"
    if unit == "stk":
        return f"{value:,.0f}".replace(",", " ")
    return f"{value:,.3f}".replace(",", " ") if value < 10 else f"{value:,.1f}".replace(",", " ")


def tabell(m: Maalinger, storrelser: Sequence[Storrelse], targets: Sequence[Maal], merknader: Sequence[str]) -> str:
    typisk, stor = storrelser
    rows = [("Måling", "Enhet", f"Typisk ({typisk.rutiner})", f"Stor ({stor.rutiner})")]
    rows += [(label, unit, _fmt(m[f"typisk_{k}"], unit), _fmt(m[f"stor_{k}"], unit)) for k, label, unit in PER_STORRELSE]
    rows += [(label, unit, "", _fmt(m[k], unit)) for k, label, unit in (*BYGG, *SOK, *FORHANDSVISNING, *REGION)]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = [f"{r[0]:<{widths[0]}}  {r[1]:<{widths[1]}}  {r[2]:>{widths[2]}}  {r[3]:>{widths[3]}}" for r in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    lines += ["", "Mål:"]
    for t in targets:
        lines.append(f"  {t.resultat:<9}  {t.navn}: {_fmt(t.maalt, 'x')} (mål {t.sammenligning} {t.grense:g})")
    lines += [f"Merk: {n}" for n in merknader]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Mål handbok på en typisk og en stor syntetisk håndbok.")
    parser.add_argument("--liten", action="store_true", help="små størrelser (røyktest, sekunder)")
    parser.add_argument("--json", type=Path, metavar="FIL", help="skriv målingene som JSON hit")
    parser.add_argument("--hopp-over-bygg", action="store_true", help="ikke mål handbok bygg")
    args = parser.parse_args(argv)
    storrelser, bygg_200 = (LITEN, LITEN_BYGG_200) if args.liten else (FULL, FULL_BYGG_200)
    merknader: list[str] = []
    start = time.perf_counter()
    m: Maalinger = {}
    with tempfile.TemporaryDirectory(prefix="handbok-bench-") as folder:
        for storrelse in storrelser:
            gjentak = 3 if storrelse.navn == "typisk" and not args.liten else 1
            m.update(mal_storrelse(storrelse, Path(folder) / storrelse.navn, gjentak, merknader))
        if args.hopp_over_bygg:
            merknader.append("handbok bygg og forhåndsvisningen er hoppet over (--hopp-over-bygg)")
            m.update({k: None for k, _, _ in (*BYGG, *SOK, *FORHANDSVISNING)})
        else:
            m.update(mal_bygg(Path(folder) / bygg_200.navn, bygg_200, Path(folder) / "stor", m, merknader))
            m.update(mal_sok_bygg(Path(folder) / "eksempel", Path(folder) / "stor", merknader))
            m.update(mal_forhandsvisninger(Path(folder) / bygg_200.navn, Path(folder) / "stor", merknader))
        m["region_s"] = mal_region_kjoring(Path(folder) / "region", args.liten, merknader)
    targets = maal(m)
    print(tabell(m, storrelser, targets, merknader), end="")
    total = time.perf_counter() - start
    print(f"Hele kjøringen tok {total:.0f} s.")
    if args.json:
        payload = {
            "dato": DATO.isoformat(),
            "storrelser": {s.navn: s.beskrivelse() for s in (*storrelser, bygg_200)},
            "maalinger": {k: m.get(k) for k in MALINGER},
            "maal": [{"navn": t.navn, "maalt": t.maalt, "sammenligning": t.sammenligning, "grense": t.grense,
                      "resultat": t.resultat} for t in targets],
            "merknader": merknader,
            "varighet_s": total,
        }
        args.json.write_text(json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())

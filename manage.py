"""pressdx command line: validate the questionnaires, score answers files, aggregate a province, and run
the app's housekeeping (database, accounts, demo data, exports, backups).

Every command exits 0 on success and 1 with a message naming the file, the item and the problem. It
speaks the language chosen with `--lang vi|en` (Vietnamese unless told), through the message catalogue;
the JSON outputs are the same in both.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import logconfig
import settings
from reports.text import gap_text, met_label, num, pct, target_label
from scoring.answers import AnswerError, AnswerFile, load_answer_file
from scoring.batch import Batch
from scoring.catalog import Catalog, load_catalog
from scoring.engine import QuestionResult, Result, level_info, score
from scoring.loader import DEFAULT_ROOT, Questionnaire, QuestionnaireError
from scoring.plans import Contribution, PlanFile, ProvinceIndicator, aggregate, aggregate_json, contributions
from store.errors import StoreError
from ui.errors import error_text
from words import LANGS, say

ROOT = Path(__file__).resolve().parent


def _out(text: str) -> None:
    sys.stdout.write(text + "\n")


def _err(text: str) -> None:
    sys.stderr.write(text + "\n")


def _catalog(root: str | None = None) -> Catalog:
    return load_catalog(Path(root) if root else DEFAULT_ROOT)


def cmd_validate(args: argparse.Namespace) -> int:
    root = Path(args.path) if args.path else DEFAULT_ROOT
    if root.is_file():
        root = root.parent.parent if root.parent.name == "plans" else root.parent
    try:
        cat = load_catalog(root)
    except QuestionnaireError as exc:
        for p in exc.problems:
            _err(f"{p.path}: {p.item}: {p.reason}")
        _err(say("cli.problems_found", args.lang, n=len(exc.problems), root=root))
        return 1
    qn = cat.questionnaire
    counts = ", ".join(f"{d.id} {len(d.file.questions)}" for d in qn.domains)
    _out(say("cli.validate_ok", args.lang, root=root, model=qn.model.id, version=qn.version,
             profile=len(qn.profile.questions), counts=counts, plans=", ".join(sorted(cat.plans))))
    return 0


@dataclass(frozen=True)
class _Scored:
    """An answers file scored: its answers, the result, and what it gives the plan's indicators."""

    file: AnswerFile
    result: Result
    plan: PlanFile
    contributions: dict[str, Contribution]


def _score_one(cat: Catalog, path: str, plan_id: str | None) -> _Scored:
    qn = cat.questionnaire
    af = load_answer_file(qn, path)
    result = score(qn, af.answers)
    plan = cat.plan(plan_id)
    return _Scored(af, result, plan, contributions(plan, qn, af.answers, result, af.year))


def cmd_score(args: argparse.Namespace) -> int:
    cat = _catalog(args.questionnaires)
    scored = _score_one(cat, args.answers, args.plan)
    if args.json:
        result = scored.result
        doc = {
            "overall": {"index": result.index, "level": result.level},
            "domains": {d: {"index": r.index, "level": r.level} for d, r in result.domains.items()},
            "indicators": {k: c.as_json() for k, c in scored.contributions.items()},
        }
        _out(json.dumps(doc, ensure_ascii=False, indent=2))
        return 0
    _print_domains(cat.questionnaire, scored, args.lang, args.explain)
    _print_indicators(scored, args.lang)
    return 0


def _print_domains(qn: Questionnaire, scored: _Scored, lang: str, explain: bool) -> None:
    af, result = scored.file, scored.result

    def lvl(code: str | None) -> str:
        info = level_info(qn.model, code)
        return info.label.get(lang) if info else "—"

    def idx(v: float | None) -> str:
        return "—" if v is None else f"{num(v, lang):>5}"

    _out(f"{af.agency_name} ({af.agency_id}), {af.year}")
    _out(f"  {say('cli.overall', lang):<34} {idx(result.index)}  {lvl(result.level)}")
    for d in qn.domains:
        r = result.domains[d.id]
        capped = f"  {say('cli.capped', lang, caps=', '.join(c.id for c in r.caps))}" if r.caps else ""
        _out(f"  {d.file.title.get(lang)[:34]:<34} {idx(r.index)}  {lvl(r.level)}{capped}")
        if explain:
            _print_questions(qn, r.questions, lang)


def _print_questions(qn: Questionnaire, questions: Iterable[QuestionResult], lang: str) -> None:
    for q in questions:
        if q.status in ("not_applicable", "unscored"):
            continue
        label = qn.questions[q.question].label.get(lang)[:60]
        s = "  —  " if q.score is None else f"{q.score:.2f}"
        weighed = say("cli.explain_line", lang, score=s, weight=f"{q.weight:g}")
        _out(f"      {q.question:<26} {q.status:<16} {weighed}  +{q.contribution:4.1f}  {label}")


def _print_indicators(scored: _Scored, lang: str) -> None:
    plan = scored.plan
    _out(f"{plan.title.get(lang)} — {plan.id}")
    for ind in plan.indicators:
        c = scored.contributions[ind.id]
        _out(f"  {ind.id:<30} {c.numerator:g}/{c.denominator:g}  {met_label(c.met, c.applicable, lang)}")


def cmd_aggregate(args: argparse.Namespace) -> int:
    cat = _catalog(args.questionnaires)
    qn = cat.questionnaire
    plan = cat.plan(args.plan)
    items = []
    seen: dict[str, str] = {}
    problems = []
    for path in args.answers:
        try:
            af = load_answer_file(qn, path)
        except AnswerError as exc:
            problems.extend(exc.lines(args.lang))
            continue
        if af.year != args.year:
            problems.append(say("cli.wrong_year", args.lang, path=path, file_year=af.year, year=args.year))
            continue
        if af.agency_id in seen:
            problems.append(say("cli.counted_twice", args.lang, path=path, agency=af.agency_id,
                                other=seen[af.agency_id]))
            continue
        seen[af.agency_id] = path
        items.append(af.answers)
    if problems:
        for p in problems:
            _err(p)
        return 1
    agg = aggregate(plan, args.year, Batch(qn, items).contributions(plan, args.year))
    if args.json:
        _out(json.dumps(aggregate_json(plan, args.year, agg), ensure_ascii=False, indent=2))
        return 0
    lang = args.lang
    _out(say("cli.aggregate_head", lang, plan=plan.title.get(lang), year=args.year, n=len(items)))
    for ind in plan.indicators:
        a = agg[ind.id]
        value = "—" if a.value is None else f"{pct(float(a.value), lang):>6}"
        target = target_label(a.target, lang)  # a held target says so: "100% (duy trì mức 2025)"
        line = say("cli.aggregate_line", lang, value=value, target=f"{target:<8}", verdict=_verdict(ind.id, a, lang))
        _out(f"  {ind.id:<30} {a.numerator:g}/{a.denominator:g}  {line}")
    return 0


def _verdict(indicator_id: str, a: ProvinceIndicator, lang: str) -> str:
    """Met, or not met and what it lacks ("cần thêm 1 cơ quan"); a dash without a target."""
    if a.met is None:
        return "—"
    lacking = gap_text(indicator_id, a.gap, a.met, lang)
    return met_label(a.met, True, lang) + ("" if lacking == "—" else f" ({lacking})")


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="manage.py", description=__doc__)
    loudness = p.add_mutually_exclusive_group()
    loudness.add_argument("-v", "--verbose", action="store_true", help="log everything (DEBUG) on standard error")
    loudness.add_argument("-q", "--quiet", action="store_true", help="log only warnings and errors")
    p.add_argument("--lang", choices=LANGS, default="vi", help="the language it speaks (default: vi)")
    sub = p.add_subparsers(dest="command", required=True)

    v = sub.add_parser("validate", help="check every questionnaire and plan file")
    v.add_argument("path", nargs="?", help="questionnaires folder (default: questionnaires/)")
    v.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS, help="as --lang before the command")
    v.set_defaults(func=cmd_validate)

    s = sub.add_parser("score", help="one agency's result from an answers file")
    s.add_argument("answers")
    s.add_argument("--json", action="store_true")
    s.add_argument("--plan", help="plan id (default: the province's plan)")
    s.add_argument("--explain", action="store_true", help="list each question's contribution")
    s.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS, help="as --lang before the command")
    s.add_argument("--questionnaires", help=argparse.SUPPRESS)
    s.set_defaults(func=cmd_score)

    a = sub.add_parser("aggregate", help="the province's indicators against one year's targets")
    a.add_argument("answers", nargs="+")
    a.add_argument("--year", type=int, required=True)
    a.add_argument("--plan")
    a.add_argument("--json", action="store_true")
    a.add_argument("--lang", choices=LANGS, default=argparse.SUPPRESS, help="as --lang before the command")
    a.add_argument("--questionnaires", help=argparse.SUPPRESS)
    a.set_defaults(func=cmd_aggregate)

    from store import cli as store_cli  # the app's housekeeping: database, accounts, demo, exports

    store_cli.add_commands(sub)
    return p


def log_level(args: argparse.Namespace) -> str:
    """-v: DEBUG; --quiet: WARNING; else PRESSDX_LOG_LEVEL (settings.py)."""
    return "DEBUG" if args.verbose else "WARNING" if args.quiet else settings.current().log_level


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logconfig.configure(log_level(args))
    try:
        return args.func(args)
    except QuestionnaireError as exc:
        for p in exc.problems:
            _err(f"{p.path}: {p.item}: {p.reason}")
        return 1
    except AnswerError as exc:
        _err("\n".join(exc.lines(args.lang)))
        return 1
    except KeyError as exc:
        _err(str(exc.args[0]) if exc.args else say("cli.not_found", args.lang))
        return 1
    except StoreError as exc:
        _err(error_text(exc, args.lang))
        return 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except BrokenPipeError:  # `manage.py score … | head`: the reader left, nothing went wrong here
        sys.stderr.close()
        sys.exit(0)

"""An agency's media types fit its kind (questionnaires/agency_kinds.yaml): a magazine with radio and
television is refused when created or changed, in both languages, naming what does not fit."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from scoring.agency_kinds import load_agency_kinds
from scoring.loader import DEFAULT_ROOT, QuestionnaireError, load_questionnaire
from store import agencies
from store.errors import InvalidInput
from tests.conftest import World
from ui.errors import error_text


def test_a_magazine_with_radio_and_tv_is_refused(store_world: World) -> None:
    with pytest.raises(InvalidInput) as refused:
        agencies.create_agency(store_world.engine, store_world.admin, "tap-chi-x", "Tạp chí X", "magazine",
                               ["print", "radio", "tv"])
    assert error_text(refused.value, "vi") == "Loại hình cơ quan này không thực hiện: Phát thanh, Truyền hình."
    assert error_text(refused.value, "en") == "This kind of agency does not operate: Radio, Television."
    assert "tap-chi-x" not in {a.id for a in agencies.list_agencies(store_world.engine, store_world.admin)}


def test_a_change_of_kind_or_media_that_does_not_fit_is_refused(store_world: World) -> None:
    w = store_world
    with pytest.raises(InvalidInput):  # a radio and TV station made a magazine, keeping radio and TV
        agencies.update_agency(w.engine, w.admin, w.agency_b_id, kind="magazine")
    with pytest.raises(InvalidInput):
        agencies.update_agency(w.engine, w.admin, w.agency_a_id, media_types=["print", "tv"])
    assert agencies.get_agency(w.engine, w.admin, w.agency_b_id).kind == "radio_tv"
    changed = agencies.update_agency(w.engine, w.admin, w.agency_b_id, kind="multimedia", media_types=["print", "tv"])
    assert changed.media_types == ("print", "tv")


def test_every_example_agency_fits_its_kind() -> None:
    import yaml
    rule = load_agency_kinds(load_questionnaire())
    for path in Path(DEFAULT_ROOT).parent.joinpath("examples").glob("*/*.yaml"):
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
        kind, media = doc["answers"]["agency_type"], doc["answers"]["media_types"]
        kind = kind["value"] if isinstance(kind, dict) else kind
        media = media["value"] if isinstance(media, dict) else media
        assert set(media) <= rule[kind], path


def test_a_misspelt_rule_names_the_file_and_the_kind(tmp_path: Path) -> None:
    shutil.copytree(DEFAULT_ROOT, tmp_path / "q")
    (tmp_path / "q" / "agency_kinds.yaml").write_text(
        "newspaper: [print, online]\nmagazine: [print, radoi]\nradio_tv: [radio]\nmultimedia: [tv]\n", encoding="utf-8")
    with pytest.raises(QuestionnaireError) as bad:
        load_agency_kinds(load_questionnaire(tmp_path / "q"), tmp_path / "q")
    assert [str(p) for p in bad.value.problems] == [
        "agency_kinds.yaml: magazine: expected a list of media types from: online, print, radio, tv"]

"""The ML loop from the shell: auto-annotate, render, export --predictions and versions.

Each test sets its project up with the SDK as the user the CLI is logged in as, then runs the
``annota`` command against the real server and checks what it stored or wrote.
"""

from __future__ import annotations

import io
import json
import sys
import textwrap
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from annota_api.api.tasks import tasks_create_assets
from annota_api.models import AssetUploadRequest
from annota_api.types import File
from PIL import Image
from support import ServerProcess, TestUser, colour_detector, unique

import annota
from annota import auto_annotation, shapes
from annota.proxies.tasks import Task

from .conftest import Cli

APPLE_COLOUR = (0, 0, 255)
LABELS = [
    {"name": "apple", "kind": "bbox", "color": "#0000ff"},
    {"name": "leaf", "color": "#ffff00"},
]


@pytest.fixture(autouse=True)
def _own_sys_path(monkeypatch: pytest.MonkeyPatch) -> None:
    """``--function`` puts the working directory on sys.path, as a one-shot process may."""
    monkeypatch.setattr(sys, "path", list(sys.path))


@pytest.fixture
def user_client(server: ServerProcess, new_user: TestUser) -> Iterator[annota.Client]:
    """The SDK as the user the CLI is logged in as."""
    with annota.Client(server.url, token=new_user.token) as client:
        yield client


def _task(
    client: annota.Client, folder: Path, count: int, labels: list[dict[str, Any]] = LABELS
) -> Task:
    """A task of ``count`` colour_detector images in a fresh project with ``labels``."""
    project = client.projects.create({"name": unique("ml"), "type": "detection", "labels": labels})
    task = client.tasks.create({"project": project.id, "name": "t"})
    task.upload_assets([path for path, _ in colour_detector.images(folder, count)])
    return task


def _predictions(task: Task) -> list[tuple[int, int, tuple[float, ...], Any, Any]]:
    return sorted(
        (s.asset, s.label, tuple(s.points), s.score, s.model_name)
        for s in task.get_annotations(sources=["model"]).shapes
    )


def _json(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


# ------------------------------------------------------------------------------ auto-annotate
def test_auto_annotate_with_a_function_file_and_a_rerun_replaces(
    logged_in: Cli, user_client: annota.Client, tmp_path: Path
) -> None:
    task = _task(user_client, tmp_path / "images", 4)
    detector = Path(colour_detector.__file__)
    first = logged_in("auto-annotate", str(task.id), "--function-file", str(detector))
    assert first.code == 0, first.err
    # Four apples, and a leaf on images 0 and 3.
    assert "Annotated 4 assets" in first.err
    assert "6 predictions stored, 0 earlier ones replaced" in first.err
    stored = _predictions(task)
    assert len(stored) == 6
    assert {model for *_, model in stored} == {"colour-detector"}

    again = logged_in("auto-annotate", str(task.id), "--function-file", str(detector))
    assert again.code == 0, again.err
    assert "6 predictions stored, 6 earlier ones replaced" in again.err
    assert _predictions(task) == stored

    # A module is a function too; --no-replace adds to the earlier predictions.
    added = logged_in("auto-annotate", str(task.id), "--function", "support.colour_detector",
                      "--no-replace")  # fmt: skip
    assert added.code == 0, added.err
    assert "6 predictions stored, 0 earlier ones replaced" in added.err
    assert _predictions(task) == sorted(stored * 2)


def test_auto_annotate_json_prints_one_summary_object(
    logged_in: Cli, user_client: annota.Client, tmp_path: Path
) -> None:
    task = _task(user_client, tmp_path / "images", 4)
    detector = colour_detector.__file__
    done = logged_in("--json", "auto-annotate", str(task.id), "--function-file", detector)
    assert done.code == 0, done.err
    (summary,) = _json(done.out)
    assert summary == {
        "task": task.id,
        "model_name": "colour-detector",
        "assets": 4,
        "stored_assets": 4,
        "created": 6,
        "replaced": 0,
        "below_threshold": 0,
    }
    # A function failing part-way: still one object, with what was stored and the error.
    failing = tmp_path / "failing.py"
    failing.write_text(textwrap.dedent(
        """
        from support import colour_detector

        spec = colour_detector.spec
        detect = colour_detector.FailingOn(3).detect
        """
    ))  # fmt: skip
    failed = logged_in("--json", "auto-annotate", str(task.id), "--function-file", str(failing))
    assert failed.code == 1
    (summary,) = _json(failed.out)
    assert (summary["assets"], summary["stored_assets"]) == (2, 0)  # one batch of 50: none stored
    assert "model crashed on image 3" in summary["error"]


def test_auto_annotate_with_module_attribute_from_the_working_directory(
    logged_in: Cli, user_client: annota.Client, tmp_path: Path
) -> None:
    task = _task(user_client, tmp_path / "images", 3)
    # A module beside the user (the CLI's working directory), as `python -m` would find it.
    module = unique("detectors").replace("-", "_")
    (logged_in.home / f"{module}.py").write_text(
        textwrap.dedent(
            """
            from support import colour_detector

            class OnlyApples:
                spec = colour_detector.spec

                def detect(self, image, asset):
                    found = colour_detector.detect(image, asset)
                    return [p for p in found if p.label == "apple"]

            only_apples = OnlyApples()
            """
        )
    )
    result = logged_in("auto-annotate", str(task.id), "--function", f"{module}:only_apples")
    assert result.code == 0, result.err
    assert "3 predictions stored" in result.err
    apple = next(label.id for label in user_client.projects.retrieve(task.project).labels
                 if label.name == "apple")  # fmt: skip
    assert {label for _, label, *_ in _predictions(task)} == {apple}

    # A function file imports the modules beside it, as `python file.py` would.
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    sibling = unique("sibling").replace("-", "_")
    (folder / f"{sibling}.py").write_text("from support.colour_detector import spec, detect\n")
    (folder / "main.py").write_text(f"from {sibling} import spec, detect\n")
    beside = logged_in("auto-annotate", str(task.id), "--function-file", str(folder / "main.py"))
    assert beside.code == 0, beside.err
    assert "4 predictions stored, 3 earlier ones replaced" in beside.err

    missing = logged_in("auto-annotate", str(task.id), "--function", f"{module}:nothing")
    assert missing.code == 2
    assert f"{module} has no 'nothing'" in missing.err
    unknown = logged_in("auto-annotate", str(task.id), "--function", "no_such_module_here:x")
    assert unknown.code == 2
    assert "cannot import no_such_module_here" in unknown.err


def test_auto_annotate_threshold_drops_low_scores(
    logged_in: Cli, user_client: annota.Client, tmp_path: Path
) -> None:
    task = _task(user_client, tmp_path / "images", 3)
    # Scores: apples fill their boxes (1.0); these halve them for the odd assets.
    (tmp_path / "halving.py").write_text(
        textwrap.dedent(
            """
            from annota import auto_annotation as aa
            from support import colour_detector

            spec = colour_detector.spec

            def detect(image, asset):
                score = 1.0 if asset.position % 2 == 0 else 0.5
                return [aa.bbox(p.label, *p.points, score=score)
                        for p in colour_detector.detect(image, asset)]
            """
        )
    )
    result = logged_in(
        "auto-annotate", str(task.id), "--function-file", str(tmp_path / "halving.py"),
        "--threshold", "0.75",
    )  # fmt: skip
    assert result.code == 0, result.err
    kept = _predictions(task)
    assert all(score == 1.0 for *_, score, _ in kept)
    dropped = int(result.err.split(" below the threshold")[0].rsplit(" ", 1)[1])
    assert dropped >= 1
    assert len(kept) + dropped == 4  # three apples and one leaf

    # A threshold in percent would drop every prediction, and so replace them with none.
    for wrong in ("75", "-0.1", "nan", "high"):
        refused = logged_in("auto-annotate", str(task.id), "--function-file",
                            str(tmp_path / "halving.py"), "--threshold", wrong)  # fmt: skip
        assert refused.code == 2
        assert f"argument --threshold: give a score from 0 to 1, not '{wrong}'" in refused.err
    assert _predictions(task) == kept
    with pytest.raises(ValueError, match="from 0 to 1"):
        auto_annotation.annotate_task(user_client, task, colour_detector, threshold=75)
    assert _predictions(task) == kept
    refused = logged_in("render", str(task.id), "-o", str(tmp_path / "r"), "--min-score", "2")
    assert refused.code == 2
    assert "argument --min-score: give a score from 0 to 1" in refused.err
    assert not (tmp_path / "r").exists()


def test_auto_annotate_with_labels_the_project_lacks_fails_before_writing(
    logged_in: Cli, user_client: annota.Client, tmp_path: Path
) -> None:
    task = _task(user_client, tmp_path / "images", 2, labels=[{"name": "apple"}])
    result = logged_in("auto-annotate", str(task.id), "--function-file", colour_detector.__file__)
    assert result.code == 2
    assert "no label 'leaf' in the project" in result.err
    assert "Traceback" not in result.err
    assert task.get_annotations().shapes == []


def test_auto_annotate_refuses_what_is_not_a_function(
    logged_in: Cli, user_client: annota.Client, tmp_path: Path
) -> None:
    task = _task(user_client, tmp_path / "images", 1)
    plain = tmp_path / "plain.py"
    plain.write_text("x = 1\n")
    not_one = logged_in("auto-annotate", str(task.id), "--function-file", str(plain))
    assert not_one.code == 2
    assert "A detection function has `spec`" in not_one.err
    broken = tmp_path / "broken.py"
    broken.write_text("def detect(:\n")
    syntax = logged_in("auto-annotate", str(task.id), "--function-file", str(broken))
    assert syntax.code == 2
    assert f"--function-file: {broken}, line 1: " in syntax.err
    assert "Traceback" not in syntax.err
    # A bug in the function's own code is shown as such, not as a usage error.
    buggy = tmp_path / "buggy.py"
    buggy.write_text(textwrap.dedent(
        """
        from support import colour_detector

        spec = colour_detector.spec

        def detect(image, asset):
            return len(None)
        """
    ))  # fmt: skip
    failed = logged_in("auto-annotate", str(task.id), "--function-file", str(buggy))
    assert failed.code == 1
    assert "Traceback" in failed.err  # the function's own, to fix it from
    assert "return len(None)" in failed.err
    assert "TypeError" in failed.err
    assert "Stored before it: 0 predictions on 0 assets" in failed.err
    absent = logged_in("auto-annotate", str(task.id), "--function-file", str(tmp_path / "no.py"))
    assert absent.code == 2
    assert "no file" in absent.err
    assert task.get_annotations().shapes == []


# ------------------------------------------------------------------------------------- render
def test_render_writes_one_image_per_asset_in_the_label_colour(
    logged_in: Cli, user_client: annota.Client, tmp_path: Path
) -> None:
    task = _task(user_client, tmp_path / "images", 3)
    assets = list(task.get_assets())
    project = user_client.projects.retrieve(task.project)
    apple = next(label for label in project.labels if label.name == "apple")
    task.set_annotations([shapes.bbox(assets[1], apple, 20, 10, 50, 40)])

    out = tmp_path / "rendered"
    result = logged_in("render", str(task.id), "-o", str(out))
    assert result.code == 0, result.err
    written = [Path(line) for line in result.out.splitlines()]
    assert sorted(p.name for p in written) == sorted(a.name for a in assets)
    assert sorted(out.iterdir()) == sorted(written)
    with Image.open(out / assets[1].name) as image:
        assert image.convert("RGB").getpixel((35, 10)) == APPLE_COLOUR  # the top edge
        assert image.convert("RGB").getpixel((35, 25)) == colour_detector.BACKGROUND
    with (
        Image.open(out / assets[0].name) as image,
        Image.open(tmp_path / "images" / assets[0].name) as source,
    ):
        assert image.convert("RGB").tobytes() == source.convert("RGB").tobytes()  # no shapes

    # Predictions are drawn too, and --source leaves them out.
    assert logged_in("auto-annotate", str(task.id), "--function-file",
                     colour_detector.__file__).code == 0  # fmt: skip
    manual_only = tmp_path / "manual"
    assert logged_in("render", str(task.id), "-o", str(manual_only), "--source", "manual").code == 0
    both = tmp_path / "both"
    assert logged_in("render", str(task.id), "-o", str(both)).code == 0
    (_, box), *_ = colour_detector.images(tmp_path / "again", 1)
    x0, y0 = box[0], box[1]
    with (
        Image.open(both / assets[0].name) as drawn,
        Image.open(manual_only / assets[0].name) as bare,
    ):
        # A dash starts at the box's top-left corner.
        assert drawn.convert("RGB").getpixel((x0 + 2, y0)) == APPLE_COLOUR
        assert bare.convert("RGB").getpixel((x0 + 2, y0)) == colour_detector.COLOURS["apple"]


def test_render_keeps_assets_of_the_same_name_apart(
    logged_in: Cli, user_client: annota.Client, tmp_path: Path
) -> None:
    project = user_client.projects.create(
        {"name": unique("ml"), "type": "detection", "labels": LABELS}
    )
    task = user_client.tasks.create({"project": project.id, "name": "t"})
    for folder in "ab":
        (tmp_path / folder).mkdir()
    # Two files of one name from two folders, and one whose name says nothing of its format.
    one = colour_detector.draw(tmp_path / "a" / "x.png", (1, 1, 5, 5))
    two = colour_detector.draw(tmp_path / "b" / "x.png", (9, 9, 20, 20))
    task.upload_assets([one, two])
    # The SDK guesses media types from names; the web app and imports send them.
    tasks_create_assets.sync(task.id, client=user_client.api, body=AssetUploadRequest(
        files=[File(payload=io.BytesIO(one.read_bytes()), file_name="noext", mime_type="image/png")]
    ))  # fmt: skip
    out = tmp_path / "rendered"
    result = logged_in("render", str(task.id), "-o", str(out))
    assert result.code == 0, result.err
    written = [Path(line) for line in result.out.splitlines()]
    assert len(set(written)) == 3
    assert sorted(out.iterdir()) == sorted(written)
    contents = []
    for path in written:
        with Image.open(path) as image:
            contents.append(image.convert("RGB").tobytes())
    assert contents[0] != contents[1]
    assert contents[0] == contents[2]


# ---------------------------------------------------------------------- export --predictions
def test_export_carries_scores_only_with_predictions(
    logged_in: Cli, user_client: annota.Client, tmp_path: Path
) -> None:
    task = _task(user_client, tmp_path / "images", 2)
    assets = list(task.get_assets())
    project = user_client.projects.retrieve(task.project)
    leaf = next(label for label in project.labels if label.name == "leaf")
    task.set_annotations([shapes.bbox(assets[1], leaf, 1, 1, 6, 6)])
    assert logged_in("auto-annotate", str(task.id), "--function-file",
                     colour_detector.__file__).code == 0  # fmt: skip

    def coco(*flags: str) -> list[dict[str, Any]]:
        target = tmp_path / f"export{len(flags)}.zip"
        result = logged_in("export", str(project.id), str(target), *flags)
        assert result.code == 0, result.err
        with zipfile.ZipFile(result.out.strip()) as archive:
            (name,) = [n for n in archive.namelist() if n.endswith(".json")]
            annotations: list[dict[str, Any]] = json.loads(archive.read(name))["annotations"]
        return annotations

    people = coco()
    assert len(people) == 1
    assert "score" not in people[0]
    everything = coco("--predictions")
    assert len(everything) == 1 + 3  # two apples, one leaf (image 0)
    assert sorted(a["score"] for a in everything if "score" in a) == [1.0, 1.0, 1.0]


# ----------------------------------------------------------------------------------- versions
def test_versions_create_list_show_export_remove(
    logged_in: Cli, user_client: annota.Client, tmp_path: Path
) -> None:
    task = _task(user_client, tmp_path / "images", 3)
    project = user_client.projects.retrieve(task.project)
    apple = next(label for label in project.labels if label.name == "apple")
    assets = list(task.get_assets())
    task.set_annotations([shapes.bbox(a, apple, 1, 1, 9, 9) for a in assets])

    created = logged_in("versions", "create", str(project.id), "v1", "--description", "d",
                        "--json")  # fmt: skip
    assert created.code == 0, created.err
    (version,) = _json(created.out)
    assert (version["name"], version["asset_count"], version["shape_count"]) == ("v1", 3, 3)
    assert len(version["manifest_sha256"]) == 64

    listed = logged_in("versions", "list", str(project.id), "--json")
    assert [v["id"] for v in _json(listed.out)] == [version["id"]]
    shown = logged_in("versions", "show", str(version["id"]))
    assert shown.code == 0, shown.err
    assert "v1" in shown.out
    assert version["manifest_sha256"] in shown.out

    first = logged_in("versions", "export", str(version["id"]), "-o", str(tmp_path / "one") + "/")
    assert first.code == 0, first.err
    # The project changes; the version does not.
    task.set_annotations([shapes.bbox(assets[0], apple, 2, 2, 7, 7)])
    project.update({"name": unique("renamed")})
    second = logged_in("versions", "export", str(version["id"]), "-o", str(tmp_path / "two.zip"))
    assert second.code == 0, second.err
    one, two = Path(first.out.strip()), Path(second.out.strip())
    assert one.parent == tmp_path / "one"
    assert one.read_bytes() == two.read_bytes()
    with zipfile.ZipFile(two) as archive:
        (name,) = [n for n in archive.namelist() if n.endswith(".json")]
        assert len(json.loads(archive.read(name))["annotations"]) == 3

    # With the images, even after the task and its images are gone from the project.
    images = [logged_in("versions", "export", str(version["id"]), "--images", "-f", "yolo",
                        "-o", str(tmp_path / f"images{i}.zip")) for i in range(2)]  # fmt: skip
    task.remove()
    images.append(logged_in("versions", "export", str(version["id"]), "--images", "-f", "yolo",
                            "-o", str(tmp_path / "images2.zip")))  # fmt: skip
    assert [result.code for result in images] == [0, 0, 0], images[-1].err
    archives = [Path(result.out.strip()).read_bytes() for result in images]
    assert archives[0] == archives[1] == archives[2]
    with zipfile.ZipFile(tmp_path / "images2.zip") as archive:
        pictures = [n for n in archive.namelist() if n.endswith(".png")]
        assert len(pictures) == 3
        assert sorted(archive.read(n) for n in pictures) == sorted(
            path.read_bytes() for path, _ in colour_detector.images(tmp_path / "same", 3)
        )

    removed = logged_in("versions", "remove", str(version["id"]))
    assert removed.code == 0, removed.err
    assert f"Deleted version {version['id']}." in removed.err
    assert _json(logged_in("versions", "list", str(project.id), "--json").out) == []
    gone = logged_in("versions", "show", str(version["id"]))
    assert gone.code == 1
    assert "404" in gone.err


# ------------------------------------------------------------------------ models, evaluations
def test_models_and_an_evaluation_from_the_shell(
    logged_in: Cli, user_client: annota.Client, tmp_path: Path
) -> None:
    task = _task(user_client, tmp_path / "images", 3)
    created = logged_in("--json", "models", "create", "apples")
    assert created.code == 0, created.err
    model = _json(created.out)[0]
    added = logged_in(
        "--json", "models", "add-version", str(model["id"]), "v1", "--metadata", '{"epochs": 2}'
    )
    assert added.code == 0, added.err
    version = _json(added.out)[0]
    assert version["metadata"] == {"epochs": 2}
    assert logged_in("models", "add-version", str(model["id"]), "v2", "--metadata", "[1]").code == 2
    detector = Path(colour_detector.__file__)
    auto = logged_in(
        "auto-annotate", str(task.id), "--function-file", str(detector),
        "--model-version", str(version["id"]),
    )  # fmt: skip
    assert auto.code == 0, auto.err
    # The ground truth: the predictions, accepted as people's boxes (so AP is 1).
    predicted = task.get_annotations(sources=["model"]).shapes
    task.update_annotations(create=[shapes.bbox(s.asset, s.label, *s.points) for s in predicted])
    for job in task.get_jobs():
        job.update(stage="acceptance", state="completed")
    ran = logged_in("evaluations", "run", str(task.project), str(version["id"]))
    assert ran.code == 0, ran.err
    lines = ran.out.splitlines()
    assert lines[0].startswith("evaluation ")
    assert lines[1].split()[:3] == ["label", "gt", "pred"]
    total = lines[-1].split()
    assert total[0] == "all"
    assert total[-3:] == ["1.000", "1.000", "1.000"]  # AP, AP50, AP75
    evaluation_id = lines[0].split()[1].rstrip(":")
    worst = logged_in("--json", "evaluations", "assets", evaluation_id)
    assert worst.code == 0, worst.err
    assert [row["misses"] for row in _json(worst.out)] == [0, 0, 0]
    bad = logged_in(
        "evaluations", "run", str(task.project), str(version["id"]), "--kinds", "polygon"
    )
    assert bad.code != 0
    assert "ground_truth" in bad.err

"""Pre-annotate a task with your own model: its output is stored as predictions.

A *detection function* is any object (a module works too) with two members::

    from annota import auto_annotation as aa

    spec = aa.FunctionSpec(
        name="red-detector",                      # stored as each prediction's model_name
        labels=[aa.label("apple", "bbox")],       # the project's labels it produces, by name
    )

    def detect(image, asset):                     # a Pillow image and the task's Asset
        return [aa.bbox("apple", 10, 20, 60, 80, score=0.9)]

Then ``aa.annotate_task(client, task_id, module_or_object)`` runs it over every asset of the
task and uploads what it returns as ``model`` shapes, one request per batch of assets. Each
request atomically replaces that function's earlier predictions on its assets, so a retry or
a second run never duplicates them; people's shapes and other models' predictions are never
touched. Pillow comes from the ``images`` extra: ``pip install 'annota[images]'``.
"""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from annota_api.models import Attribute, MaskRequest, ShapeCreateRequest, ShapeKind, ShapeSource
from annota_api.types import UNSET

from annota.errors import AnnotaError, InvalidRequestError
from annota.progress import ProgressReporter, reporter_or_null
from annota.refs import id_of

if TYPE_CHECKING:
    from PIL.Image import Image

    from annota.client import Client
    from annota.proxies.assets import Asset
    from annota.proxies.tasks import Task

__all__ = [
    "AutoAnnotationError",
    "AutoAnnotationResult",
    "DetectionFunction",
    "FunctionSpec",
    "LabelSpec",
    "Prediction",
    "annotate_task",
    "bbox",
    "label",
    "mask",
    "open_upright",
    "points",
    "polygon",
    "polyline",
    "require_pillow",
    "tag",
]

KINDS = ("any", "tag", "bbox", "polygon", "polyline", "points", "mask")
BATCH_ASSETS = 50
"""Assets whose predictions go in one request."""
LIST_PAGE = 1000
"""Assets listed per request (the server's largest page)."""
DOWNLOADS = 2
"""Batches of asset contents fetched at once: the one the function is on and the next."""


def require_pillow() -> Any:
    """The ``PIL.Image`` module, or an ImportError that names the extra to install."""
    try:
        from PIL import Image
    except ImportError as missing:  # pragma: no cover - the test environment has Pillow
        raise ImportError("This needs Pillow: pip install 'annota[images]'") from missing
    return Image


def open_upright(source: bytes | str | os.PathLike[str]) -> Image:
    """Open an image (its bytes or a file) decoded and turned upright, as a person sees it.

    A photo stored sideways with an EXIF orientation (a phone's 380x512 with orientation 6)
    comes back 512x380: the frame annota records the asset's width and height in, and the
    one its shapes are drawn in. The orientation tag is dropped from the result.
    """
    pil = require_pillow()
    from PIL import ImageOps

    stream = io.BytesIO(source) if isinstance(source, bytes) else source
    with pil.open(stream) as image:
        image.load()
        turned: Image = ImageOps.exif_transpose(image)  # a copy, turned or not
        return turned


@dataclass(frozen=True)
class LabelSpec:
    """A label a function produces: the project's label of this name, for shapes of ``kind``."""

    name: str
    kind: str = "any"


def label(name: str, kind: str = "any") -> LabelSpec:
    """Declare a label by name, with the kind of shapes the function draws with it."""
    if kind not in KINDS:
        raise ValueError(f"label {name!r}: kind must be one of {', '.join(KINDS)}, not {kind!r}")
    return LabelSpec(name, kind)


@dataclass(frozen=True)
class FunctionSpec:
    """What a detection function declares: its name and the labels it produces."""

    name: str
    """Stored as every prediction's ``model_name``; re-runs replace predictions of this name."""
    labels: Sequence[LabelSpec]
    """The labels it may return, matched by name with the project's."""


@dataclass(frozen=True)
class Prediction:
    """One shape a function found, by label name (build it with :func:`bbox` and friends)."""

    label: str
    kind: str
    points: Sequence[float]
    score: float | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    mask: dict[str, Any] | None = None
    """A mask's COCO RLE ``{size, counts}`` (kind ``mask``, built by :func:`mask`)."""


@runtime_checkable
class DetectionFunction(Protocol):
    """The protocol: a ``spec`` and a ``detect(image, asset)`` returning predictions.

    ``image`` is a Pillow image, upright (EXIF orientation applied, see :func:`open_upright`,
    so its size is the asset's width and height and predicted points are in the frame
    shapes are drawn in), in the mode stored; ``asset`` the task's
    :class:`~annota.proxies.assets.Asset` (name, width, height, sha256, position...).
    ``detect`` must be deterministic for re-runs to be meaningful; it may raise, which stops
    the run after the batches already uploaded (:class:`AutoAnnotationError` tells how many).
    """

    @property
    def spec(self) -> FunctionSpec:
        """The function's name and labels."""
        ...

    def detect(self, image: Image, asset: Asset) -> Iterable[Prediction]:
        """The shapes found on one image."""
        ...


def _prediction(
    label: str, kind: str, coordinates: Iterable[Any], score: float | None, attributes: Any
) -> Prediction:
    flat: list[float] = []
    for item in coordinates:
        if isinstance(item, tuple | list):
            flat.extend(float(v) for v in item)
        else:
            flat.append(float(item))
    if score is not None and not 0 <= score <= 1:
        raise ValueError(f"a score is from 0 to 1, not {score}")
    values = {str(k): str(v) for k, v in dict(attributes or {}).items()}
    return Prediction(label, kind, flat, None if score is None else float(score), values)


def bbox(
    label: str,
    x_min: float,
    y_min: float,
    x_max: float,
    y_max: float,
    *,
    score: float | None = None,
    attributes: dict[str, str] | None = None,
) -> Prediction:
    """A box found on the image, by its corners in pixels."""
    return _prediction(label, "bbox", (x_min, y_min, x_max, y_max), score, attributes)


def polygon(
    label: str,
    vertices: Iterable[Any],
    *,
    score: float | None = None,
    attributes: dict[str, str] | None = None,
) -> Prediction:
    """A polygon: ``(x, y)`` vertices or flat coordinates."""
    return _prediction(label, "polygon", vertices, score, attributes)


def polyline(
    label: str,
    vertices: Iterable[Any],
    *,
    score: float | None = None,
    attributes: dict[str, str] | None = None,
) -> Prediction:
    """An open line through ``(x, y)`` points."""
    return _prediction(label, "polyline", vertices, score, attributes)


def points(
    label: str,
    coordinates: Iterable[Any],
    *,
    score: float | None = None,
    attributes: dict[str, str] | None = None,
) -> Prediction:
    """Separate ``(x, y)`` points (keypoints)."""
    return _prediction(label, "points", coordinates, score, attributes)


def mask(
    label: str,
    pixels: Any,
    *,
    score: float | None = None,
    attributes: dict[str, str] | None = None,
) -> Prediction:
    """A mask: a COCO RLE dict, a 2-D numpy array or a Pillow image of the image's size."""
    from annota import shapes

    # Checked and compressed once, here, by the shape builder (asset and label come later).
    built = shapes.mask(0, 0, pixels).mask
    assert isinstance(built, MaskRequest)
    rle = {"size": list(built.size), "counts": built.counts}
    found = _prediction(label, "mask", (), score, attributes)
    return Prediction(found.label, "mask", [], found.score, found.attributes, rle)


def tag(
    label: str, *, score: float | None = None, attributes: dict[str, str] | None = None
) -> Prediction:
    """A label for the whole image (a classification)."""
    return _prediction(label, "tag", (), score, attributes)


@dataclass
class AutoAnnotationResult:
    """What a run did."""

    assets: int = 0
    """Assets the function ran over."""
    created: int = 0
    """Predictions stored."""
    replaced: int = 0
    """Earlier predictions of the same function deleted."""
    below_threshold: int = 0
    """Predictions left out for a score under the threshold."""
    stored_assets: int = 0
    """Assets whose predictions are stored (uploads go per batch, so this trails ``assets``)."""


class AutoAnnotationError(AnnotaError):
    """The detection function raised: the run stopped, and what it had stored stays stored.

    ``result`` is the partial result: ``result.created`` predictions on
    ``result.stored_assets`` assets were stored before the failure (each batch is stored
    whole or not at all), so a re-run (which replaces the function's predictions) picks up
    cleanly. ``asset`` is the asset the function failed on; the function's own exception is
    ``__cause__``.
    """

    def __init__(self, message: str, *, result: AutoAnnotationResult, asset: Asset) -> None:
        super().__init__(message)
        self.result = result
        self.asset = asset


class _Labels:
    """The function's labels matched with the project's, checked before anything is written."""

    def __init__(self, spec: FunctionSpec, project_labels: Iterable[Any]) -> None:
        by_name = {item.name: item for item in project_labels}
        self.ids: dict[str, int] = {}
        self.kinds: dict[str, str] = {}
        problems: list[str] = []
        for wanted in spec.labels:
            found = by_name.get(wanted.name)
            if found is None:
                problems.append(f"no label {wanted.name!r} in the project")
                continue
            project_kind = str(found.kind)
            if wanted.kind != "any" and project_kind not in ("any", wanted.kind):
                problems.append(
                    f"label {wanted.name!r} is for {project_kind} shapes, "
                    f"the function draws {wanted.kind}"
                )
                continue
            self.ids[wanted.name] = found.id
            self.kinds[wanted.name] = wanted.kind if wanted.kind != "any" else project_kind
        if problems:
            have = ", ".join(f"{name} ({item.kind})" for name, item in by_name.items())
            raise InvalidRequestError(
                f"Function {spec.name!r} does not fit the project: {'; '.join(problems)}. "
                f"The project's labels: {have or 'none'}"
            )

    def shape(self, asset_id: int, found: Prediction) -> ShapeCreateRequest:
        label_id = self.ids.get(found.label)
        if label_id is None:
            raise InvalidRequestError(
                f"The function returned label {found.label!r}, which it did not declare "
                f"(declared: {', '.join(self.ids) or 'none'})"
            )
        allowed = self.kinds[found.label]
        if allowed not in ("any", found.kind):
            raise InvalidRequestError(
                f"The function returned a {found.kind} for label {found.label!r}, "
                f"which is for {allowed} shapes"
            )
        shape = ShapeCreateRequest(
            asset=asset_id,
            label=label_id,
            kind=ShapeKind(found.kind),
            points=list(found.points),
            attributes=[Attribute(name=k, value=v) for k, v in found.attributes.items()],
            source=ShapeSource.MODEL,
            score=found.score,
        )
        if found.mask is not None:
            shape.mask = MaskRequest(size=list(found.mask["size"]), counts=found.mask["counts"])
        return shape


def _spec_of(function: Any) -> FunctionSpec:
    spec = getattr(function, "spec", None)
    if not isinstance(spec, FunctionSpec) or not callable(getattr(function, "detect", None)):
        raise TypeError(
            "A detection function has `spec` (an auto_annotation.FunctionSpec) and "
            "`detect(image, asset)`; got " + repr(function)
        )
    return spec


def annotate_task(
    client: Client,
    task: int | Task,
    function: DetectionFunction | Any,
    *,
    threshold: float | None = None,
    replace: bool = True,
    pbar: ProgressReporter | None = None,
    batch_size: int = BATCH_ASSETS,
    model_version: Any = None,
) -> AutoAnnotationResult:
    """Run ``function`` over the task's assets and store its output as predictions.

    ``model_version`` (a registered :class:`~annota.proxies.models.ModelVersion` or its id)
    is recorded on every prediction as the version that made it (``model_version.predictions()``
    lists them, ``project.evaluate`` evaluates them); their ``model_name`` stays the function's.

    Assets are streamed (a few downloads ahead of the function) and their predictions
    uploaded per ``batch_size`` assets, each batch in one all-or-nothing request. With
    ``replace`` (the default) each request first deletes the function's earlier predictions
    on its assets, so running again (after a failure, or with a new model version of the
    same name) leaves one set of predictions; ``replace=False`` adds to them. Predictions
    scored under ``threshold`` are dropped. Shapes of people, imports and other models are
    never touched.

    Progress (``pbar``) counts assets as the function finishes each one.

    Raises:
        AutoAnnotationError: the function raised; it carries what was stored before (its
            ``result``) and the function's exception as ``__cause__``.
        InvalidRequestError: a label the function declares is not in the project (nothing is
            written), or it returned one it did not declare.
        ValueError: ``threshold`` is not from 0 to 1 (nothing is written).

    """
    # Scores are from 0 to 1: a percentage would drop every prediction and so, replacing,
    # delete the earlier ones.
    if threshold is not None and not 0 <= threshold <= 1:
        raise ValueError(f"threshold is a score from 0 to 1, not {threshold}")
    require_pillow()
    version_id = UNSET if model_version is None else id_of(model_version, "model_version")
    spec = _spec_of(function)
    detect: Callable[[Image, Asset], Iterable[Prediction]] = function.detect
    the_task = client.tasks.retrieve(task) if isinstance(task, int) else task
    project = client.projects.retrieve(the_task.project)
    labels = _Labels(spec, project.labels)
    assets = list(the_task.get_assets(page_size=LIST_PAGE))  # few requests for a big task
    result = AutoAnnotationResult()
    reporter = reporter_or_null(pbar)
    reporter.start(len(assets), description=f"{spec.name} on {the_task.name}", unit="assets")
    pending: Future[None] | None = None
    with (
        ThreadPoolExecutor(DOWNLOADS, thread_name_prefix="annota-fetch") as fetcher,
        ThreadPoolExecutor(1, thread_name_prefix="annota-upload") as uploader,
    ):
        try:
            for batch, contents in _fetched(fetcher, the_task, assets, batch_size):
                created: list[ShapeCreateRequest] = []
                for asset, content in zip(batch, contents.result(), strict=True):
                    image = open_upright(content)
                    try:
                        found = list(detect(image, asset))
                    except Exception as failure:
                        if pending is not None:  # stored whole or not at all; its failure first
                            pending.result()
                        raise AutoAnnotationError(
                            f"The function {spec.name!r} failed on asset {asset.id} "
                            f"({asset.name}): {failure!r}. Stored before it: "
                            f"{result.created} predictions on {result.stored_assets} assets.",
                            result=result,
                            asset=asset,
                        ) from failure
                    for item in found:
                        if (
                            threshold is not None
                            and item.score is not None
                            and (item.score < threshold)
                        ):
                            result.below_threshold += 1
                            continue
                        created.append(labels.shape(asset.id, item))
                    result.assets += 1
                    reporter.advance(1)
                if pending is not None:
                    pending.result()  # one upload in flight: a failed one stops the run here
                for shape in created:
                    shape.model_version = version_id
                pending = uploader.submit(
                    _upload, the_task, spec.name, batch, created, replace, result
                )
            if pending is not None:
                pending.result()
        finally:
            # An interrupted run still lets the batch in flight finish (it is whole or absent).
            if pending is not None and not pending.done():
                pending.exception()
            reporter.finish()
    return result


def _fetched(
    pool: ThreadPoolExecutor, task: Task, assets: Sequence[Asset], batch_size: int
) -> Iterator[tuple[list[Asset], Future[list[bytes]]]]:
    """Batches of assets with their contents, the next batch's fetched meanwhile.

    A batch's contents come in one request (``task.read_asset_contents``), not one per
    asset: with a fast function, the server's per-request cost would be most of the run.
    """
    batches = [list(assets[i : i + batch_size]) for i in range(0, len(assets), batch_size)]
    submitted: list[Future[list[bytes]]] = []
    try:
        for index, batch in enumerate(batches):
            while len(submitted) < min(index + 2, len(batches)):  # this batch and the next
                submitted.append(pool.submit(task.read_asset_contents, batches[len(submitted)]))
            yield batch, submitted[index]
    finally:
        for future in submitted:
            future.cancel()


def _upload(
    task: Task,
    model_name: str,
    batch: Sequence[Asset],
    created: list[ShapeCreateRequest],
    replace: bool,
    result: AutoAnnotationResult,
) -> None:
    for shape in created:
        shape.model_name = model_name
    change = task.update_annotations(
        create=created,
        replace_predictions=(model_name, [asset.id for asset in batch]) if replace else None,
    )
    result.created += len(change.created)
    result.replaced += len(change.deleted)
    result.stored_assets += len(batch)

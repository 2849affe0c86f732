"""The data models of the API.

Each model lives in its own module, imported on first use: `from annota_api.models import X`
and `models.X` both work, and importing this package costs almost nothing.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .access_token import AccessToken
    from .access_token_create_request import AccessTokenCreateRequest, AccessTokenCreateRequestDict
    from .access_token_created import AccessTokenCreated
    from .agreement import Agreement
    from .agreement_label import AgreementLabel
    from .annotations import Annotations
    from .annotations_change import AnnotationsChange
    from .annotations_patch_request import AnnotationsPatchRequest, AnnotationsPatchRequestDict
    from .annotations_request import AnnotationsRequest, AnnotationsRequestDict
    from .annotator_quality import AnnotatorQuality
    from .asset import Asset
    from .asset_sort import AssetSort
    from .asset_upload_request import AssetUploadRequest, AssetUploadRequestDict
    from .asset_upload_result import AssetUploadResult
    from .assets_from_storage_request import AssetsFromStorageRequest, AssetsFromStorageRequestDict
    from .assets_from_storage_result import AssetsFromStorageResult
    from .attribute import Attribute
    from .attribute_spec import AttributeSpec
    from .attribute_type import AttributeType
    from .basic_user import BasicUser
    from .cloud_storage import CloudStorage
    from .cloud_storage_request import CloudStorageRequest, CloudStorageRequestDict
    from .confusion_matrix import ConfusionMatrix
    from .database_health import DatabaseHealth
    from .dataset_export_request import DatasetExportRequest, DatasetExportRequestDict
    from .dataset_format import DatasetFormat
    from .dataset_import_request import DatasetImportRequest, DatasetImportRequestDict
    from .dataset_version import DatasetVersion
    from .dataset_version_create_request import (
        DatasetVersionCreateRequest,
        DatasetVersionCreateRequestDict,
    )
    from .delivery_status import DeliveryStatus
    from .evaluation import Evaluation
    from .evaluation_asset import EvaluationAsset
    from .evaluation_asset_detail import EvaluationAssetDetail
    from .evaluation_kind import EvaluationKind
    from .evaluation_label import EvaluationLabel
    from .evaluation_request import EvaluationRequest, EvaluationRequestDict
    from .evaluation_request_ground_truth_type_1 import EvaluationRequestGroundTruthType1
    from .evaluation_shape import EvaluationShape
    from .evaluation_shape_role import EvaluationShapeRole
    from .event import Event
    from .event_object import EventObject
    from .event_page import EventPage
    from .field_error import FieldError
    from .ground_truth_job import GroundTruthJob
    from .ground_truth_job_create_request import (
        GroundTruthJobCreateRequest,
        GroundTruthJobCreateRequestDict,
    )
    from .ground_truth_shape import GroundTruthShape
    from .ground_truth_shape_request import GroundTruthShapeRequest, GroundTruthShapeRequestDict
    from .ground_truth_shapes import GroundTruthShapes
    from .ground_truth_shapes_request import GroundTruthShapesRequest, GroundTruthShapesRequestDict
    from .health_status import HealthStatus
    from .issue import Issue
    from .issue_comment import IssueComment
    from .issue_comment_request import IssueCommentRequest, IssueCommentRequestDict
    from .issue_create_request import IssueCreateRequest, IssueCreateRequestDict
    from .issue_region import IssueRegion
    from .issue_region_kind import IssueRegionKind
    from .issue_region_request import IssueRegionRequest, IssueRegionRequestDict
    from .issue_sort import IssueSort
    from .job import Job
    from .job_quality import JobQuality
    from .job_sort import JobSort
    from .job_stage import JobStage
    from .job_state import JobState
    from .label import Label
    from .label_create_request import LabelCreateRequest, LabelCreateRequestDict
    from .label_kind import LabelKind
    from .label_sort import LabelSort
    from .label_statistics import LabelStatistics
    from .login_request import LoginRequest, LoginRequestDict
    from .login_response import LoginResponse
    from .mask import Mask
    from .mask_request import MaskRequest, MaskRequestDict
    from .membership import Membership
    from .membership_create_request import MembershipCreateRequest, MembershipCreateRequestDict
    from .membership_role import MembershipRole
    from .membership_sort import MembershipSort
    from .model import Model
    from .model_artifact import ModelArtifact
    from .model_artifact_upload import ModelArtifactUpload
    from .model_create_request import ModelCreateRequest, ModelCreateRequestDict
    from .model_version import ModelVersion
    from .model_version_create_request import (
        ModelVersionCreateRequest,
        ModelVersionCreateRequestDict,
    )
    from .model_version_create_request_metadata import ModelVersionCreateRequestMetadata
    from .model_version_metadata import ModelVersionMetadata
    from .operation import Operation
    from .operation_kind import OperationKind
    from .operation_sort import OperationSort
    from .operation_status import OperationStatus
    from .paginated_access_token_list import PaginatedAccessTokenList
    from .paginated_asset_list import PaginatedAssetList
    from .paginated_cloud_storage_list import PaginatedCloudStorageList
    from .paginated_dataset_version_list import PaginatedDatasetVersionList
    from .paginated_evaluation_asset_list import PaginatedEvaluationAssetList
    from .paginated_evaluation_list import PaginatedEvaluationList
    from .paginated_ground_truth_job_list import PaginatedGroundTruthJobList
    from .paginated_issue_comment_list import PaginatedIssueCommentList
    from .paginated_issue_list import PaginatedIssueList
    from .paginated_job_list import PaginatedJobList
    from .paginated_label_list import PaginatedLabelList
    from .paginated_membership_list import PaginatedMembershipList
    from .paginated_model_list import PaginatedModelList
    from .paginated_model_version_list import PaginatedModelVersionList
    from .paginated_operation_list import PaginatedOperationList
    from .paginated_project_list import PaginatedProjectList
    from .paginated_shape_list import PaginatedShapeList
    from .paginated_task_list import PaginatedTaskList
    from .paginated_user_list import PaginatedUserList
    from .paginated_webhook_delivery_list import PaginatedWebhookDeliveryList
    from .paginated_webhook_list import PaginatedWebhookList
    from .paginated_workspace_list import PaginatedWorkspaceList
    from .password_change_request import PasswordChangeRequest, PasswordChangeRequestDict
    from .password_change_result import PasswordChangeResult
    from .password_reset_accepted import PasswordResetAccepted
    from .password_reset_confirm_request import (
        PasswordResetConfirmRequest,
        PasswordResetConfirmRequestDict,
    )
    from .password_reset_request import PasswordResetRequest, PasswordResetRequestDict
    from .password_set_request import PasswordSetRequest, PasswordSetRequestDict
    from .patched_issue_request import PatchedIssueRequest, PatchedIssueRequestDict
    from .patched_job_request import PatchedJobRequest, PatchedJobRequestDict
    from .patched_label_request import PatchedLabelRequest, PatchedLabelRequestDict
    from .patched_membership_request import PatchedMembershipRequest, PatchedMembershipRequestDict
    from .patched_project_request import PatchedProjectRequest, PatchedProjectRequestDict
    from .patched_task_request import PatchedTaskRequest, PatchedTaskRequestDict
    from .patched_user_request import PatchedUserRequest, PatchedUserRequestDict
    from .patched_webhook_request import PatchedWebhookRequest, PatchedWebhookRequestDict
    from .patched_workspace_request import PatchedWorkspaceRequest, PatchedWorkspaceRequestDict
    from .predictions_replacement import PredictionsReplacement
    from .problem import Problem
    from .project import Project
    from .project_create_request import ProjectCreateRequest, ProjectCreateRequestDict
    from .project_sort import ProjectSort
    from .project_statistics import ProjectStatistics
    from .project_status import ProjectStatus
    from .project_type import ProjectType
    from .quality import Quality
    from .server_about import ServerAbout
    from .server_health import ServerHealth
    from .shape import Shape
    from .shape_create_request import ShapeCreateRequest, ShapeCreateRequestDict
    from .shape_kind import ShapeKind
    from .shape_source import ShapeSource
    from .shape_update_request import ShapeUpdateRequest, ShapeUpdateRequestDict
    from .skipped_object import SkippedObject
    from .skipped_shapes import SkippedShapes
    from .task import Task
    from .task_create_request import TaskCreateRequest, TaskCreateRequestDict
    from .task_sort import TaskSort
    from .task_status import TaskStatus
    from .two_factor_code_request import TwoFactorCodeRequest, TwoFactorCodeRequestDict
    from .two_factor_enrollment import TwoFactorEnrollment
    from .two_factor_reset_confirm_request import (
        TwoFactorResetConfirmRequest,
        TwoFactorResetConfirmRequestDict,
    )
    from .two_factor_reset_request import TwoFactorResetRequest, TwoFactorResetRequestDict
    from .two_factor_status import TwoFactorStatus
    from .user import User
    from .user_create_request import UserCreateRequest, UserCreateRequestDict
    from .user_sort import UserSort
    from .version_asset import VersionAsset
    from .version_label import VersionLabel
    from .version_manifest import VersionManifest
    from .version_shape import VersionShape
    from .version_task import VersionTask
    from .webhook import Webhook
    from .webhook_attempt import WebhookAttempt
    from .webhook_delivery import WebhookDelivery
    from .webhook_request import WebhookRequest, WebhookRequestDict
    from .workspace import Workspace
    from .workspace_create_request import WorkspaceCreateRequest, WorkspaceCreateRequestDict
    from .workspace_sort import WorkspaceSort
    from .workspace_summary import WorkspaceSummary
    from .yolo_task import YoloTask

__all__ = [
    "AccessToken",
    "AccessTokenCreated",
    "AccessTokenCreateRequest",
    "AccessTokenCreateRequestDict",
    "Agreement",
    "AgreementLabel",
    "Annotations",
    "AnnotationsChange",
    "AnnotationsPatchRequest",
    "AnnotationsPatchRequestDict",
    "AnnotationsRequest",
    "AnnotationsRequestDict",
    "AnnotatorQuality",
    "Asset",
    "AssetsFromStorageRequest",
    "AssetsFromStorageRequestDict",
    "AssetsFromStorageResult",
    "AssetSort",
    "AssetUploadRequest",
    "AssetUploadRequestDict",
    "AssetUploadResult",
    "Attribute",
    "AttributeSpec",
    "AttributeType",
    "BasicUser",
    "CloudStorage",
    "CloudStorageRequest",
    "CloudStorageRequestDict",
    "ConfusionMatrix",
    "DatabaseHealth",
    "DatasetExportRequest",
    "DatasetExportRequestDict",
    "DatasetFormat",
    "DatasetImportRequest",
    "DatasetImportRequestDict",
    "DatasetVersion",
    "DatasetVersionCreateRequest",
    "DatasetVersionCreateRequestDict",
    "DeliveryStatus",
    "Evaluation",
    "EvaluationAsset",
    "EvaluationAssetDetail",
    "EvaluationKind",
    "EvaluationLabel",
    "EvaluationRequest",
    "EvaluationRequestDict",
    "EvaluationRequestGroundTruthType1",
    "EvaluationShape",
    "EvaluationShapeRole",
    "Event",
    "EventObject",
    "EventPage",
    "FieldError",
    "GroundTruthJob",
    "GroundTruthJobCreateRequest",
    "GroundTruthJobCreateRequestDict",
    "GroundTruthShape",
    "GroundTruthShapeRequest",
    "GroundTruthShapeRequestDict",
    "GroundTruthShapes",
    "GroundTruthShapesRequest",
    "GroundTruthShapesRequestDict",
    "HealthStatus",
    "Issue",
    "IssueComment",
    "IssueCommentRequest",
    "IssueCommentRequestDict",
    "IssueCreateRequest",
    "IssueCreateRequestDict",
    "IssueRegion",
    "IssueRegionKind",
    "IssueRegionRequest",
    "IssueRegionRequestDict",
    "IssueSort",
    "Job",
    "JobQuality",
    "JobSort",
    "JobStage",
    "JobState",
    "Label",
    "LabelCreateRequest",
    "LabelCreateRequestDict",
    "LabelKind",
    "LabelSort",
    "LabelStatistics",
    "LoginRequest",
    "LoginRequestDict",
    "LoginResponse",
    "Mask",
    "MaskRequest",
    "MaskRequestDict",
    "Membership",
    "MembershipCreateRequest",
    "MembershipCreateRequestDict",
    "MembershipRole",
    "MembershipSort",
    "Model",
    "ModelArtifact",
    "ModelArtifactUpload",
    "ModelCreateRequest",
    "ModelCreateRequestDict",
    "ModelVersion",
    "ModelVersionCreateRequest",
    "ModelVersionCreateRequestDict",
    "ModelVersionCreateRequestMetadata",
    "ModelVersionMetadata",
    "Operation",
    "OperationKind",
    "OperationSort",
    "OperationStatus",
    "PaginatedAccessTokenList",
    "PaginatedAssetList",
    "PaginatedCloudStorageList",
    "PaginatedDatasetVersionList",
    "PaginatedEvaluationAssetList",
    "PaginatedEvaluationList",
    "PaginatedGroundTruthJobList",
    "PaginatedIssueCommentList",
    "PaginatedIssueList",
    "PaginatedJobList",
    "PaginatedLabelList",
    "PaginatedMembershipList",
    "PaginatedModelList",
    "PaginatedModelVersionList",
    "PaginatedOperationList",
    "PaginatedProjectList",
    "PaginatedShapeList",
    "PaginatedTaskList",
    "PaginatedUserList",
    "PaginatedWebhookDeliveryList",
    "PaginatedWebhookList",
    "PaginatedWorkspaceList",
    "PasswordChangeRequest",
    "PasswordChangeRequestDict",
    "PasswordChangeResult",
    "PasswordResetAccepted",
    "PasswordResetConfirmRequest",
    "PasswordResetConfirmRequestDict",
    "PasswordResetRequest",
    "PasswordResetRequestDict",
    "PasswordSetRequest",
    "PasswordSetRequestDict",
    "PatchedIssueRequest",
    "PatchedIssueRequestDict",
    "PatchedJobRequest",
    "PatchedJobRequestDict",
    "PatchedLabelRequest",
    "PatchedLabelRequestDict",
    "PatchedMembershipRequest",
    "PatchedMembershipRequestDict",
    "PatchedProjectRequest",
    "PatchedProjectRequestDict",
    "PatchedTaskRequest",
    "PatchedTaskRequestDict",
    "PatchedUserRequest",
    "PatchedUserRequestDict",
    "PatchedWebhookRequest",
    "PatchedWebhookRequestDict",
    "PatchedWorkspaceRequest",
    "PatchedWorkspaceRequestDict",
    "PredictionsReplacement",
    "Problem",
    "Project",
    "ProjectCreateRequest",
    "ProjectCreateRequestDict",
    "ProjectSort",
    "ProjectStatistics",
    "ProjectStatus",
    "ProjectType",
    "Quality",
    "ServerAbout",
    "ServerHealth",
    "Shape",
    "ShapeCreateRequest",
    "ShapeCreateRequestDict",
    "ShapeKind",
    "ShapeSource",
    "ShapeUpdateRequest",
    "ShapeUpdateRequestDict",
    "SkippedObject",
    "SkippedShapes",
    "Task",
    "TaskCreateRequest",
    "TaskCreateRequestDict",
    "TaskSort",
    "TaskStatus",
    "TwoFactorCodeRequest",
    "TwoFactorCodeRequestDict",
    "TwoFactorEnrollment",
    "TwoFactorResetConfirmRequest",
    "TwoFactorResetConfirmRequestDict",
    "TwoFactorResetRequest",
    "TwoFactorResetRequestDict",
    "TwoFactorStatus",
    "User",
    "UserCreateRequest",
    "UserCreateRequestDict",
    "UserSort",
    "VersionAsset",
    "VersionLabel",
    "VersionManifest",
    "VersionShape",
    "VersionTask",
    "Webhook",
    "WebhookAttempt",
    "WebhookDelivery",
    "WebhookRequest",
    "WebhookRequestDict",
    "Workspace",
    "WorkspaceCreateRequest",
    "WorkspaceCreateRequestDict",
    "WorkspaceSort",
    "WorkspaceSummary",
    "YoloTask",
]

_MODULES: dict[str, str] = {
    "AccessToken": "access_token",
    "AccessTokenCreated": "access_token_created",
    "AccessTokenCreateRequest": "access_token_create_request",
    "AccessTokenCreateRequestDict": "access_token_create_request",
    "Agreement": "agreement",
    "AgreementLabel": "agreement_label",
    "Annotations": "annotations",
    "AnnotationsChange": "annotations_change",
    "AnnotationsPatchRequest": "annotations_patch_request",
    "AnnotationsPatchRequestDict": "annotations_patch_request",
    "AnnotationsRequest": "annotations_request",
    "AnnotationsRequestDict": "annotations_request",
    "AnnotatorQuality": "annotator_quality",
    "Asset": "asset",
    "AssetsFromStorageRequest": "assets_from_storage_request",
    "AssetsFromStorageRequestDict": "assets_from_storage_request",
    "AssetsFromStorageResult": "assets_from_storage_result",
    "AssetSort": "asset_sort",
    "AssetUploadRequest": "asset_upload_request",
    "AssetUploadRequestDict": "asset_upload_request",
    "AssetUploadResult": "asset_upload_result",
    "Attribute": "attribute",
    "AttributeSpec": "attribute_spec",
    "AttributeType": "attribute_type",
    "BasicUser": "basic_user",
    "CloudStorage": "cloud_storage",
    "CloudStorageRequest": "cloud_storage_request",
    "CloudStorageRequestDict": "cloud_storage_request",
    "ConfusionMatrix": "confusion_matrix",
    "DatabaseHealth": "database_health",
    "DatasetExportRequest": "dataset_export_request",
    "DatasetExportRequestDict": "dataset_export_request",
    "DatasetFormat": "dataset_format",
    "DatasetImportRequest": "dataset_import_request",
    "DatasetImportRequestDict": "dataset_import_request",
    "DatasetVersion": "dataset_version",
    "DatasetVersionCreateRequest": "dataset_version_create_request",
    "DatasetVersionCreateRequestDict": "dataset_version_create_request",
    "DeliveryStatus": "delivery_status",
    "Evaluation": "evaluation",
    "EvaluationAsset": "evaluation_asset",
    "EvaluationAssetDetail": "evaluation_asset_detail",
    "EvaluationKind": "evaluation_kind",
    "EvaluationLabel": "evaluation_label",
    "EvaluationRequest": "evaluation_request",
    "EvaluationRequestDict": "evaluation_request",
    "EvaluationRequestGroundTruthType1": "evaluation_request_ground_truth_type_1",
    "EvaluationShape": "evaluation_shape",
    "EvaluationShapeRole": "evaluation_shape_role",
    "Event": "event",
    "EventObject": "event_object",
    "EventPage": "event_page",
    "FieldError": "field_error",
    "GroundTruthJob": "ground_truth_job",
    "GroundTruthJobCreateRequest": "ground_truth_job_create_request",
    "GroundTruthJobCreateRequestDict": "ground_truth_job_create_request",
    "GroundTruthShape": "ground_truth_shape",
    "GroundTruthShapeRequest": "ground_truth_shape_request",
    "GroundTruthShapeRequestDict": "ground_truth_shape_request",
    "GroundTruthShapes": "ground_truth_shapes",
    "GroundTruthShapesRequest": "ground_truth_shapes_request",
    "GroundTruthShapesRequestDict": "ground_truth_shapes_request",
    "HealthStatus": "health_status",
    "Issue": "issue",
    "IssueComment": "issue_comment",
    "IssueCommentRequest": "issue_comment_request",
    "IssueCommentRequestDict": "issue_comment_request",
    "IssueCreateRequest": "issue_create_request",
    "IssueCreateRequestDict": "issue_create_request",
    "IssueRegion": "issue_region",
    "IssueRegionKind": "issue_region_kind",
    "IssueRegionRequest": "issue_region_request",
    "IssueRegionRequestDict": "issue_region_request",
    "IssueSort": "issue_sort",
    "Job": "job",
    "JobQuality": "job_quality",
    "JobSort": "job_sort",
    "JobStage": "job_stage",
    "JobState": "job_state",
    "Label": "label",
    "LabelCreateRequest": "label_create_request",
    "LabelCreateRequestDict": "label_create_request",
    "LabelKind": "label_kind",
    "LabelSort": "label_sort",
    "LabelStatistics": "label_statistics",
    "LoginRequest": "login_request",
    "LoginRequestDict": "login_request",
    "LoginResponse": "login_response",
    "Mask": "mask",
    "MaskRequest": "mask_request",
    "MaskRequestDict": "mask_request",
    "Membership": "membership",
    "MembershipCreateRequest": "membership_create_request",
    "MembershipCreateRequestDict": "membership_create_request",
    "MembershipRole": "membership_role",
    "MembershipSort": "membership_sort",
    "Model": "model",
    "ModelArtifact": "model_artifact",
    "ModelArtifactUpload": "model_artifact_upload",
    "ModelCreateRequest": "model_create_request",
    "ModelCreateRequestDict": "model_create_request",
    "ModelVersion": "model_version",
    "ModelVersionCreateRequest": "model_version_create_request",
    "ModelVersionCreateRequestDict": "model_version_create_request",
    "ModelVersionCreateRequestMetadata": "model_version_create_request_metadata",
    "ModelVersionMetadata": "model_version_metadata",
    "Operation": "operation",
    "OperationKind": "operation_kind",
    "OperationSort": "operation_sort",
    "OperationStatus": "operation_status",
    "PaginatedAccessTokenList": "paginated_access_token_list",
    "PaginatedAssetList": "paginated_asset_list",
    "PaginatedCloudStorageList": "paginated_cloud_storage_list",
    "PaginatedDatasetVersionList": "paginated_dataset_version_list",
    "PaginatedEvaluationAssetList": "paginated_evaluation_asset_list",
    "PaginatedEvaluationList": "paginated_evaluation_list",
    "PaginatedGroundTruthJobList": "paginated_ground_truth_job_list",
    "PaginatedIssueCommentList": "paginated_issue_comment_list",
    "PaginatedIssueList": "paginated_issue_list",
    "PaginatedJobList": "paginated_job_list",
    "PaginatedLabelList": "paginated_label_list",
    "PaginatedMembershipList": "paginated_membership_list",
    "PaginatedModelList": "paginated_model_list",
    "PaginatedModelVersionList": "paginated_model_version_list",
    "PaginatedOperationList": "paginated_operation_list",
    "PaginatedProjectList": "paginated_project_list",
    "PaginatedShapeList": "paginated_shape_list",
    "PaginatedTaskList": "paginated_task_list",
    "PaginatedUserList": "paginated_user_list",
    "PaginatedWebhookDeliveryList": "paginated_webhook_delivery_list",
    "PaginatedWebhookList": "paginated_webhook_list",
    "PaginatedWorkspaceList": "paginated_workspace_list",
    "PasswordChangeRequest": "password_change_request",
    "PasswordChangeRequestDict": "password_change_request",
    "PasswordChangeResult": "password_change_result",
    "PasswordResetAccepted": "password_reset_accepted",
    "PasswordResetConfirmRequest": "password_reset_confirm_request",
    "PasswordResetConfirmRequestDict": "password_reset_confirm_request",
    "PasswordResetRequest": "password_reset_request",
    "PasswordResetRequestDict": "password_reset_request",
    "PasswordSetRequest": "password_set_request",
    "PasswordSetRequestDict": "password_set_request",
    "PatchedIssueRequest": "patched_issue_request",
    "PatchedIssueRequestDict": "patched_issue_request",
    "PatchedJobRequest": "patched_job_request",
    "PatchedJobRequestDict": "patched_job_request",
    "PatchedLabelRequest": "patched_label_request",
    "PatchedLabelRequestDict": "patched_label_request",
    "PatchedMembershipRequest": "patched_membership_request",
    "PatchedMembershipRequestDict": "patched_membership_request",
    "PatchedProjectRequest": "patched_project_request",
    "PatchedProjectRequestDict": "patched_project_request",
    "PatchedTaskRequest": "patched_task_request",
    "PatchedTaskRequestDict": "patched_task_request",
    "PatchedUserRequest": "patched_user_request",
    "PatchedUserRequestDict": "patched_user_request",
    "PatchedWebhookRequest": "patched_webhook_request",
    "PatchedWebhookRequestDict": "patched_webhook_request",
    "PatchedWorkspaceRequest": "patched_workspace_request",
    "PatchedWorkspaceRequestDict": "patched_workspace_request",
    "PredictionsReplacement": "predictions_replacement",
    "Problem": "problem",
    "Project": "project",
    "ProjectCreateRequest": "project_create_request",
    "ProjectCreateRequestDict": "project_create_request",
    "ProjectSort": "project_sort",
    "ProjectStatistics": "project_statistics",
    "ProjectStatus": "project_status",
    "ProjectType": "project_type",
    "Quality": "quality",
    "ServerAbout": "server_about",
    "ServerHealth": "server_health",
    "Shape": "shape",
    "ShapeCreateRequest": "shape_create_request",
    "ShapeCreateRequestDict": "shape_create_request",
    "ShapeKind": "shape_kind",
    "ShapeSource": "shape_source",
    "ShapeUpdateRequest": "shape_update_request",
    "ShapeUpdateRequestDict": "shape_update_request",
    "SkippedObject": "skipped_object",
    "SkippedShapes": "skipped_shapes",
    "Task": "task",
    "TaskCreateRequest": "task_create_request",
    "TaskCreateRequestDict": "task_create_request",
    "TaskSort": "task_sort",
    "TaskStatus": "task_status",
    "TwoFactorCodeRequest": "two_factor_code_request",
    "TwoFactorCodeRequestDict": "two_factor_code_request",
    "TwoFactorEnrollment": "two_factor_enrollment",
    "TwoFactorResetConfirmRequest": "two_factor_reset_confirm_request",
    "TwoFactorResetConfirmRequestDict": "two_factor_reset_confirm_request",
    "TwoFactorResetRequest": "two_factor_reset_request",
    "TwoFactorResetRequestDict": "two_factor_reset_request",
    "TwoFactorStatus": "two_factor_status",
    "User": "user",
    "UserCreateRequest": "user_create_request",
    "UserCreateRequestDict": "user_create_request",
    "UserSort": "user_sort",
    "VersionAsset": "version_asset",
    "VersionLabel": "version_label",
    "VersionManifest": "version_manifest",
    "VersionShape": "version_shape",
    "VersionTask": "version_task",
    "Webhook": "webhook",
    "WebhookAttempt": "webhook_attempt",
    "WebhookDelivery": "webhook_delivery",
    "WebhookRequest": "webhook_request",
    "WebhookRequestDict": "webhook_request",
    "Workspace": "workspace",
    "WorkspaceCreateRequest": "workspace_create_request",
    "WorkspaceCreateRequestDict": "workspace_create_request",
    "WorkspaceSort": "workspace_sort",
    "WorkspaceSummary": "workspace_summary",
    "YoloTask": "yolo_task",
}


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*__all__, *(name for name in globals() if name.startswith("__"))})

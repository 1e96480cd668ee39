from .layers import IntegrationIndicator, LayerDetail, LayerFeatures, LayerList, VersionAction
from .uploads import UploadCreate, UploadDetail

__all__ = [
    "IntegrationIndicator",
    "LayerDetail",
    "LayerFeatures",
    "LayerList",
    "UploadCreate",
    "UploadDetail",
    "VersionAction",
]

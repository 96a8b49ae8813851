"""A workspace folder on disk: layout, file operations, search, recent files, import.

``from studio.workspace import Workspace`` is the entry point; each concern
has its own module:

- :mod:`studio.workspace.layout` — folders, kinds of file, names, starter sources;
- :mod:`studio.workspace.files` — :class:`Workspace`: list, create, duplicate,
  move, rename, delete, references (through ``components.custom.workspace_ops``);
- :mod:`studio.workspace.search` — search by name and content;
- :mod:`studio.workspace.recent` — the recent-files list;
- :mod:`studio.workspace.importing` — ``.html``/``.mjml``/``.eml`` import, and a whole
  folder of existing emails with the files they refer to (``mailwright import``).
"""

from compiler.root import EMAIL_SUFFIXES as SOURCE_SUFFIXES
from compiler.root import SETTINGS_FILE, SIDECAR_SUFFIXES, STATE_DIR, STYLES_FILE
from studio.workspace.files import Workspace
from studio.workspace.importing import (
    IMPORT_SUFFIXES,
    FolderImport,
    ImportedFile,
    ImportResult,
    import_folder,
)
from studio.workspace.layout import (
    FOLDER_KINDS,
    KIND_FOLDERS,
    STARTERS,
    FileKind,
    WorkspaceError,
    WorkspaceFile,
    new_component_source,
    new_email_source,
    starter_source,
)
from studio.workspace.recent import RECENT_FILE, RECENT_KEEP, RecentFiles
from studio.workspace.search import SEARCH_MAX_BYTES, Excerpt, SearchHit

__all__ = [
    "FOLDER_KINDS",
    "IMPORT_SUFFIXES",
    "KIND_FOLDERS",
    "RECENT_FILE",
    "RECENT_KEEP",
    "SEARCH_MAX_BYTES",
    "SETTINGS_FILE",
    "SIDECAR_SUFFIXES",
    "SOURCE_SUFFIXES",
    "STARTERS",
    "STATE_DIR",
    "STYLES_FILE",
    "Excerpt",
    "FileKind",
    "FolderImport",
    "ImportResult",
    "ImportedFile",
    "RecentFiles",
    "SearchHit",
    "Workspace",
    "WorkspaceError",
    "WorkspaceFile",
    "import_folder",
    "new_component_source",
    "new_email_source",
    "starter_source",
]

"""participatie's analysis library: plain data in, plain results and Plotly figures out.

No Flask and no import of the web app: the web app and the command line both call this.
"""

from .codebooks import Codebook, CodebookError, Theme, load_codebook
from .embeddings import E5Embedder, EmbeddingCache
from .themes import Answer, FoundTheme, ThemeFinder

__all__ = [
    "Answer",
    "Codebook",
    "CodebookError",
    "E5Embedder",
    "EmbeddingCache",
    "FoundTheme",
    "Theme",
    "ThemeFinder",
    "load_codebook",
]

"""summary-gen: 从一份 YAML 数据文件生成社区工作总结。

The pipeline, each step a plain function: bytes → YAML nodes with positions → validated model
(:mod:`loader`, :mod:`model`) → rendered :class:`Document` (:mod:`render`) → Markdown text or
DOCX bytes (:mod:`markdown`, :mod:`docx_writer`) → file (:mod:`output`).
"""

__version__ = "0.1.0"

__all__ = ["__version__"]

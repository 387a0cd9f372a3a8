"""Writers: a :class:`~summary_gen.document.Document` as Markdown or as DOCX."""

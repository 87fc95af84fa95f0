"""reportmine as a spaCy component, so users can put it into their own ``zh`` pipelines.

    import spacy, reportmine.spacy  # noqa: F401  (registers the factory)
    nlp = spacy.blank("zh")
    nlp.add_pipe("reportmine")
    doc = nlp("上半年实现规上工业增加值6.8亿元,同比增长19.2%。")
    doc.spans["reportmine_metrics"]  # one span per metric, label = canonical indicator
    doc._.reportmine                 # the Report

Spans are aligned to the Doc's tokens with ``alignment_mode="expand"``. The component reads
``doc.text`` only; it does not need the Doc's tokenisation, so it works after any tokenizer.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from .api import extract

if not Doc.has_extension("reportmine"):
    Doc.set_extension("reportmine", default=None)


class ReportmineComponent:
    def __init__(self, nlp: Language, name: str, spans_key: str):
        self.name = name
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        report = extract(doc.text)
        doc._.reportmine = report
        metric_spans, section_spans = [], []
        for d in report.documents:
            for m in d.metrics:
                sp = doc.char_span(m.span[0], m.span[1], label=m.indicator, alignment_mode="expand")
                if sp is not None:
                    metric_spans.append(sp)
            for s in d.sections:
                sp = doc.char_span(s.span[0], s.span[1], label=s.kind, alignment_mode="expand")
                if sp is not None:
                    section_spans.append(sp)
        doc.spans[f"{self.spans_key}_metrics"] = metric_spans
        doc.spans[f"{self.spans_key}_sections"] = section_spans
        return doc


@Language.factory("reportmine", assigns=["doc.spans", "doc._.reportmine"],
                  default_config={"spans_key": "reportmine"})
def make_reportmine(nlp: Language, name: str, spans_key: str) -> ReportmineComponent:
    return ReportmineComponent(nlp, name, spans_key)

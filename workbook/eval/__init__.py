"""Evaluation of the extraction stage: attributions against brat gold (sources, cues and claim
spans, :mod:`.attributions` and :mod:`.content`), speculation against labelled sentences, and
claim rows against known article bodies on real pages (:mod:`.body`).
``workbook eval attributions DIR [--types FILE]`` and ``workbook eval speculation CSV`` call them."""

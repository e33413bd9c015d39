"""Evaluation: brat parsing, span matching, and the scores on the shared corpora."""
from pathlib import Path

import pytest

from workbook.eval import attributions, speculation
from workbook.eval.brat import parse_ann

CORPORA = Path(__file__).resolve().parents[1].parent / "shared" / "corpora"
POLNEAR = CORPORA / "polnear-train"
WIKIWEASEL = CORPORA / "speculation" / "wikiweasel_train.csv"
needs_polnear = pytest.mark.skipif(not (POLNEAR / "text").is_dir(),
                                   reason=f"PolNeAR training split not found at {POLNEAR}")
needs_weasel = pytest.mark.skipif(not WIKIWEASEL.is_file(),
                                  reason=f"speculation CSV not found at {WIKIWEASEL}")

ANN = """T1\tSource 0 8\tJane Doe
T2\tCue 9 13\tsaid
T3\tContent 14 30;32 40\tthe vote failed
continued text of a multi-line span
T4\tAttribution 9 13\tsaid
E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1
#1\tAnnotatorNotes T1\ta note
E2\tAttribution:T4 Cue:T2
"""


def test_parse_ann_handles_discontinuous_and_junk_lines():
    gold = parse_ann(ANN)
    assert len(gold) == 2
    assert gold[0].source == (0, 8) and gold[0].cue == (9, 13) and gold[0].content == (14, 40)
    assert gold[1].source is None


def test_overlap_is_shared_tokens_over_longer_span():
    text = "two Russian intelligence sources all told"
    assert attributions.overlap(text, (0, 31), (0, 31)) == 1.0
    assert attributions.overlap(text, (0, 3), (0, 31)) == 0.25
    assert attributions.overlap(text, (0, 3), (32, 35)) == 0.0


def write_brat(tmp_path, text, ann, name="doc_a"):
    (tmp_path / "text").mkdir(exist_ok=True)
    (tmp_path / "attributions").mkdir(exist_ok=True)
    (tmp_path / "text" / f"{name}.txt").write_text(text, encoding="utf-8")
    (tmp_path / "attributions" / f"{name}_0001.ann").write_text(ann, encoding="utf-8")


def test_evaluate_on_a_tiny_corpus(tmp_path):
    text = "Jane Doe said the vote failed. The mayor thinks it rains."
    ann = ("T1\tSource 0 8\tJane Doe\nT2\tCue 9 13\tsaid\nT3\tContent 14 29\tx\n"
           "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n"
           "T4\tSource 31 40\tThe mayor\nT5\tCue 41 47\tthinks\nT6\tContent 48 56\tx\n"
           "E2\tAttribution:T5 Content:T6 Cue:T5 Source:T4\n")
    write_brat(tmp_path, text, ann)
    types = tmp_path / "types.tsv"
    types.write_text("doc\tann_file\tsource_start\tsource_end\tlabel\tpronoun\tnote\tsource_text\n"
                     "doc_a.txt\tdoc_a_0001.ann\t0\t8\tnamed\t\t\tJane Doe\n"
                     "doc_a.txt\tdoc_a_0001.ann\t31\t40\tnamed\t\t\tThe mayor\n")
    result = attributions.evaluate(tmp_path, types)
    scores = result["scores"]
    # One source found (Jane Doe); "thinks" is a belief verb and out of the speech list.
    assert scores["source/all/exact"]["precision"] == 1.0
    assert scores["source/all/exact"]["recall"] == 0.5
    assert scores["source/speech_report/exact"]["f1"] == 1.0
    named = result["types"]["per_type"]["named"]
    assert named["gold"] == 2 and named["matched"] == 1 and named["correct"] == 1
    report = attributions.format_report(result)
    assert "speech_report" in report and "balanced accuracy" in report


def test_first_ann_in_sorted_order_is_used(tmp_path):
    text = "Jane Doe said the vote failed."
    write_brat(tmp_path, text, "T1\tSource 0 8\tJane Doe\nT2\tCue 9 13\tsaid\n"
               "E1\tAttribution:T2 Cue:T2 Source:T1\n", name="doc_b")
    (tmp_path / "attributions" / "doc_b_0002.ann").write_text("", encoding="utf-8")
    result = attributions.evaluate(tmp_path)
    assert result["scores"]["source/all/exact"]["gold"] == 1


@needs_polnear
def test_polnear_speech_report_sources():
    # Measured 0.903 F1 at 0.3 overlap on the tuning folds and 0.908 on the held-out fifth
    # (every 5th document, never used for tuning); this guards against regressions with a margin.
    result = attributions.evaluate(POLNEAR, fold=(5, 4))
    subset = result["scores"]["source/speech_report/overlap"]
    assert subset["f1"] >= 0.88
    assert subset["precision"] >= 0.88
    assert result["scores"]["cue/speech_report/overlap"]["f1"] >= 0.85


@needs_polnear
def test_polnear_source_types():
    # Measured: balanced accuracy 0.97 over the sources found; document sources are now found
    # ("the poll found", "Polls show", "In a CNN/ORC poll released Monday, ...").
    result = attributions.evaluate(POLNEAR, POLNEAR / "source_types.tsv")
    types = result["types"]
    assert types["balanced_accuracy_matched"] >= 0.90
    assert types["per_type"]["named"]["recall_matched"] >= 0.9
    assert types["per_type"]["document"]["matched"] >= 20
    assert types["per_type"]["document"]["recall_matched"] >= 0.8


def test_speculation_eval_on_a_tiny_csv(tmp_path):
    csv_path = tmp_path / "s.csv"
    csv_path.write_text('text,label\n"It is believed he fled.",1\n"The bridge opened in 1932.",0\n'
                        '"Perhaps it will rain.",1\n"He may be late.",1\n', encoding="utf-8")
    result = speculation.evaluate(csv_path)
    assert result["tp"] == 2 and result["fn"] == 1 and result["fp"] == 0
    assert result["precision"] == 1.0 and result["recall"] == pytest.approx(2 / 3, abs=1e-3)
    assert "F1" in speculation.format_report(result)


@needs_weasel
def test_speculation_on_wikiweasel_heldout_fifth():
    # The shipped model never saw these sentences (index % 5 == 4): measured F1 0.66; the rules
    # alone got 0.61. Scoring any other part of the file is flagged as training data.
    result = speculation.evaluate(WIKIWEASEL, fold=(5, 4))
    assert result["f1"] >= 0.63
    assert "note" not in result
    assert "note" in speculation.evaluate(WIKIWEASEL, fold=(5, 0))


def test_train_speculation_on_a_tiny_csv(tmp_path):
    pytest.importorskip("sklearn")
    from workbook.eval import train_speculation

    hedged = ["Some critics argue the film is overrated.", "It is believed that the town is old.",
              "Many scholars consider him the greatest poet.", "The song is probably his best.",
              "It has been suggested that the king was poisoned."]
    plain = ["The bridge opened in 1932.", "She was born in Paris.", "The river is 40 km long.",
             "He joined the army in 1914.", "The station has two platforms."]
    lines = ["text,label"] + [f'"{s}",1' for s in hedged * 4] + [f'"{s}",0' for s in plain * 4]
    csv_path = tmp_path / "tiny.csv"
    csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    import io
    report = train_speculation.train(csv_path, write=False, out=io.StringIO())
    # 40 sentences: only a smoke test of the protocol, not of the model's quality.
    assert {"C", "threshold", "inner_cv_f1", "heldout_fifth", "cv5", "cv5_per_fold_f1"} <= set(report)
    assert report["cv5"]["f1"] >= 0.6 and len(report["cv5_per_fold_f1"]) == 5
    assert report["threshold"] in train_speculation.THRESHOLDS


# --- claim (content) spans -------------------------------------------------------------------

CONTENT_TEXT = ('Jane Doe said the vote failed badly. Tom Roe thinks it will rain tomorrow. '
                'The mayor said "we are ready." Sam Lee said so. The plan is dead. '
                'Ann Bo claimed victory. Bo Li said the fund is empty and the road is closed.')


def _span(phrase, after=0):
    start = CONTENT_TEXT.index(phrase, after)
    return start, start + len(phrase)


def _content_fixture():
    """Gold attributions and extracted rows over CONTENT_TEXT, one case of each kind."""
    from workbook.eval.brat import GoldAttribution
    from workbook.models import Attribution

    def gold(source, cue, content, after=0):
        return GoldAttribution(_span(source), _span(cue, after), _span(content, after))

    def row(claim, cue=None, after=0):
        return Attribution(claim=_span(claim, after), cue=_span(cue, after) if cue else None,
                           suggested="named")

    mayor, sam, bo = (CONTENT_TEXT.index(w) for w in ("The mayor", "Sam Lee", "Bo Li"))
    golds = [gold("Jane Doe", "said", "the vote failed badly"),          # exact
             gold("Tom Roe", "thinks", "it will rain tomorrow"),         # too short
             gold("The mayor", "said", '"we are ready."', mayor),        # exact once trimmed
             gold("Sam Lee", "said", "The plan is dead", sam),           # wrong sentence
             gold("Ann Bo", "claimed", "victory"),                       # missed
             gold("Bo Li", "said", "the fund is empty", bo)]             # too long
    rows = [row("the vote failed badly", "said"),
            row("rain", "thinks"),
            row("we are ready", "said", mayor),
            row("Tom Roe thinks"),
            row("so", "said", sam),
            row("the fund is empty and the road is closed", "said", bo)]
    return golds, rows


def test_content_scores_count_found_golds_and_right_rows():
    from workbook.eval import content
    from workbook.extract.cues import is_speech_report_cue

    golds, rows = _content_fixture()
    speech = lambda x: bool(x.cue) and is_speech_report_cue(CONTENT_TEXT[x.cue[0]:x.cue[1]])  # noqa: E731
    counts = {"all": content.ContentCounts(), "speech_report": content.ContentCounts()}
    content.score_document(CONTENT_TEXT, rows, golds, speech, speech, counts)
    every = counts["all"].result()
    # Rows right: exact 2 of 6 (vote, ready); at 0.3 also "rain" (inside a gold) and the long
    # fund claim (17 of 40 characters inside). Golds found: exact 2 of 6; at 0.3 also "fund".
    assert every["exact"]["precision"] == round(2 / 6, 4) and every["exact"]["recall"] == round(2 / 6, 4)
    assert every["overlap"]["precision"] == round(4 / 6, 4) and every["overlap"]["recall"] == 0.5
    assert every["overlap"]["f1"] == round(2 * (4 / 6) * 0.5 / (4 / 6 + 0.5), 4)
    assert every["exact"]["misses"] == {"too_short": 1, "too_long": 1, "wrong_sentence": 1, "missed": 1}
    assert every["overlap"]["misses"] == {"too_short": 1, "too_long": 0, "wrong_sentence": 1, "missed": 1}
    # Speech-and-report: rows with said/claimed cues (4), golds with them (5: not "thinks").
    subset = counts["speech_report"].result()["overlap"]
    assert (subset["predicted"], subset["gold"]) == (4, 5)
    assert subset["precision"] == 0.75 and subset["recall"] == 0.6


def test_content_coverage_is_measured_in_characters_of_each_side():
    from workbook.eval import content

    gold, claim = (0, 10), (7, 17)
    assert content.covers(claim, gold) and content.lies_inside(claim, gold)   # 3 of 10 each
    assert not content.covers((8, 17), gold) and not content.lies_inside((8, 40), gold)
    assert content.trim('  "we are ready."', (0, 17)) == (3, 15)


def test_evaluate_reports_content_figures(tmp_path):
    text = "Jane Doe said the vote failed. The weather was fine."
    ann = ("T1\tSource 0 8\tJane Doe\nT2\tCue 9 13\tsaid\nT3\tContent 14 29\tx\n"
           "E1\tAttribution:T2 Content:T3 Cue:T2 Source:T1\n")
    write_brat(tmp_path, text, ann)
    result = attributions.evaluate(tmp_path)
    found = result["scores"]["content/speech_report/overlap"]
    assert found["gold"] == 1 and found["recall"] == 1.0
    # The unsourced second sentence is not an attribution, so it cannot lower precision.
    assert result["scores"]["content/all/overlap"]["precision"] == 1.0
    assert "too_short" in attributions.format_report(result)


@needs_polnear
def test_polnear_content_spans_heldout_fifth():
    # Measured before issue 8's extractor work: content F1 0.848 at 0.3 overlap on the
    # speech-and-report subset of the held-out fifth (0.852 on the tuning folds).
    result = attributions.evaluate(POLNEAR, fold=(5, 4))
    subset = result["scores"]["content/speech_report/overlap"]
    assert subset["f1"] >= 0.82 and subset["precision"] >= 0.9
